from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
TINY = FIXTURES / "tiny" / "scenario.yaml"
DEFAULT = ROOT / "scenarios" / "xiaoshan_2024.yaml"


@pytest.fixture
def tiny_path() -> Path:
    return TINY


def write_scenario(folder: Path, text: str, name: str = "scenario.yaml") -> Path:
    """Write a scenario that extends the tiny fixture; *text* adds or overrides keys."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"extends: {TINY.as_posix()}\n{text}", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def backtest_world(tmp_path_factory):
    """A small district with a history made with known values (tests/backtest_world.py)."""
    from tests.backtest_world import make_world

    return make_world(tmp_path_factory.mktemp("backtest_world"))

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
def three_runs(tmp_path_factory) -> dict[str, Path]:
    """Run folders of three shipped scenarios (no workbook), shared by the brief tests."""
    from landsim.cli import main

    root = tmp_path_factory.mktemp("runs")
    out = {}
    for name in ("xiaoshan_2024", "contiguity_first", "tight_budget"):
        scenario = ROOT / "scenarios" / f"{name}.yaml"
        assert main(["run", str(scenario), "-o", str(root / name), "--no-xlsx"]) == 0
        out[name] = root / name
    return out

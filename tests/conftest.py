from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
TINY = FIXTURES / "tiny" / "scenario.yaml"
DEFAULT = ROOT / "scenarios" / "xiaoshan_2024.yaml"


#: Why a test that draws Chinese is skipped on a machine without a Chinese font.
NO_CJK = (
    "needs a Chinese font to draw Chinese labels: install one (Debian/Ubuntu: "
    "apt install fonts-noto-cjk) or set LANDSIM_CJK_FONT to a font file"
)


def _has_cjk_font() -> bool:
    from landsim.plots.fonts import find_cjk_font

    return find_cjk_font(["萧山腾笼换鸟亩均连片腾退"]) is not None


def pytest_collection_modifyitems(config, items) -> None:
    """Mark tests that draw Chinese; skip them only where no Chinese font is installed.

    A test draws Chinese when it is marked ``cjk`` or parametrized with ``zh``. With
    ``LANDSIM_REQUIRE_CJK=1`` (set by .ci/run) a missing font fails the run instead.
    """
    chinese = [item for item in items if _draws_chinese(item)]
    for item in chinese:
        item.add_marker(pytest.mark.cjk)
    if not chinese or _has_cjk_font():
        return
    if os.environ.get("LANDSIM_REQUIRE_CJK") == "1":
        raise pytest.UsageError(f"LANDSIM_REQUIRE_CJK=1 but no Chinese font is found: {NO_CJK}")
    for item in chinese:
        item.add_marker(pytest.mark.skip(reason=NO_CJK))


def _draws_chinese(item) -> bool:
    if item.get_closest_marker("cjk"):
        return True
    callspec = getattr(item, "callspec", None)
    values = callspec.params.values() if callspec is not None else ()
    return any(isinstance(v, str) and v == "zh" for v in values)


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


@pytest.fixture(scope="session")
def backtest_world(tmp_path_factory):
    """A small district with a history made with known values (tests/backtest_world.py)."""
    from tests.backtest_world import make_world

    return make_world(tmp_path_factory.mktemp("backtest_world"))

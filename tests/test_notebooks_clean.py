"""Notebooks are committed without outputs (the suite executes them with nbmake)."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_four_notebooks():
    assert [p.name for p in NOTEBOOKS] == [
        "01_quick_start.ipynb",
        "02_compare_scenarios.ipynb",
        "03_your_own_data.ipynb",
        "04_backtest_and_calibrate.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_has_no_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_uses_public_names_only(path):
    """A notebook teaches by example: it imports ``landsim`` and ``landsim.plots`` only."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    inner = re.findall(r"^\s*(?:from|import)\s+(landsim\.\w+(?:\.\w+)*)", code, flags=re.M)
    assert [m for m in inner if m != "landsim.plots"] == []

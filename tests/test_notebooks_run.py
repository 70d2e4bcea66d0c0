"""Each notebook runs on a fresh kernel and shows every figure it plots.

This replaces running the notebooks through nbmake: the same execution, plus a check that
a cell calling a plot function produced an image (a figure made while the inline backend
was switched off would not show, and nbmake would not notice).
"""

from __future__ import annotations

import re

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PLOTTING = re.compile(r"\bplots\.\w+\(|\.plot\(")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_and_shows_every_figure(path, tmp_path, monkeypatch):
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mpl"))  # a fresh matplotlib
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel picks the inline backend
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    plotting = [c for c in nb.cells if c.cell_type == "code" and PLOTTING.search(c.source)]
    assert plotting, "each notebook plots something"
    for cell in plotting:
        images = [o for o in cell.outputs if "image/png" in o.get("data", {})]
        assert len(images) == 1, f"no figure shown by: {cell.source[:60]!r}"

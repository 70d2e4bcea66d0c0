"""Generated reference docs match the code; the code passes the linter."""

from __future__ import annotations

import subprocess
import sys

from landsim import reference
from tests.conftest import ROOT


def test_generated_reference_docs_are_up_to_date(tmp_path):
    for path in reference.write(tmp_path):
        committed = ROOT / "docs" / path.name
        assert committed.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), (
            f"docs/{path.name} is stale; run: python -m landsim.reference"
        )


def test_ruff_passes():
    r = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "src", "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stdout + r.stderr

"""The memory helpers: the collector paused while importing, frozen only when asked."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from landsim.memory import importing
from tests.conftest import DEFAULT


def test_importing_pauses_the_collector_and_restores_it():
    frozen = gc.get_freeze_count()
    assert gc.isenabled()
    with importing():
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen  # without keep, nothing is frozen


def test_importing_leaves_a_paused_collector_paused():
    gc.disable()
    try:
        with importing():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_importing_restores_the_collector_after_an_error():
    with pytest.raises(ImportError), importing():
        import landsim.no_such_module  # noqa: F401
    assert gc.isenabled()


def _python(code: str) -> str:
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


def test_keep_freezes_what_was_imported():
    out = _python(
        "import gc\nfrom landsim.memory import importing\n"
        "with importing(keep=True):\n    import pandas\n"
        "print(gc.get_freeze_count() > 10_000, gc.isenabled())"
    )
    assert out == "True True"


@pytest.mark.parametrize("ends", [False, True])
@pytest.mark.parametrize("command", ["run", "validate"])
def test_only_the_executable_freezes_its_imports(tmp_path, ends, command):
    """``main`` called from Python (a test, a notebook) never freezes the caller's objects."""
    words = [command, str(DEFAULT)]
    words += ["-o", str(tmp_path / "out"), "--no-xlsx"] if command == "run" else []
    out = _python(
        "import gc\nfrom landsim.cli import main\n"
        f"rc = main({words!r}, ends_process={ends})\n"
        "print(rc, gc.get_freeze_count() > 0, gc.isenabled())"
    )
    assert out.splitlines()[-1] == f"0 {ends} True"

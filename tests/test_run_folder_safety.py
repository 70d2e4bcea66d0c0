"""Run folders under stress: a second run, a race at the rename, a parent that cannot be
written, and Ctrl-C at every stage. Nothing is half-written or silently replaced."""

from __future__ import annotations

import json
import os
import sys
import time

import pytest

import landsim.cli
from landsim.cli import main
from landsim.cli import run as run_cmd
from landsim.errors import LandsimError
from landsim.io.locks import folder_lock
from landsim.report import write as write_mod
from tests.conftest import FIXTURES

HAND = str(FIXTURES / "hand" / "scenario.yaml")


def _files(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_a_second_run_into_a_locked_folder_is_refused_before_simulating(tmp_path, capsys):
    out = tmp_path / "runs" / "x"
    with folder_lock(out, what="landsim run other.yaml"):
        assert main(["run", HAND, "-o", str(out), "--no-xlsx"]) == 2
        err = capsys.readouterr().err
        assert "being written by another landsim run" in err
        assert "landsim run other.yaml" in err and "pid" in err
        assert not out.exists()
    assert main(["run", HAND, "-o", str(out), "--no-xlsx"]) == 0  # the lock is gone
    assert _files(tmp_path / "runs") == sorted(["x", *(f"x/{f}" for f in _files(out))])


def test_a_folder_written_meanwhile_is_kept_and_this_run_says_so(tmp_path, monkeypatch, capsys):
    out = tmp_path / "run"
    real = write_mod._workbook

    def slow_workbook(path, tables, *rest):  # another run (without landsim's lock) finishes
        out.mkdir()
        (out / "manifest.json").write_text(
            json.dumps({"scenario": "other", "created": "2026-01-01T09:00:00+00:00"}),
            encoding="utf-8",
        )
        real(path, tables, *rest)

    monkeypatch.setattr(write_mod, "_workbook", slow_workbook)
    assert main(["run", HAND, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "was written by another run while this one worked" in err
    assert "scenario 'other', written 2026-01-01T09:00:00+00:00" in err
    assert _files(out) == ["manifest.json"]  # the winner's folder, untouched
    assert _files(tmp_path) == ["run", "run/manifest.json"]  # no temporary, no lock


def test_an_unwritable_parent_is_found_before_simulating(tmp_path, monkeypatch, capsys):
    def never(*args, **kwargs):
        raise AssertionError("simulated before checking the output folder")

    monkeypatch.setattr("landsim.runs.run", never)
    target = "/proc/landsim-out/run" if sys.platform.startswith("linux") else None
    if target is None:  # pragma: no cover - other systems: a read-only folder
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o555)
        target = str(locked / "run")
    assert main(["run", HAND, "-o", target, "--no-xlsx"]) == 2
    err = capsys.readouterr().err
    assert f"cannot write the output folder {target}" in err
    assert ".landsim-tmp" not in err  # the folder the user gave, not a temporary


def test_ctrl_c_during_start_up_is_one_line(monkeypatch, capsys):
    def interrupted(name):
        raise KeyboardInterrupt

    monkeypatch.setattr(landsim.cli, "command", interrupted)
    assert main(["validate", HAND]) == 130
    assert capsys.readouterr().err == "interrupted; no output was written\n"


def test_ctrl_c_inside_compiled_code_is_an_interrupt_not_an_error(tmp_path, monkeypatch, capsys):
    def interrupted(*args, **kwargs):  # what Python raises when a Ctrl-C lands there
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as exc:
            raise SystemError("<function> returned a result with an exception set") from exc

    monkeypatch.setattr("landsim.runs.run", interrupted)
    out = tmp_path / "runs" / "x"
    assert main(["run", HAND, "-o", str(out), "--no-xlsx"]) == 130
    assert capsys.readouterr().err == "interrupted; no output was written\n"
    assert _files(tmp_path) == []


def test_other_system_errors_are_still_errors(tmp_path, monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise SystemError("something else")

    monkeypatch.setattr("landsim.runs.run", broken)
    assert main(["run", HAND, "-o", str(tmp_path / "x"), "--no-xlsx"]) not in (0, 130)
    assert "interrupted" not in capsys.readouterr().err


def test_ctrl_c_while_simulating_leaves_nothing(tmp_path, monkeypatch, capsys):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("landsim.runs.run", interrupted)
    out = tmp_path / "runs" / "x"
    assert main(["run", HAND, "-o", str(out), "--no-xlsx"]) == 130
    assert capsys.readouterr().err == "interrupted; no output was written\n"
    assert _files(tmp_path) == []  # no folder, no lock, no parent created for nothing


def test_ctrl_c_while_writing_leaves_nothing(tmp_path, monkeypatch, capsys):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("landsim.report.write._workbook", interrupted)
    assert main(["run", HAND, "-o", str(tmp_path / "x")]) == 130
    assert capsys.readouterr().err.count("\n") == 1
    assert _files(tmp_path) == []


def test_ctrl_c_after_writing_says_the_folder_is_complete(tmp_path, monkeypatch, capsys):
    def interrupted(*args, **kwargs):
        if str(args[0]).lstrip().startswith(("Wrote", "已写入")):  # the last line, after the files
            raise KeyboardInterrupt
        print(*args, **kwargs)

    monkeypatch.setattr(run_cmd, "print", interrupted, raising=False)
    out = tmp_path / "x"
    assert main(["run", HAND, "-o", str(out), "--no-xlsx"]) == 130
    assert capsys.readouterr().err == f"interrupted; the run folder {out} was written completely\n"
    assert (out / "manifest.json").is_file()


def test_ctrl_c_while_the_lock_is_let_go_says_the_folder_is_complete(tmp_path, monkeypatch, capsys):
    # the folder was renamed into place, then Ctrl-C came as the lock was released:
    # "no output was written", over a complete folder
    import contextlib

    real = run_cmd.folder_lock

    @contextlib.contextmanager
    def late(*args, **kwargs):
        with real(*args, **kwargs):
            yield
        raise KeyboardInterrupt

    monkeypatch.setattr(run_cmd, "folder_lock", late)
    out = tmp_path / "x"
    assert main(["run", HAND, "-o", str(out), "--no-xlsx"]) == 130
    assert capsys.readouterr().err == f"interrupted; the run folder {out} was written completely\n"
    assert (out / "manifest.json").is_file()


def test_ctrl_c_inside_a_finalizer_is_not_lost(tmp_path, monkeypatch, capsys):
    # Python drops a KeyboardInterrupt raised in a __del__ ("Exception ignored in"); on a
    # loaded machine a Ctrl-C that landed there let the run go on to the end
    import gc

    real = run_cmd._simulate_and_write

    class Finalized:
        def __del__(self):
            raise KeyboardInterrupt

    def simulate(*args, **kwargs):
        Finalized()  # collected at once: its __del__ meets the Ctrl-C
        gc.collect()
        time.sleep(1.0)  # simulating: the Ctrl-C, sent again, arrives here
        return real(*args, **kwargs)

    monkeypatch.setattr(run_cmd, "_simulate_and_write", simulate)
    out = tmp_path / "x"
    assert main(["run", HAND, "-o", str(out), "--no-xlsx"]) == 130
    err = capsys.readouterr().err
    assert err == "interrupted; no output was written\n"  # nothing printed as "ignored"
    assert not out.exists()


def test_the_figures_are_shown_before_the_files_are_written(tmp_path, monkeypatch, capsys):
    def interrupted(res, lang):  # Ctrl-C while the figures are printed: nothing is written yet
        raise KeyboardInterrupt

    monkeypatch.setattr(run_cmd, "headline", interrupted)
    assert main(["run", HAND, "-o", str(tmp_path / "x")]) == 130
    assert capsys.readouterr().err.count("\n") == 1
    assert _files(tmp_path) == []


def test_the_lock_refuses_a_second_holder(tmp_path):
    out = tmp_path / "x"
    with (
        folder_lock(out, what="first"),
        pytest.raises(LandsimError, match="first"),
        folder_lock(out, what="second"),
    ):
        pass
    assert _files(tmp_path) == []  # released and removed


def test_brief_and_compare_never_write_over_the_runs_they_read(tmp_path, capsys):
    # `brief RUN -o RUN --force` replaced the run folder with the brief: long.csv,
    # parcels and the manifest were gone
    runs = tmp_path / "runs"
    a, b = runs / "a", runs / "b"
    for out in (a, b):
        assert main(["run", HAND, "-o", str(out), "--no-xlsx"]) == 0
    before = _files(a)
    for argv, given in (
        (["brief", str(a), "-o", str(a), "--force"], a),
        (["compare", str(a), str(b), "-o", str(b), "--force"], b),
        (["compare", str(a), str(b), "-o", str(runs), "--force"], a),
    ):
        capsys.readouterr()
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert f"{given}, which this command reads" in err and "Traceback" not in err
    assert _files(a) == before and (b / "long.csv").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="process ids are not asked about on Windows")
def test_a_killed_runs_hidden_folder_is_removed_by_the_next_write(tmp_path):
    # a back-test killed with SIGTERM left .landsim-tmp-…/ with its tables for good
    import subprocess
    import time

    from landsim.io.atomic import STALE_AFTER_S, TMP_PREFIX, atomic_folder

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    left = tmp_path / f"{TMP_PREFIX}{gone.pid}-abc"
    recent = tmp_path / f"{TMP_PREFIX}{gone.pid}-ghi"  # maybe another computer's: kept
    mine = tmp_path / f"{TMP_PREFIX}{os.getpid()}-def"  # a running process's: kept
    for folder in (left, recent, mine):
        folder.mkdir()
        (folder / "parcels.csv").write_text("x\n", encoding="utf-8")
    old = time.time() - 2 * STALE_AFTER_S
    for folder in (left, mine):
        os.utime(folder, (old, old))
    with atomic_folder(tmp_path / "run") as tmp:
        (tmp / "a.csv").write_text("a\n", encoding="utf-8")
    assert not left.exists() and recent.exists() and mine.exists()
    assert (tmp_path / "run" / "a.csv").exists()

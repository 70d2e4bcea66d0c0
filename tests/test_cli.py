from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from landsim.cli import main
from tests.conftest import DEFAULT, FIXTURES, ROOT


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "landsim", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


def test_validate_default_prints_a_summary():
    r = run("validate", DEFAULT, "--lang", "en")
    assert r.returncode == 0, r.stderr
    bundled = pd.read_csv(ROOT / "data" / "xiaoshan_synthetic.csv")
    assert f"{len(bundled):,}" in r.stdout and f"{bundled['area_mu'].sum():,.1f}" in r.stdout
    assert "Xiaoshan ETDZ (etdz)" in r.stdout and "OK:" in r.stdout


def test_validate_in_chinese(capsys):
    from landsim.scenario import bundled

    assert main(["validate", str(DEFAULT), "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "萧山经济技术开发区（etdz）" in out
    # the bundled programme it extends, and where to read its sources
    programme = bundled.path_of("landsim:xiaoshan_2024")
    said = f"继承       landsim:xiaoshan_2024\n{' ' * 11}landsim:xiaoshan_2024 位于 {programme}"
    assert said in out


def test_bad_scenario_exits_nonzero_without_traceback():
    r = run("validate", FIXTURES / "bad_scenarios" / "unknown_key.yaml")
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert "did you mean 'encoding'?" in r.stderr
    assert r.stdout == ""


def test_bad_inventory_lists_each_problem(tmp_path):
    scn = tmp_path / "s.yaml"
    bad = (FIXTURES / "bad_inventories" / "many_problems.csv").as_posix()
    tiny = (FIXTURES / "tiny" / "scenario.yaml").as_posix()
    scn.write_text(f"extends: {tiny}\ninventory: {{path: {bad}}}\n", encoding="utf-8")
    r = run("validate", scn)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert len([ln for ln in r.stderr.splitlines() if ln.startswith("  ")]) == 5


def test_debug_shows_the_traceback():
    from landsim.errors import InputError

    with pytest.raises(InputError):
        main(["--debug", "validate", str(FIXTURES / "bad_scenarios" / "unknown_key.yaml")])


def test_missing_file_is_a_clear_error():
    r = run("validate", "no/such/scenario.yaml")
    assert r.returncode == 2 and "file not found" in r.stderr and "Traceback" not in r.stderr


def test_synth_refuses_to_overwrite(tmp_path):
    out = tmp_path / "s.csv"
    assert run("synth", out, "--parcels", "200").returncode == 0
    first = out.read_bytes()
    r = run("synth", out, "--parcels", "300")
    assert r.returncode == 2 and "--force" in r.stderr
    assert out.read_bytes() == first
    assert run("synth", out, "--parcels", "300", "--force").returncode == 0
    assert out.read_bytes() != first


def test_help_lists_every_command_with_its_own_line():
    import argparse

    from landsim import cli

    full = cli.parser()
    actions = [a for a in full._actions if isinstance(a, argparse._SubParsersAction)]
    lines = {c.dest: c.help for c in actions[0]._choices_actions}
    assert lines == cli.COMMANDS  # the table --help shows is each module's own line


def test_a_bad_scenario_is_refused_before_the_model_is_imported(tmp_path):
    bad = tmp_path / "s.yaml"
    bad.write_text("seed: !!python/name:os.system\n", encoding="utf-8")
    code = (
        "import sys\nfrom landsim.cli import main\n"
        f"rc = main(['run', {str(bad)!r}, '-o', {str(tmp_path / 'out')!r}])\n"
        "heavy = ('pandas', 'scipy', 'matplotlib', 'landsim.runs')\n"
        "heavy = [m for m in heavy if m in sys.modules]\n"
        "print(rc, heavy)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.stdout.strip() == "2 []", r.stdout + r.stderr
    assert "YAML tag !!python/name:os.system is not allowed" in r.stderr


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def test_the_executable_ends_after_exit_handlers_with_its_code():
    r = _python(
        "import atexit; atexit.register(lambda: print('handler ran'))\n"
        "from landsim.cli import end\n"
        "print('output', end=' ')\n"
        "end(3)"
    )
    assert (r.returncode, r.stdout) == (3, "output handler ran\n")


def test_the_executable_waits_for_a_thread_still_running():
    r = _python(
        "import threading, time\n"
        "threading.Thread(target=lambda: (time.sleep(0.3), print('thread done'))).start()\n"
        "from landsim.cli import end\n"
        "end(0)"
    )
    assert (r.returncode, r.stdout) == (0, "thread done\n")


def test_the_executable_does_not_tear_python_down_around_a_daemon_thread(monkeypatch):
    """A daemon thread left running (Dask's ``Dask-Offload`` after a Ctrl-C) is never
    waited for: the process ends at once, as with no thread, instead of Python's
    teardown, which the thread now and then crashed (exit −11 after "interrupted")."""
    import atexit
    import threading

    from landsim import cli

    calls = []
    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: calls.append("handlers"))
    monkeypatch.setattr(cli.os, "_exit", lambda code: calls.append(("ended", code)))
    monkeypatch.setattr(cli.sys, "exit", lambda code: calls.append(("torn down", code)))
    stop = threading.Event()
    daemon = threading.Thread(target=stop.wait, daemon=True)
    daemon.start()
    try:
        cli.end(130)
    finally:
        stop.set()
        daemon.join()
    assert calls == ["handlers", ("ended", 130)]


def test_version_is_printed_when_asked(capsys):
    from landsim.version import installed_version

    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"landsim {installed_version()}\n"


def _commands_with_an_output_option() -> list[str]:
    from landsim import cli

    full = cli.parser()
    sub = next(a for a in full._actions if a.dest == "command")
    return [
        name for name, p in sub.choices.items() if any("-o" in a.option_strings for a in p._actions)
    ]


def test_every_command_that_writes_has_an_output_option():
    assert {"run", "brief", "compare", "sensitivity", "backtest", "calibrate", "sweep", "init"} <= (
        set(_commands_with_an_output_option())
    )


@pytest.mark.parametrize("name", _commands_with_an_output_option())
@pytest.mark.parametrize("given", ["", " "])
def test_an_empty_output_is_refused_by_every_command(name, given, capsys):
    # -o "" was read as "." and reported as ". already exists"
    with pytest.raises(SystemExit) as stop:
        main([name, "-o", given])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "-o/--" in err and ": empty; give the name of the folder (or file) to write" in err
    assert "already exists" not in err


@pytest.mark.parametrize("given", ["", ".", ".."])
def test_the_current_folder_is_never_an_output_folder(given, tmp_path, monkeypatch):
    from pathlib import Path

    from landsim.errors import LandsimError
    from landsim.io.atomic import check_writable_folder

    here = tmp_path / "work"
    here.mkdir()
    (here / "notes.txt").write_text("mine", encoding="utf-8")
    monkeypatch.chdir(here)
    with pytest.raises(LandsimError, match="the current folder; give -o the name of a new"):
        check_writable_folder(Path(given), force=True)
    assert (here / "notes.txt").read_text(encoding="utf-8") == "mine"

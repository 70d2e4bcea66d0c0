"""Writing one file in a forked child while the block writes the others."""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest

from landsim.errors import LandsimError
from landsim.io import alongside as module
from landsim.io.alongside import alongside, can_fork
from tests.conftest import FIXTURES


def _pid_to(path: Path):
    return lambda: path.write_text(str(os.getpid()))


def _no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks on Linux only")
def test_the_writer_runs_in_a_child_while_the_block_runs(tmp_path):
    assert can_fork()  # the test process runs no other Python thread
    ran = []
    with alongside(_pid_to(tmp_path / "pid"), what="a file"):
        ran.append(os.getpid())
    assert int((tmp_path / "pid").read_text()) not in (0, os.getpid())
    assert ran == [os.getpid()]
    assert _no_children_left()


def test_with_another_thread_running_the_writer_runs_here_first(tmp_path):
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork()
        with alongside(_pid_to(tmp_path / "pid"), what="a file"):
            assert (tmp_path / "pid").read_text() == str(os.getpid())  # already written
    finally:
        stop.set()
        thread.join()


def _fail():
    raise LandsimError("disk full: results.xlsx")


def test_the_writers_error_is_raised_after_the_block():
    done = []
    with (
        pytest.raises(LandsimError, match=r"disk full: results\.xlsx"),
        alongside(_fail, what="a file"),
    ):
        done.append(True)
    assert done == [True]
    assert _no_children_left()


class _UnpicklableError(Exception):
    def __reduce__(self):
        raise TypeError("no")


def _fail_oddly():
    raise _UnpicklableError("odd")


def test_an_error_that_does_not_pickle_still_arrives_by_name():
    with (
        pytest.raises(RuntimeError, match="_UnpicklableError: odd"),
        alongside(_fail_oddly, what="a file"),
    ):
        pass


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks on Linux only")
def test_a_killed_writer_is_an_error_that_says_which_file():
    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    stopped = r"writing the workbook results\.xlsx stopped: its process was killed \(SIGKILL\)"
    with (
        pytest.raises(LandsimError, match=stopped),
        alongside(die, what="the workbook results.xlsx"),
    ):
        pass
    assert _no_children_left()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks on Linux only")
def test_an_error_in_the_block_stops_the_writer(tmp_path):
    import time

    def slow():
        time.sleep(20)
        (tmp_path / "late").write_text("written by a writer that was waited for")

    with pytest.raises(KeyboardInterrupt), alongside(slow, what="a file"):
        raise KeyboardInterrupt
    assert not (tmp_path / "late").exists()  # stopped, not waited for
    assert _no_children_left()


def test_the_workbook_is_the_same_written_alongside_or_here(tmp_path, monkeypatch):
    import landsim
    from landsim.report.write import write_tables

    res = landsim.run(FIXTURES / "hand" / "scenario.yaml")
    tables = {
        "long": res.long,
        "parcels": res.parcels,
        "shortfalls": res.shortfalls,
        "projects": res.projects,
    }
    write_tables(tmp_path / "child", tables, res.scenario)
    monkeypatch.setattr(module, "can_fork", lambda: False)
    write_tables(tmp_path / "here", tables, res.scenario)
    child = pd.read_excel(tmp_path / "child" / "results.xlsx", sheet_name=None)
    here = pd.read_excel(tmp_path / "here" / "results.xlsx", sheet_name=None)
    assert list(child) == list(here) and len(child) == 5  # the headline sheet first
    for name in here:
        pd.testing.assert_frame_equal(child[name], here[name])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks on Linux only")
def test_ctrl_c_while_waiting_for_the_writer_stops_it(tmp_path):
    import time

    def slow():
        time.sleep(20)
        (tmp_path / "late").write_text("written by a writer that was waited for")

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        with pytest.raises(KeyboardInterrupt), alongside(slow, what="a file"):
            signal.setitimer(signal.ITIMER_REAL, 0.3)  # fires once the block is done
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert not (tmp_path / "late").exists()
    assert _no_children_left()

"""Progress on standard error: a bar on a terminal, lines in a log, phases, time left."""

from __future__ import annotations

import io

import pytest

from landsim.cli import progress as progress_mod
from landsim.cli.progress import progress_bar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves by hand."""
    now = [1000.0]
    monkeypatch.setattr(progress_mod.time, "monotonic", lambda: now[0])
    return now


def test_a_log_gets_a_line_now_and_then_and_the_last(clock):
    log = io.StringIO()
    update = progress_bar("variants", stream=log, every_s=60)
    for done in range(1, 11):
        clock[0] += 20  # a variant every 20 s
        update(done, 10)
    lines = log.getvalue().splitlines()
    assert lines[0] == "variants 3/10 1m00s elapsed, 2m20s left"
    assert lines[-1] == "variants 10/10 3m20s elapsed"
    assert len(lines) == 4  # at 60, 120, 180 s and the end
    assert "\r" not in log.getvalue()


def test_a_quick_run_in_a_log_stays_quiet(clock):
    log = io.StringIO()
    update = progress_bar("draws", stream=log)
    for done in range(1, 5):
        clock[0] += 1
        update(done, 4)
    assert log.getvalue() == ""


def test_run_names_years_then_draws_and_times_the_draws_from_the_cluster_ready(clock):
    term = Terminal()
    update = progress_bar(("years", "draws"), stream=term, min_seconds=0)
    for t in (1, 2):
        clock[0] += 0.1
        update(t, 2)
    clock[0] += 5.0  # a cluster starts, then the first chunk of 25 draws ends
    update(25, 200)
    assert "time left unknown yet" not in term.getvalue().split("\r")[-1]
    first = term.getvalue().split("\r")[-1]
    assert first.startswith("draws [") and "25/200 5.0s elapsed" in first
    update(50, 200)  # a second worker's chunk ends at the same moment: no pace yet
    assert term.getvalue().split("\r")[-1].endswith("50/200 5.0s elapsed, 15.0s left")
    clock[0] += 2.0  # two more chunks: 75 draws in 2 s since the first update
    update(100, 200)
    assert term.getvalue().split("\r")[-1].endswith("100/200 7.0s elapsed, 2.7s left")
    assert term.getvalue().split("\r")[2].startswith("years [") and "2/2" in term.getvalue()


def test_a_resumed_sweep_counts_its_pace_from_what_this_command_did(clock):
    term = Terminal()
    update = progress_bar("variants", stream=term, min_seconds=0, already=6)
    clock[0] += 30  # the first variant of this command: 30 s
    update(7, 10)
    assert term.getvalue().endswith("7/10 30.0s elapsed, 1m30s left")  # 3 more at 30 s


@pytest.mark.parametrize(("seconds", "text"), [(4.24, "4.2s"), (185, "3m05s"), (7800, "2h10m")])
def test_durations_read_as_a_person_would_say_them(seconds, text):
    assert progress_mod._duration(seconds) == text


def test_a_chinese_command_writes_its_progress_in_chinese(clock):
    log = io.StringIO()
    update = progress_bar("方案", stream=log, every_s=60, lang="zh")
    for done in range(1, 11):
        clock[0] += 20
        update(done, 10)
    lines = log.getvalue().splitlines()
    assert lines[0] == "方案 3/10，已用1分00秒，剩余约2分20秒"
    assert lines[-1] == "方案 10/10，已用3分20秒"
    term = Terminal()
    update = progress_bar("抽样", stream=term, min_seconds=0, lang="zh")
    clock[0] += 5.0
    update(0, 200)
    assert term.getvalue() == f"\r抽样 [{'.' * 30}] 0/200，已用5.0秒，剩余时间尚无法估计"
    update(25, 200)
    assert term.getvalue().endswith(f"\r抽样 [###{'.' * 27}] 25/200，已用5.0秒，剩余约35.0秒")


@pytest.mark.parametrize(
    ("seconds", "text"), [(4.24, "4.2秒"), (185, "3分05秒"), (7800, "2小时10分")]
)
def test_chinese_durations(seconds, text):
    assert progress_mod._duration(seconds, "zh") == text


def test_the_end_of_a_phase_is_shown_once_however_often_it_is_reported(clock):
    # a calibration counts draws against an estimated total and reports it again and
    # again once it is reached: a log got a line, a terminal a new bar, at every report
    log, term = io.StringIO(), Terminal()
    updates = [progress_bar("calibrating", stream=s, min_seconds=0) for s in (log, term)]
    for update in updates:
        clock[0] += 70
        update(50, 100)
        clock[0] += 30
        update(100, 100)
        for _ in range(5):
            clock[0] += 1
            update(100, 100)
    assert log.getvalue().splitlines() == [
        "calibrating 50/100 1m10s elapsed, 1m10s left",
        "calibrating 100/100 1m40s elapsed",
    ]
    assert term.getvalue().count("\n") == 1 and term.getvalue().count("100/100") == 1

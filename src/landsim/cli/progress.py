"""Progress on standard error: a bar on a terminal, a line now and then in a log file."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

#: Seconds between progress lines when standard error is not a terminal (a batch job's
#: log: assumption, a line a minute tells a Slurm user the job is alive without
#: filling the log).
LOG_EVERY_S = 60.0
#: Width of the bar, in characters.
WIDTH = 30
#: The words of a progress line: (zh, en). English lines read "draws 25/200 5.0s elapsed,
#: 15.0s left"; Chinese ones "抽样 25/200，已用5.0秒，剩余约15.0秒".
WORDS: dict[str, tuple[str, str]] = {
    "elapsed": ("，已用{time}", " {time} elapsed"),
    "left": ("，剩余约{time}", ", {time} left"),
    "unknown": ("，剩余时间尚无法估计", ", time left unknown yet"),
}
#: Units of a duration: seconds, minutes, hours (zh, en).
UNITS = {"zh": ("秒", "分", "小时"), "en": ("s", "m", "h")}


def progress_bar(
    label: str | Sequence[str],
    *,
    stream=None,
    min_seconds: float = 0.5,
    every_s: float = LOG_EVERY_S,
    already: int = 0,
    lang: str = "en",
) -> Callable[[int, int], None]:
    """Return ``update(done, total)`` that shows progress on *stream* (standard error).

    On a terminal, a bar redrawn in place, once a run has taken *min_seconds* (quick runs
    stay quiet). Elsewhere (a log file, a batch job), one line every *every_s* seconds.
    *label* may name phases in turn (e.g. ``("years", "draws")``): a count that starts
    again, or a new total, begins the next phase, timed from the last update of the one
    before. The time left is estimated from the pace since the phase's first update once
    later updates have come over a quarter of the time that one took (a cluster's start
    does not count in it), before that since the phase's start; *already* counts what
    was done before this command (a resumed sweep's variants). The counts and times are
    written in *lang* (``"zh"`` or ``"en"``), as the command's console is; *label* is
    given in it.
    """
    out = stream or sys.stderr
    labels = [label] if isinstance(label, str) else list(label)
    state = _Phase(labels[0], time.monotonic(), already, lang=lang)
    on_terminal = getattr(out, "isatty", lambda: False)()

    def update(done: int, total: int) -> None:
        nonlocal state
        if state.updates and _next_phase(state, done, total, len(labels)):
            following = min(labels.index(state.label) + 1, len(labels) - 1)
            state = _Phase(labels[following], state.last, lang=lang)
        state.note(done, total)
        if on_terminal:
            _draw(out, state, min_seconds)
        else:
            _log(out, state, every_s)

    return update


@dataclass
class _Phase:
    """One phase's progress: its start, its first update, the last."""

    label: str
    start: float
    already: int = 0
    lang: str = "en"
    first: tuple[float, int] = (0.0, 0)
    updates: int = 0
    done: int = 0
    total: int = 0
    last: float = 0.0
    logged: float = 0.0
    ended: bool = False  # its last line is shown: a count reported again at the end is not

    def note(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.updates:
            self.first, self.logged = (now, done), self.start
        self.done, self.total, self.last = done, total, now
        self.updates += 1

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def left(self) -> float | None:
        """Seconds left at the phase's pace; None before there is one."""
        at, count = self.first
        # from the first update once later ones have come over a while (two workers'
        # chunks end together: a pace between them means nothing), else from the start
        if self.updates < 2 or time.monotonic() - at < (at - self.start) / 4:
            at, count = self.start, self.already
        if self.done <= count:
            return None
        return (time.monotonic() - at) / (self.done - count) * (self.total - self.done)


def _next_phase(state: _Phase, done: int, total: int, phases: int) -> bool:
    """Whether a report begins the next phase: its count starts again, or its total changes.

    The total of a command of one phase may grow as it goes (a calibration finds that a
    finer grid must be centred again): that is the same phase, its pace kept.
    """
    if done < state.done:
        return True
    return total != state.total and not (phases == 1 and total > state.total)


def _draw(out, phase: _Phase, min_seconds: float) -> None:
    if phase.ended or (phase.elapsed() < min_seconds and phase.done < phase.total):
        return
    filled = int(WIDTH * phase.done / max(phase.total, 1))
    out.write(f"\r{phase.label} [{'#' * filled}{'.' * (WIDTH - filled)}] {_counts(phase)}")
    if phase.done >= phase.total:
        out.write("\n")
        phase.ended = True
    out.flush()


def _log(out, phase: _Phase, every_s: float) -> None:
    now = time.monotonic()
    last = phase.done >= phase.total
    if phase.ended or (now - phase.logged < every_s and not (last and phase.elapsed() >= every_s)):
        return
    phase.logged, phase.ended = now, last
    out.write(f"{phase.label} {_counts(phase)}\n")
    out.flush()


def _counts(phase: _Phase) -> str:
    k = 0 if phase.lang == "zh" else 1
    left = phase.left()
    ahead = "" if phase.done >= phase.total else WORDS["unknown"][k]
    if left is not None and phase.done < phase.total:
        ahead = WORDS["left"][k].format(time=_duration(left, phase.lang))
    elapsed = WORDS["elapsed"][k].format(time=_duration(phase.elapsed(), phase.lang))
    return f"{phase.done}/{phase.total}{elapsed}{ahead}"


def _duration(seconds: float, lang: str = "en") -> str:
    """``4.2s``, ``3m05s`` or ``2h10m``; in Chinese ``4.2秒``, ``3分05秒`` or ``2小时10分``."""
    s, m, h = UNITS["zh" if lang == "zh" else "en"]
    if seconds < 60:
        return f"{seconds:.1f}{s}"
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes}{m}{secs:02d}{s}"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}{h}{minutes:02d}{m}"

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


def progress_bar(
    label: str | Sequence[str],
    *,
    stream=None,
    min_seconds: float = 0.5,
    every_s: float = LOG_EVERY_S,
    already: int = 0,
) -> Callable[[int, int], None]:
    """Return ``update(done, total)`` that shows progress on *stream* (standard error).

    On a terminal, a bar redrawn in place, once a run has taken *min_seconds* (quick runs
    stay quiet). Elsewhere (a log file, a batch job), one line every *every_s* seconds.
    *label* may name phases in turn (e.g. ``("years", "draws")``): a count that starts
    again, or a new total, begins the next phase, timed from the last update of the one
    before. The time left is estimated from the pace since the phase's first update once
    later updates have come over a quarter of the time that one took (a cluster's start
    does not count in it), before that since the phase's start; *already* counts what
    was done before this command (a resumed sweep's variants).
    """
    out = stream or sys.stderr
    labels = [label] if isinstance(label, str) else list(label)
    state = _Phase(labels[0], time.monotonic(), already)
    on_terminal = getattr(out, "isatty", lambda: False)()

    def update(done: int, total: int) -> None:
        nonlocal state
        if state.updates and (done < state.done or total != state.total):
            following = min(labels.index(state.label) + 1, len(labels) - 1)
            state = _Phase(labels[following], state.last)
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
    first: tuple[float, int] = (0.0, 0)
    updates: int = 0
    done: int = 0
    total: int = 0
    last: float = 0.0
    logged: float = 0.0

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


def _draw(out, phase: _Phase, min_seconds: float) -> None:
    if phase.elapsed() < min_seconds and phase.done < phase.total:
        return
    filled = int(WIDTH * phase.done / max(phase.total, 1))
    out.write(f"\r{phase.label} [{'#' * filled}{'.' * (WIDTH - filled)}] {_counts(phase)}")
    if phase.done >= phase.total:
        out.write("\n")
    out.flush()


def _log(out, phase: _Phase, every_s: float) -> None:
    now = time.monotonic()
    last = phase.done >= phase.total
    if now - phase.logged < every_s and not (last and phase.elapsed() >= every_s):
        return
    phase.logged = now
    out.write(f"{phase.label} {_counts(phase)}\n")
    out.flush()


def _counts(phase: _Phase) -> str:
    left = phase.left()
    ahead = "" if phase.done >= phase.total else ", time left unknown yet"
    if left is not None and phase.done < phase.total:
        ahead = f", {_duration(left)} left"
    return f"{phase.done}/{phase.total} {_duration(phase.elapsed())} elapsed{ahead}"


def _duration(seconds: float) -> str:
    """``4.2s``, ``3m05s`` or ``2h10m``."""
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes}m{secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"

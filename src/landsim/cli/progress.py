"""A small progress bar on standard error, shown only on a terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable


def progress_bar(
    label: str, *, stream=None, min_seconds: float = 0.5
) -> Callable[[int, int], None] | None:
    """Return ``update(done, total)`` drawing a bar, or ``None`` when not on a terminal.

    The bar appears only once a run has taken *min_seconds*, so quick runs stay quiet.
    """
    out = stream or sys.stderr
    if not getattr(out, "isatty", lambda: False)():
        return None
    start = time.monotonic()

    def update(done: int, total: int) -> None:
        elapsed = time.monotonic() - start
        if elapsed < min_seconds and done < total:
            return
        width = 30
        filled = int(width * done / max(total, 1))
        eta = elapsed / done * (total - done) if done else 0.0
        out.write(
            f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} "
            f"{elapsed:5.1f}s elapsed, {eta:5.1f}s left"
        )
        if done >= total:
            out.write("\n")
        out.flush()

    return update

"""Peak resident memory during a block of code (Linux: reads /proc/self/status)."""

from __future__ import annotations

import threading
import time
from pathlib import Path


def rss_mb() -> float:
    """Current resident set size of this process, MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class PeakRSS:
    """``with PeakRSS() as peak: ...``; then ``peak.mb`` and ``peak.above_start_mb``."""

    def __enter__(self) -> PeakRSS:
        self.start = self.mb = rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def _watch(self) -> None:
        while not self._stop.is_set():
            self.mb = max(self.mb, rss_mb())
            time.sleep(0.005)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.mb = max(self.mb, rss_mb())

    @property
    def above_start_mb(self) -> float:
        """Peak minus the resident size when the block started."""
        return self.mb - self.start

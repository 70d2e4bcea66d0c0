"""Give memory freed between stages back to the operating system.

Loading and compiling a large inventory allocate and free a lot: the parser's cells,
the cells' intermediate arrays, the neighbour table's ids, the graph's scratch arrays.
glibc's heap and pyarrow's memory pool keep freed blocks for reuse, so the process
stays large (about 400 MB more after loading a million parcels) although the run never
needs those blocks again. :func:`give_back` returns them at the end of each such stage
(reading, typing the cells, loading, preparing, compiling). It changes no data, takes
well under a millisecond, and does nothing where neither allocator is in use.
"""

from __future__ import annotations

import contextlib
import ctypes
import sys


def give_back() -> None:
    """Return freed heap memory (glibc) and pyarrow's unused pool memory to the OS."""
    arrow = sys.modules.get("pyarrow")
    if arrow is not None:  # only if something loaded it: importing it costs time
        arrow.default_memory_pool().release_unused()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):  # musl has no malloc_trim
            ctypes.CDLL(None).malloc_trim(0)  # the C library the interpreter runs on

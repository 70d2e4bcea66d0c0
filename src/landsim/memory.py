"""Memory: give freed memory back to the system; keep imports out of the collector's way.

Loading and compiling a large inventory allocate and free a lot: the parser's cells,
the cells' intermediate arrays, the neighbour table's ids, the graph's scratch arrays.
glibc's heap and pyarrow's memory pool keep freed blocks for reuse, so the process
stays large (about 400 MB more after loading a million parcels) although the run never
needs those blocks again. :func:`give_back` returns them at the end of each such stage
(reading, typing the cells, loading, preparing, compiling). It changes no data, takes
well under a millisecond, and does nothing where neither allocator is in use.

Commands import their libraries inside :func:`importing`, which pauses the cyclic
garbage collector while the import creates its many long-lived objects.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import sys
from collections.abc import Iterator


def give_back() -> None:
    """Return freed heap memory (glibc) and pyarrow's unused pool memory to the OS."""
    arrow = sys.modules.get("pyarrow")
    if arrow is not None:  # only if something loaded it: importing it costs time
        arrow.default_memory_pool().release_unused()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):  # musl has no malloc_trim
            ctypes.CDLL(None).malloc_trim(0)  # the C library the interpreter runs on


@contextlib.contextmanager
def importing(*, keep: bool = False) -> Iterator[None]:
    """Import a command's libraries with the cyclic garbage collector paused.

    Importing pandas, numba, SciPy and the scenario's pydantic models creates several
    hundred thousand objects, and nearly all of them live as long as the process. While
    they pile up, Python's collector walks every one of them again at each full
    collection: four times during ``landsim run``, about 0.25 s for nothing. Inside this
    block it does not run; afterwards it runs as before.

    Parameters
    ----------
    keep
        Also move every object alive at the end of the block out of the collector's view
        (:func:`gc.freeze`), so later collections walk only newer objects. Only for a
        process that ends with its command (the ``landsim`` executable): an object frozen
        here that later becomes part of a garbage cycle is not freed until the process
        ends, which in a notebook or a test session could be a long time.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep:
            gc.freeze()
        if was_on:
            gc.enable()

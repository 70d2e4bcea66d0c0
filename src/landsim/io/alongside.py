"""Write one slow file in a child process while this process writes the others.

``landsim run`` spends most of its writing time on the workbook: xlsxwriter is pure
Python, about 0.8 s for the bundled inventory, while the CSV, Parquet and metadata files
take about 0.1 s. On Linux, :func:`alongside` forks a child that writes the slow file
straight from this process's memory (nothing is copied or pickled), and the block writes
the rest meanwhile. The block ends when both are done, so the run folder is complete
before it is moved into place.

Elsewhere, and whenever a fork would not be safe, the writer simply runs first, in this
process: Windows has no fork; macOS's system libraries do not survive one; another
Python thread (a Dask client, say) could hold a lock the child then waits on forever.

An error in the child (a full disk, Ctrl-C) is raised in this process after the block,
as it was raised there. An error in the block (Ctrl-C again) stops the child first.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterator

from landsim.errors import LandsimError


@contextlib.contextmanager
def alongside(write: Callable[[], object], *, what: str) -> Iterator[None]:
    """Run *write* in a forked child while the block runs; wait for it at the end.

    Parameters
    ----------
    write
        Writes one file; its return value is ignored. It must not depend on anything the
        block does.
    what
        The file, for the message if the child is killed (``"the workbook results.xlsx"``).

    Raises
    ------
    BaseException
        What *write* raised, after the block; or what the block raised.
    LandsimError
        If the child ended without finishing and without an error (killed by a signal).
    """
    if not can_fork():
        write()
        yield
        return
    _flush()  # nothing buffered is written twice
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():
        # Python ≥ 3.12 warns of any thread, OpenBLAS's idle workers included; the child
        # only runs Python code and exits without touching them.
        warnings.filterwarnings("ignore", r".*multi-threaded.*fork", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; coverage does not follow a fork
        os.close(read_end)
        _child(write, write_end)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        try:
            yield
            sent = pipe.read()  # until the child ends: it sends only what it raised
        except BaseException:  # in the block, or Ctrl-C while waiting: stop the child
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)
            raise
        finally:
            _, status = os.waitpid(pid, 0)
    _raise_from_child(sent, status, what)


def can_fork() -> bool:
    """Whether :func:`alongside` forks here (Linux, and no other Python thread running)."""
    return (
        sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1
    )


def _child(write: Callable[[], object], pipe: int) -> None:  # pragma: no cover - in the child
    """Run *write*; send what it raised up *pipe*; end without the parent's exit handlers."""
    code = 0
    gc.disable()  # short-lived: collecting would only copy the parent's pages (copy-on-write)
    try:
        write()
    except BaseException as exc:  # everything goes back to the parent
        code = 1
        try:
            data = pickle.dumps(exc)
        except Exception:  # an exception that does not pickle
            data = pickle.dumps(RuntimeError(f"{type(exc).__name__}: {exc}"))
        with contextlib.suppress(OSError):
            _write_all(pipe, data)
    finally:
        _flush()
        os._exit(code)


def _flush() -> None:
    """Flush standard output and error (closed or missing ones are skipped)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()


def _write_all(pipe: int, data: bytes) -> None:  # pragma: no cover - in the child
    view = memoryview(data)
    while view:
        view = view[os.write(pipe, view) :]


def _raise_from_child(sent: bytes, status: int, what: str) -> None:
    if sent:
        raise pickle.loads(sent)  # our own child's exception
    if os.WIFSIGNALED(status):
        name = signal.Signals(os.WTERMSIG(status)).name
        raise LandsimError(f"writing {what} stopped: its process was killed ({name})")
    if os.waitstatus_to_exitcode(status) != 0:
        raise LandsimError(
            f"writing {what} stopped: its process ended with exit status "
            f"{os.waitstatus_to_exitcode(status)}"
        )

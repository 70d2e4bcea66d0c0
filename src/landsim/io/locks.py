"""The lock on writing an output folder: a second run into the same folder is refused at once.

The lock is a hidden file beside the folder (``.landsim-tmp-lock-NAME``), locked by the
operating system (``flock``; ``msvcrt.locking`` on Windows), so it is released even if
the process dies. It holds the holder's process id, start time and command, which a
refused run shows. Writing itself is atomic (:mod:`landsim.io.atomic`).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from landsim.errors import LandsimError
from landsim.io.atomic import TMP_PREFIX, make_parents, not_writable, remove_empty

#: Byte offset locked on Windows (locks there are mandatory; the holder's note stays readable).
_LOCK_OFFSET = 1 << 20


@contextlib.contextmanager
def folder_lock(path: Path, *, what: str = "") -> Iterator[None]:
    """Hold the lock on writing the folder *path* while the block runs.

    The lock is a hidden file beside *path*, locked by the operating system, so it is
    released even if the process dies. A second run into the same folder is refused at
    once, with the first run's process id, start time and command.

    Parameters
    ----------
    path
        The output folder.
    what
        A few words on this run (e.g. the command), shown to a run that is refused.

    Raises
    ------
    LandsimError
        If another process holds the lock.
    """
    path = Path(path)
    created = make_parents(path.parent)
    lock = path.parent / f"{TMP_PREFIX}lock-{path.name}"
    try:
        fd = _acquire(lock)
    except OSError as exc:
        remove_empty(created)
        raise not_writable(path, path.parent, exc) from None
    if fd is None:
        raise LandsimError(
            f"{path} is being written by another landsim run ({_holder(lock)}); wait "
            "for it to finish, or write to another folder with -o"
        )
    try:
        note = f"pid {os.getpid()}, started {datetime.now():%Y-%m-%d %H:%M:%S}"
        os.ftruncate(fd, 0)
        os.write(fd, f"{note}: {what}".rstrip(": ").encode("utf-8"))
        yield
    finally:
        if sys.platform != "win32":
            with contextlib.suppress(OSError):
                if _same_file(fd, lock):
                    lock.unlink()
        os.close(fd)
        if sys.platform == "win32":  # pragma: no cover - an open file cannot be removed there
            with contextlib.suppress(OSError):
                lock.unlink()
        remove_empty(created)


def _acquire(lock: Path) -> int | None:
    """Open and lock the file *lock*; return its descriptor, or ``None`` if another holds it."""
    for _ in range(3):  # the holder may remove the file between our open and our lock
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
        if not _try_lock(fd):
            os.close(fd)
            return None
        if _same_file(fd, lock):
            return fd
        os.close(fd)
    return None


def _try_lock(fd: int) -> bool:
    """Lock *fd* exclusively without waiting; return whether it worked."""
    try:
        if sys.platform == "win32":  # pragma: no cover
            import msvcrt

            os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _same_file(fd: int, path: Path) -> bool:
    """Whether *path* still names the file open as *fd* (a finished run removes its lock)."""
    try:
        a, b = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _holder(lock: Path) -> str:
    try:
        text = lock.read_text(encoding="utf-8").strip()
    except OSError:
        text = ""
    return text or "its details are not readable"

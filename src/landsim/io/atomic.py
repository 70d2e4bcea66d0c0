"""Atomic writes: a file or folder appears complete, or not at all.

Output is written to a hidden temporary sibling (``.landsim-tmp-…``) and renamed into
place only when complete; on any error the temporary is removed. A rename within one
folder is atomic on POSIX and Windows, so an interrupted run never leaves half a file.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from landsim.errors import LandsimError

TMP_PREFIX = ".landsim-tmp-"


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[Path]:
    """Yield a temporary path next to *path*; move it onto *path* if the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, _default_mode(0o666))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def atomic_folder(path: Path, *, force: bool = False) -> Iterator[Path]:
    """Yield an empty temporary folder; it becomes *path* when the block succeeds.

    Parameters
    ----------
    path
        The folder to create.
    force
        Replace an existing *path*. Without it an existing folder is an error, raised
        before anything is written.

    Raises
    ------
    LandsimError
        If *path* exists and *force* is not set, or *path* is a file.
    """
    path = Path(path)
    check_writable_folder(path, force=force)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=path.parent))
    try:
        yield tmp
        os.chmod(tmp, _default_mode(0o777))
        if path.exists():
            old = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=path.parent))
            os.replace(path, old / "previous")
            os.replace(tmp, path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _default_mode(full: int) -> int:
    """Return the mode a plain ``open``/``mkdir`` would give under the current umask."""
    umask = os.umask(0)
    os.umask(umask)
    return full & ~umask


def check_writable_folder(path: Path, *, force: bool) -> None:
    """Refuse to replace an existing output folder unless *force*."""
    if path.is_file():
        raise LandsimError(f"{path} is a file; choose a folder name for the output")
    if path.exists() and any(path.iterdir()) and not force:
        raise LandsimError(
            f"{path} already exists; use --force to replace it, or -o another folder"
        )

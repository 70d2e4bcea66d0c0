"""Atomic writes: a file or folder appears complete, or not at all.

Output is written to a hidden temporary sibling (``.landsim-tmp-…``) and renamed into
place only when complete; on any error (Ctrl-C included) the temporary is removed. A
rename within one folder is atomic on POSIX and Windows, so an interrupted run never
leaves half a file.

Two runs into one folder cannot both "succeed": a run holds
:func:`landsim.io.locks.folder_lock` on its output folder from before it simulates until
it has written, and without ``force`` the final rename refuses a folder that appeared in
the meantime, instead of replacing it.

``force`` replaces only a folder landsim wrote (:func:`written_by_landsim`): every folder
:func:`atomic_folder` makes holds the small file :data:`MARKER`, and run and sweep
folders also a ``manifest.json`` naming landsim. ``-o . --force`` in a folder of one's
own documents is refused, not emptied.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from landsim.errors import LandsimError

TMP_PREFIX = ".landsim-tmp-"
#: A file in every folder :func:`atomic_folder` writes: ``--force`` may replace the folder.
MARKER = ".landsim"
_MARKER_TEXT = (
    "This folder was written by landsim. `--force` may replace it as a whole;\n"
    "landsim refuses to replace a folder without this file (or a landsim manifest.json).\n"
)


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
def atomic_folder(path: Path, *, force: bool = False, mark: bool = True) -> Iterator[Path]:
    """Yield a new temporary folder; it becomes *path* when the block succeeds.

    Parameters
    ----------
    path
        The folder to create.
    force
        Replace an existing *path* that landsim wrote (:func:`written_by_landsim`).
        Without it an existing folder is an error, raised before anything is written —
        and again at the end if another run wrote *path* meanwhile; nothing is replaced
        then.
    mark
        Put :data:`MARKER` in the folder (the only file in it when the block starts), so
        that ``--force`` may replace it later.

    Raises
    ------
    LandsimError
        If *path* exists and *force* is not set (or it holds files landsim did not
        write), *path* is a file, or its parent cannot be written.
    """
    path = Path(path)
    check_writable_folder(path, force=force)
    created = make_parents(path.parent)
    remove_left_behind(path.parent)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=_own_prefix(), dir=path.parent))
    except OSError as exc:
        remove_empty(created)
        raise not_writable(path, path.parent, exc) from None
    try:
        if mark:
            mark_folder(tmp)
        yield tmp
        os.chmod(tmp, _default_mode(0o777))
        if force and path.exists():
            _check_replaceable(path)  # again: the folder may have changed meanwhile
            old = Path(tempfile.mkdtemp(prefix=_own_prefix(), dir=path.parent))
            os.replace(path, old / "previous")
            os.replace(tmp, path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            _rename_new(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        remove_empty(created)
        raise


def _own_prefix() -> str:
    """Prefix of this process's temporary folders: ``.landsim-tmp-<pid>-``."""
    return f"{TMP_PREFIX}{os.getpid()}-"


def remove_left_behind(parent: Path) -> list[Path]:
    """Remove temporary folders in *parent* whose process has ended; return them.

    A run killed outright (SIGKILL, a power cut) cannot clean up; its half-written folder
    stayed hidden beside the results for good. Folders of a process still running, those
    named without a process id, and those changed within :data:`STALE_AFTER_S` (a run on
    another computer writing to a shared drive, whose process this one cannot see) are
    left alone.
    """
    removed = []
    if sys.platform == "win32":  # pragma: no cover - no cheap test of a process id there
        return removed
    now = time.time()
    for folder in Path(parent).glob(f"{TMP_PREFIX}*-*"):
        pid = folder.name[len(TMP_PREFIX) :].split("-", 1)[0]
        if not (folder.is_dir() and pid.isdigit()) or _alive(int(pid)):
            continue
        with contextlib.suppress(OSError):
            if now - folder.stat().st_mtime > STALE_AFTER_S:
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
    return removed


#: Age after which a dead process's temporary folder is removed (assumption: a folder is
#: written within minutes, as the last step of a command; a day leaves any run on another
#: computer that shares the drive alone).
STALE_AFTER_S = 24 * 3600


def _alive(pid: int) -> bool:
    """Whether process *pid* is running (or cannot be asked about: then assume it is)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _rename_new(tmp: Path, path: Path) -> None:
    """Rename *tmp* to *path*, refusing a non-empty *path* that appeared meanwhile."""
    with contextlib.suppress(OSError):
        path.rmdir()  # an empty folder is no one's results (Windows renames onto none)
    try:
        os.rename(tmp, path)  # POSIX replaces only an empty folder; Windows none
    except OSError as exc:
        if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY) and not isinstance(
            exc, FileExistsError
        ):
            raise
        raise LandsimError(
            f"{path} was written by another run while this one worked{_describe(path)}; "
            "that run's folder is kept and this run's results were not written. Rerun "
            "with -o another folder, or with --force to replace it"
        ) from None


def _default_mode(full: int) -> int:
    """Return the mode a plain ``open``/``mkdir`` would give under the current umask."""
    umask = os.umask(0)
    os.umask(umask)
    return full & ~umask


def check_writable_folder(path: Path, *, force: bool, inputs: Sequence[Path] = ()) -> None:
    """Refuse, before any work, an output folder that cannot be written.

    Refused: the current folder or one that holds it (``-o ""`` or ``-o .``), an
    existing non-empty folder unless *force*, a file, a folder whose parent
    (or nearest existing ancestor) cannot be written to — tried by creating and removing
    a hidden temporary folder there — and, even with *force*, a folder that is one of the
    command's *inputs* or holds one (replacing it would delete what the command reads).
    Messages name *path* as the user gave it.
    """
    path = Path(path)
    if path.is_file():
        raise LandsimError(f"{path} is a file; choose a folder name for the output")
    _check_not_the_current_folder(path)
    _check_not_an_input(path, inputs)
    if path.exists() and any(path.iterdir()):
        if not force:
            raise LandsimError(
                f"{path} already exists{_describe(path)}; use --force to replace it, "
                "or -o another folder"
            )
        _check_replaceable(path)
    ancestor = path.parent
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise LandsimError(f"cannot create the folder {path}: {ancestor} is a file")
    try:
        Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=ancestor)).rmdir()
    except OSError as exc:
        raise not_writable(path, ancestor, exc) from None


def mark_folder(folder: Path) -> None:
    """Put :data:`MARKER` in *folder*: landsim wrote it, and ``--force`` may replace it."""
    (Path(folder) / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")


def written_by_landsim(path: Path) -> bool:
    """Whether the folder *path* is one landsim wrote, which ``--force`` may replace.

    It holds :data:`MARKER`; or, written before the marker existed, a ``manifest.json``
    with a ``landsim`` entry (runs, sweeps) or an unfinished sweep's ``work/sweep.json``.
    """
    path = Path(path)
    if (path / MARKER).is_file() or (path / "work" / "sweep.json").is_file():
        return True
    info = read_manifest(path)
    return info is not None and "landsim" in info


def read_manifest(path: Path) -> dict | None:
    """Return the folder's ``manifest.json`` as a dict (``None``: missing or unreadable)."""
    try:
        info = json.loads((Path(path) / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) else None


def _check_not_the_current_folder(path: Path) -> None:
    """Refuse an output folder that is, or holds, the current folder.

    An empty ``-o ""`` reaches here as ``.``: replacing the folder one works in is never
    meant, and was reported as "``.`` already exists".
    """
    out, here = path.resolve(), Path.cwd().resolve()
    if out == here or out in here.parents:
        what = "is" if out == here else "holds"
        raise LandsimError(
            f"the output folder {str(path)!r} {what} the current folder; give -o the name "
            "of a new folder, e.g. -o runs/NAME"
        )


def _check_not_an_input(path: Path, inputs: Sequence[Path]) -> None:
    """Refuse an output folder that is, or holds, one of the command's inputs."""
    out = path.resolve()
    for given in inputs:
        source = Path(given).resolve()
        if out == source or out in source.parents:
            what = "is" if out == source else "holds"
            raise LandsimError(
                f"{path} {what} {given}, which this command reads; writing there would "
                "replace it. Choose another folder with -o"
            )


def _check_replaceable(path: Path) -> None:
    """Refuse ``--force`` on a non-empty folder landsim did not write."""
    if written_by_landsim(path) or not any(path.iterdir()):
        return
    raise LandsimError(
        f"{path} holds files landsim did not write; --force replaces only a folder "
        f"landsim wrote (one with a {MARKER} file or a landsim manifest.json). Choose "
        "another folder with -o, or move those files away first"
    )


def not_writable(path: Path, where: Path, exc: OSError) -> LandsimError:
    """Return the error for an output folder *path* not written because *where* is not writable."""
    reason = exc.strerror or type(exc).__name__
    return LandsimError(
        f"cannot write the output folder {path}: {where} is not writable ({reason}); "
        "choose another folder with -o"
    )


def _describe(path: Path) -> str:
    """Say which run made the folder *path*, from its manifest when it has one."""
    info = read_manifest(path) or {}
    if not {"scenario", "created"} <= info.keys():
        return ""
    what = "a sweep" if info.get("command") == "sweep" else "a run"
    return f" ({what} of scenario {info['scenario']!r}, written {info['created']})"


def make_parents(folder: Path) -> list[Path]:
    """Create *folder* and its missing parents; return those created, deepest first."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for f in reversed(missing):
        f.mkdir(exist_ok=True)
    return missing


def remove_empty(folders: list[Path]) -> None:
    """Remove each of *folders* that is empty, deepest first; leave the others."""
    for f in folders:
        with contextlib.suppress(OSError):
            f.rmdir()

"""The ``landsim`` command line.

Every subcommand lives in its own module with ``register(sub)`` and ``run(args)``,
listed in :data:`COMMANDS`. Only the module of the command given is imported (the
others are listed for ``--help`` by name), and commands read the scenario before they
import the model's libraries, so bad input is refused within a fraction of a second.
Errors in the user's input are printed as one line per distinct problem with exit
code 2; no traceback is shown unless ``--debug`` is given. Ctrl-C at any moment —
start-up included: commands are imported inside :func:`main` — prints one line and
exits with 130.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import importlib
import os
import sys
import warnings
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterator, Sequence
    from types import ModuleType

EXIT_INPUT = 2
EXIT_BUG = 1
EXIT_INTERRUPTED = 130

#: Each subcommand (a module of this package) and its line in ``landsim --help``; the
#: module's own ``register`` gives the same line (tests/test_cli.py checks).
COMMANDS = {
    "init": "write a scenario for your own parcel file",
    "validate": "check a scenario and its inventory; print a summary",
    "run": "run a scenario and write the results",
    "brief": "write a brief (PDF and/or Word) and its figures",
    "compare": "compare run folders side by side",
    "sensitivity": "one-at-a-time and Sobol sensitivity of an output",
    "backtest": "score a scenario against what a district really did",
    "calibrate": "fit scenario parameters to a treatment history",
    "sweep": "run a grid of scenario variants; P(target met) for each",
    "synth": "generate a synthetic Xiaoshan inventory or treatment history",
}


def importing(args: argparse.Namespace) -> contextlib.AbstractContextManager[None]:
    """Import a command's libraries with the garbage collector paused.

    The executable (``args.ends_process``) also freezes what was imported; ``main()``
    called from Python does not (:func:`landsim.memory.importing`).
    """
    from landsim.memory import importing as paused

    return paused(keep=bool(getattr(args, "ends_process", False)))


def check_workers(workers: int) -> None:
    """Refuse a number of worker processes this machine cannot give (before any work)."""
    from landsim.errors import LandsimError

    cpus = os.cpu_count() or 1
    if not 1 <= workers <= cpus:
        raise LandsimError(f"--workers must lie between 1 and the {cpus} processors here")


def command(name: str) -> ModuleType:
    """Import the module of the subcommand *name*."""
    return importlib.import_module(f"landsim.cli.{name}")


def parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """Build the argument parser; the command named in *argv* gets its full arguments.

    Without *argv*, every command is registered in full.
    """
    p = argparse.ArgumentParser(
        prog="landsim",
        description="Parcel-level scenario simulator for 腾笼换鸟 (industrial land renewal).",
    )
    p.add_argument("--version", action=_Version, help="show the version and exit")
    p.add_argument("--debug", action="store_true", help="show full tracebacks on errors")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    given = None if argv is None else next((a for a in argv if a in COMMANDS), "")
    for name, help_line in COMMANDS.items():
        if given is None or name == given:
            command(name).register(sub)
            refuse_empty_output(sub.choices[name])
        else:
            sub.add_parser(name, help=help_line)
    return p


#: The option that names what a command writes, in every command that has one.
OUTPUT_OPTION = "-o"


def refuse_empty_output(command_parser: argparse.ArgumentParser) -> None:
    """Make the command's ``-o`` refuse an empty name (``-o ""`` read as ``.``)."""
    for action in command_parser._actions:
        if OUTPUT_OPTION in action.option_strings:
            action.type = _non_empty(action.type or str)


def _non_empty(convert):
    """Wrap an argparse *convert* function: an empty or blank text is an error."""

    def check(text: str):
        if not text.strip():
            raise argparse.ArgumentTypeError(
                "empty; give the name of the folder (or file) to write"
            )
        return convert(text)

    check.__name__ = getattr(convert, "__name__", "path")  # argparse names it in errors
    return check


class _Version(argparse.Action):
    """``--version``, looked up only when asked: the lookup takes about 30 ms."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, **kwargs) -> None:
        kwargs.setdefault("default", argparse.SUPPRESS)
        super().__init__(option_strings, dest=dest, nargs=0, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> NoReturn:
        from landsim.version import __version__

        print(f"landsim {__version__}")
        parser.exit()


def main(argv: Sequence[str] | None = None, *, ends_process: bool = False) -> int:
    """Run the command line; return the exit code.

    *ends_process* says that the process ends when the command returns (the ``landsim``
    executable, :func:`entry`); commands may then keep what they import out of the
    garbage collector's view (:func:`landsim.memory.importing`).
    """
    args = None
    try:
        words = sys.argv[1:] if argv is None else list(argv)
        args = parser(words).parse_args(words)
        args.ends_process = ends_process
        with warnings.catch_warnings(), _ctrl_c_never_lost():
            if not args.debug:
                warnings.showwarning = _show_warning
            return int(args.func(args) or 0)
    except BrokenPipeError:  # e.g. piped into `head`
        return 0
    except KeyboardInterrupt as exc:
        return _interrupted(exc)
    except Exception as exc:
        if _ctrl_c_inside(exc) is not None:
            return _interrupted(_ctrl_c_inside(exc))
        if args is not None and args.debug:
            raise
        return report(exc)


def _interrupted(exc: KeyboardInterrupt) -> int:
    """Say in one line that the command was interrupted, and what was written."""
    done = f"; {exc.args[0]}" if exc.args else "; no output was written"
    clear = "\r\x1b[K" if sys.stderr.isatty() else ""  # over a half-drawn progress bar
    print(f"{clear}interrupted{done}", file=sys.stderr)
    return EXIT_INTERRUPTED


def _ctrl_c_inside(exc: BaseException) -> KeyboardInterrupt | None:
    """Return the Ctrl-C that a ``SystemError`` carries, if it carries one.

    A Ctrl-C that lands while a compiled function (numba's dispatcher) calls back into
    Python is raised there, and the call then returns a result with the exception set:
    Python reports a ``SystemError`` caused by the KeyboardInterrupt. Under load the
    command reported an internal error and exited 1 (tests/test_distributed.py, Ctrl-C
    on a local cluster, about once in a full suite).
    """
    cause = exc.__cause__ if isinstance(exc, SystemError) else None
    return cause if isinstance(cause, KeyboardInterrupt) else None


#: Delay before a Ctrl-C dropped in a finalizer is sent again, in seconds (assumption:
#: finalizers end within milliseconds; one still running drops it again, and it is resent).
RESEND_S = 0.05


@contextlib.contextmanager
def _ctrl_c_never_lost() -> Iterator[None]:
    """Deliver again a Ctrl-C that landed in a finalizer, where Python drops it.

    Python raises KeyboardInterrupt wherever the main thread is; inside a ``__del__``
    or a garbage-collector callback the exception is "ignored" (printed, not raised), and
    the command went on to the end as if Ctrl-C had not been pressed. The hook sends
    SIGINT again from another thread a moment later, so the interrupt comes back once the
    finalizer and the hook have ended (sent at once, it was raised in the hook and
    dropped again).
    """
    import signal
    import threading

    previous = sys.unraisablehook

    def hook(unraisable) -> None:
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            # a little later: a thread started here may signal while the hook still runs
            again = threading.Timer(RESEND_S, os.kill, args=(os.getpid(), signal.SIGINT))
            again.daemon = True
            again.start()
            return
        previous(unraisable)

    sys.unraisablehook = hook
    try:
        yield
    finally:
        sys.unraisablehook = previous


def entry() -> NoReturn:
    """Run the ``landsim`` executable: :func:`main`, then end the process at once.

    When a command returns, its files are written and closed and its output printed.
    Python's own shutdown would then spend about 0.4 s freeing every module and array
    one by one, which nobody needs. :func:`end` skips only that: exit handlers still
    run (logging, Dask clients, process pools).
    """
    end(main(ends_process=True))


def end(code: int) -> NoReturn:
    """Exit with *code*: exit handlers run, flush the output, skip freeing the heap.

    If a thread that Python waits for (not a daemon) or a child process is still
    running, Python's full shutdown runs instead, which waits for them. Daemon threads
    are never waited for; one left running while Python tore itself down (Dask's
    ``Dask-Offload`` after a Ctrl-C on a local cluster) now and then crashed the
    process with a segmentation fault after it had said "interrupted".
    """
    threading = sys.modules.get("threading")
    processes = sys.modules.get("multiprocessing")
    if (threading is not None and _waited_for(threading)) or (
        processes is not None and processes.active_children()
    ):
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        # a closed pipe (piped into `head`), a closed stream, none at all (pythonw)
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(code)


def _waited_for(threading) -> bool:
    """Whether a thread other than the main one that Python waits for is still running."""
    main = threading.main_thread()
    return any(t is not main and not t.daemon and t.is_alive() for t in threading.enumerate())


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Print landsim's warnings as ``warning: …`` (no file and line of landsim's code)."""
    from landsim.errors import LandsimWarning

    if issubclass(category, LandsimWarning):
        print(f"warning: {message}", file=sys.stderr)
    else:
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def report(exc: Exception) -> int:
    """Print an error for a person (no traceback) and return the exit code."""
    from landsim.errors import InputError, LandsimError

    if isinstance(exc, InputError):
        print(exc.render(), file=sys.stderr)
        return EXIT_INPUT
    if isinstance(exc, LandsimError):
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    if isinstance(exc, MemoryError):
        print("error: not enough memory for this run; use fewer --draws", file=sys.stderr)
        return EXIT_INPUT
    if isinstance(exc, OSError):  # the machine's, not the input's: a full disk, no permission
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"error: {exc.strerror or exc}{where}", file=sys.stderr)
        return EXIT_INPUT
    print(
        f"internal error: {type(exc).__name__}: {exc}\n"
        "This is a bug in landsim; rerun with --debug and report the traceback.",
        file=sys.stderr,
    )
    return EXIT_BUG


if __name__ == "__main__":  # pragma: no cover
    entry()

"""The ``landsim`` command line.

Every subcommand lives in its own module with ``register(sub)`` and ``run(args)``,
listed in :func:`commands`. Errors in the user's input are printed as one line per
distinct problem with exit code 2; no traceback is shown unless ``--debug`` is given.
Ctrl-C at any moment — start-up included: the commands and their libraries are
imported inside :func:`main` — prints one line and exits with 130.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from types import ModuleType

EXIT_INPUT = 2
EXIT_BUG = 1
EXIT_INTERRUPTED = 130


def commands() -> tuple[ModuleType, ...]:
    """Import and return the subcommand modules, in the order ``--help`` lists them."""
    from landsim.cli import brief, compare, init, run, sensitivity, synth, validate

    return (init, validate, run, brief, compare, sensitivity, synth)


def parser() -> argparse.ArgumentParser:
    """Build the argument parser with every subcommand."""
    from landsim.version import __version__

    p = argparse.ArgumentParser(
        prog="landsim",
        description="Parcel-level scenario simulator for 腾笼换鸟 (industrial land renewal).",
    )
    p.add_argument("--version", action="version", version=f"landsim {__version__}")
    p.add_argument("--debug", action="store_true", help="show full tracebacks on errors")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in commands():
        module.register(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = None
    try:
        args = parser().parse_args(argv)
        return int(args.func(args) or 0)
    except BrokenPipeError:  # e.g. piped into `head`
        return 0
    except KeyboardInterrupt as exc:
        done = f"; {exc.args[0]}" if exc.args else "; no output was written"
        print(f"interrupted{done}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        if args is not None and args.debug:
            raise
        return report(exc)


def report(exc: Exception) -> int:
    """Print an error for a person (no traceback) and return the exit code."""
    from landsim.errors import InputError, LandsimError

    if isinstance(exc, InputError):
        print(exc.render(), file=sys.stderr)
        return EXIT_INPUT
    if isinstance(exc, LandsimError):
        print(f"error: {exc}", file=sys.stderr)
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
    sys.exit(main())

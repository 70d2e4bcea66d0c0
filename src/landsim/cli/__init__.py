"""The ``landsim`` command line.

Every subcommand lives in its own module and registers itself in :data:`COMMANDS`.
Errors in the user's input are printed as one line per problem with exit code 2; no
traceback is shown unless ``--debug`` is given.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence

from landsim.cli import brief, compare, run, sensitivity, synth, validate
from landsim.errors import InputError, LandsimError, LandsimWarning
from landsim.version import __version__

COMMANDS = (validate, run, brief, compare, sensitivity, synth)

EXIT_INPUT = 2
EXIT_BUG = 1
EXIT_INTERRUPTED = 130


def parser() -> argparse.ArgumentParser:
    """Build the argument parser with every subcommand."""
    p = argparse.ArgumentParser(
        prog="landsim",
        description="Parcel-level scenario simulator for 腾笼换鸟 (industrial land renewal).",
    )
    p.add_argument("--version", action="version", version=f"landsim {__version__}")
    p.add_argument("--debug", action="store_true", help="show full tracebacks on errors")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        module.register(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = parser().parse_args(argv)
    try:
        with warnings.catch_warnings():
            if not args.debug:
                warnings.showwarning = _show_warning
            return int(args.func(args) or 0)
    except BrokenPipeError:  # e.g. piped into `head`
        return 0
    except KeyboardInterrupt:
        print("interrupted; no output was written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        if args.debug:
            raise
        return report(exc)


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Print landsim's warnings as ``warning: …`` (no file and line of landsim's code)."""
    if issubclass(category, LandsimWarning):
        print(f"warning: {message}", file=sys.stderr)
    else:
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def report(exc: Exception) -> int:
    """Print an error for a person (no traceback) and return the exit code."""
    if isinstance(exc, InputError):
        print(exc.render(limit_per_kind=20), file=sys.stderr)
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

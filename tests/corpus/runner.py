"""Write a case's files into a folder and run its command line in this process."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from landsim.cli import main
from tests.corpus.case import DEFAULT, TINY, Case


def fill(text: str, tmp: Path) -> str:
    """Replace the placeholders of *text*."""
    return text.replace("{tiny}", TINY).replace("{default}", DEFAULT).replace("{tmp}", str(tmp))


def build(case: Case, tmp: Path) -> list[str]:
    """Write the case's files into *tmp*; return its command line."""
    for name, content in case.files.items():
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(fill(content, tmp), encoding="utf-8")
    return [fill(a, tmp) for a in case.argv]


def invoke(argv: list[str]) -> tuple[int, str, str]:
    """Run the command line *argv*; return the exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def run(case: Case, tmp: Path) -> tuple[int, str, str]:
    """Build and run *case* in *tmp*."""
    return invoke(build(case, tmp))

"""The shape of one corpus case, and helpers that build the common kinds."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pandas as pd

from tests.conftest import FIXTURES, ROOT

TINY = (FIXTURES / "tiny" / "scenario.yaml").as_posix()
DEFAULT = (ROOT / "scenarios" / "xiaoshan_2024.yaml").as_posix()
HEADER = "parcel_id,platform,town,area_mu,far,status,industry,output,tax,value_added,x,y\n"
TINY_ROWS = (FIXTURES / "tiny" / "parcels.csv").read_text(encoding="utf-8").split("\n", 1)[1]
RUN = ["run", "{tmp}/s.yaml", "-o", "{tmp}/out", "--no-xlsx"]
TINY_FRAME = pd.read_csv(io.StringIO(HEADER + TINY_ROWS))


@dataclass(frozen=True)
class Case:
    """One input and what landsim must say about it.

    Attributes
    ----------
    name
        Test id.
    files
        Relative path → text (written UTF-8) or bytes, written into an empty folder.
        ``{tiny}``, ``{default}`` and ``{tmp}`` in text are replaced.
    argv
        The command line; ``{tmp}`` is the folder.
    expect
        Texts that stderr must contain (the file and the line, row, parcel or key).
    lines
        How many lines stderr must have: the summary and one per distinct problem.
    ok
        The case must succeed (exit 0) and write its output folder.
    """

    name: str
    files: dict[str, str | bytes]
    argv: list[str] = field(default_factory=lambda: list(RUN))
    expect: tuple[str, ...] = ()
    lines: int | None = None
    ok: bool = False


def scenario(name: str, text: str, expect: tuple[str, ...], lines: int, **kw) -> Case:
    """A case whose scenario file ``s.yaml`` is *text*."""
    return Case(name, {"s.yaml": text, **kw.pop("files", {})}, expect=expect, lines=lines, **kw)


def variant(name: str, text: str, expect: tuple[str, ...], lines: int, **kw) -> Case:
    """A scenario that extends the tiny fixture with *text*."""
    return scenario(name, "extends: {tiny}\n" + text, expect, lines, **kw)


def inventory(
    name: str,
    csv: str | bytes,
    expect: tuple[str, ...],
    lines: int,
    settings: str = "",
    **kw,
) -> Case:
    """A tiny scenario reading ``p.csv`` (*csv*), with extra ``inventory`` *settings*."""
    text = f"extends: {{tiny}}\ninventory:\n  path: p.csv\n{settings}"
    files = {"s.yaml": text, "p.csv": csv, **kw.pop("files", {})}
    return Case(name, files, expect=expect, lines=lines, **kw)


def rows(*lines: str) -> str:
    """The tiny inventory's header and *lines*."""
    return HEADER + "".join(f"{line}\n" for line in lines)


def tiny_with(first: str) -> str:
    """The tiny inventory with its first row replaced by *first*."""
    return HEADER + first + "\n" + TINY_ROWS.split("\n", 1)[1]


def xlsx_bytes(frame: pd.DataFrame) -> bytes:
    """*frame* as an .xlsx workbook."""
    buf = io.BytesIO()
    frame.to_excel(buf, index=False)
    return buf.getvalue()


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    """*frame* as a Parquet file."""
    buf = io.BytesIO()
    frame.to_parquet(buf, index=False)
    return buf.getvalue()

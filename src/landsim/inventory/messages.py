"""Messages for cells that cannot be read: what is wrong, and which key fixes it."""

from __future__ import annotations

import datetime
import difflib
import re
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from landsim.errors import InputError, Problem
from landsim.inventory.cast import NumberFormat
from landsim.scenario.columns import BY_NAME, Column

#: Longest cell text a message quotes whole; a longer one is cut, its length said (one
#: cell of 100 MB made an error message of 400 MB).
QUOTED_CHARS = 80


def shortened(text: str, limit: int = QUOTED_CHARS) -> str:
    """Return *text*, or its first *limit* characters and its length when it is longer.

    >>> shortened("x" * 100, 5)
    'xxxxx… (100 characters)'
    """
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


#: What was said about which version of which file (path, modification time, size, words).
_SAID: set[tuple[str, int, int, str]] = set()


def warn_once(source: Path, message: str, category: type[Warning], stacklevel: int = 4) -> None:
    """Warn, unless this process said the same about the same unchanged file.

    ``landsim init`` reads a file twice, to propose a scenario and to check it, and a load
    whose cells were read as numbers reads the file again to quote them; Python's own
    once-only rule is reset whenever a warning filter changes (pandas changes them while
    it reads a workbook): the warning was printed twice. *stacklevel* counts from the
    caller, as :func:`warnings.warn` does from itself.
    """
    try:
        stat = source.stat()
        key = (str(source.resolve()), stat.st_mtime_ns, stat.st_size, message)
    except OSError:
        key = None
    if key in _SAID:
        return
    if key is not None:
        _SAID.add(key)
    warnings.warn(message, category, stacklevel=stacklevel + 1)


def parcel_place(parcel_id: str) -> str:
    """Return " (parcel ID)" for a message's place: the id cut when long, made visible.

    Control characters are written as Python escapes (ESC as backslash-x1b): an id read
    from a file is printed to a terminal, which would obey an escape sequence in it.
    """
    visible = "".join(c if c.isprintable() else repr(c)[1:-1] for c in shortened(parcel_id))
    return f" (parcel {visible})"


def bad_cell_message(
    name: str, value: object, why: str, fmt: NumberFormat, column: Column | None = None
) -> str:
    """Say why the cell *value* of column *name* was refused, and what to do.

    Parameters
    ----------
    name
        Canonical column name.
    value
        The cell as the file has it.
    why
        For numbers, the reason from :data:`landsim.inventory.cast.REASONS` ("" if none).
    fmt
        The number rules in force.
    column
        The column's definition, when it is not an inventory column (a history's).
    """
    col = column or BY_NAME[name]
    if col.choices:
        options = ", ".join(f"{k} ({'/'.join(v[1:3])})" for k, v in col.choices.items())
        return f"unknown value {value!r}; use one of {options}"
    if why == "approximate":
        digits = re.search(r"[0-9]+(?:\.[0-9]+)?", str(value))
        example = f" (e.g. {digits.group()})" if digits else ""
        return (
            f"{value!r} is an approximate value; landsim does not guess: write the number "
            f"alone{example} and keep the uncertainty in the scenario"
        )
    if why in _NUMBER_HINTS:
        shown = repr(value) if isinstance(value, str) else str(value)
        return f"{shown} {_NUMBER_HINTS[why](fmt)}"
    if col.dtype == "int" and why == "fraction":
        return f"{value!r} is not a whole number"
    if isinstance(value, datetime.date):  # Excel formatted the cell as a date
        return f"a date ({value:%Y-%m-%d}), not a number; format the cell as a number in Excel"
    year = re.fullmatch(r"\s*((?:19|20|21)\d\d)\s*年(?:度)?\s*", str(value))
    if year and name.startswith("year"):  # 2022年, 2022年度
        return f"{value!r} is not a number; write the year alone ({year.group(1)})"
    hint = "; remove units from cells and declare them in inventory.units" if col.quantity else ""
    return f"{value!r} is not a number{hint}"


#: What to say about a number refused for each reason of :data:`landsim.inventory.cast.REASONS`.
_NUMBER_HINTS = {
    "fullwidth": lambda fmt: (
        "has full-width digits; retype them, or set inventory.fullwidth_digits: true "
        "to read them as ordinary digits"
    ),
    "comma": lambda fmt: (
        "has a comma, and no rule says what it means: set inventory.decimal: ',' if commas "
        "are decimal marks (12,3 = 12.3), or inventory.thousands: ',' if they group "
        "thousands (1,234 = 1234)"
    ),
    "grouping": lambda fmt: (
        f"does not group thousands with {fmt.thousands!r} (inventory.thousands) as "
        f"1{fmt.thousands}234{fmt.decimal}5 does; if {fmt.thousands!r} is a decimal mark here, set "
        f"inventory.decimal: {fmt.thousands!r} instead"
    ),
    "point": lambda fmt: (
        "has a point, but inventory.decimal is ','; if points group thousands, set "
        "inventory.thousands: '.'"
    ),
    "nonfinite": lambda fmt: "is not a finite number; give the real value",
}


def no_rows_error(source: Path, headers: list[str]) -> InputError:
    """Build the error for a file that has headers but no rows."""
    return InputError(
        f"{source}: the inventory has no parcels",
        [
            Problem(
                source.name,
                "inventory.path",
                f"the file has headers ({', '.join(headers) or 'none'}) but no rows of data; "
                "check that this is the right file (and sheet, inventory.sheet)",
            )
        ],
    )


def not_in_file(section: str, name: str, wanted: str, headers: Sequence[str]) -> str:
    """Say that the header *wanted* (``{section}.columns.{name}``) is not in the file.

    With the closest header when one is close, else every header.
    """
    close = difflib.get_close_matches(wanted, list(headers), n=1, cutoff=0.5)
    msg = f"the header {wanted!r} (from {section}.columns.{name}) is not in the file"
    return msg + (
        f"; did you mean {close[0]!r}?" if close else f"; headers are: {', '.join(headers)}"
    )


def optional_not_in_file(name: str, wanted: str, headers: list[str], derivable: bool) -> str:
    """Say that a header mapped to an optional (or derivable) column is not in the file."""
    msg = not_in_file("inventory", name, wanted, headers)
    without = "the geometry gives it" if derivable else "the column is optional"
    return f"{msg} ({without}: remove inventory.columns.{name} to go without)"


def lost_zeros(
    missing: pd.Series, ids: pd.Series, other: str, source: Path
) -> tuple[np.ndarray, str]:
    """Say when ids another table names are the inventory's but for leading zeros.

    Excel keeps an id typed as a number (000001) as the number 1: the inventory then has
    1, 2, … while a neighbour table or a history has 000001 (or the other way round), and
    each of their ids was "not in the inventory".

    Parameters
    ----------
    missing
        Ids that *other* (``"the neighbour table"``) names and the inventory lacks.
    ids
        The inventory's parcel ids.
    other
        The other table, as a message names it.
    source
        The inventory's file.

    Returns
    -------
    found, message
        Which of *missing* are inventory ids once leading zeros are dropped from both,
        and what to do about them ("" when none are).
    """
    ours = ids.astype(str).to_numpy(dtype=object)
    key = pd.Index(pd.Series(ours, dtype=object).str.lstrip("0"))
    keep = ~key.duplicated() & (key != "")
    lookup, ours = key[keep], ours[keep]
    theirs = missing.astype(str).to_numpy(dtype=object)
    pos = lookup.get_indexer(pd.Series(theirs, dtype=object).str.lstrip("0"))
    found = pos >= 0
    if not found.any():
        return found, ""
    k = int(np.flatnonzero(found)[0])
    one, mine = str(theirs[k]), str(ours[pos[k]])
    examples = ", ".join(dict.fromkeys(str(ours[p]) for p in pos[found][:3]))
    n = int(found.sum())
    head = (
        f"{n:,} id{'s' * (n != 1)} in {other} match{'es' * (n == 1)} the inventory's only "
        "once leading zeros are dropped"
    )
    zeros = "0" * max(len(one), len(mine))
    fix = f'=TEXT(A2,"{zeros}") writes the number 1 in A2 as {zeros[:-1]}1'
    if len(mine) < len(one):  # the inventory lost its zeros
        where = (
            "Excel keeps ids typed as numbers without their zeros"
            if source.suffix.lower() in (".xlsx", ".xlsm")
            else "the file was probably saved from Excel, which drops the zeros of ids "
            "typed as numbers"
        )
        return found, (
            f"{head}: the inventory's ids read as numbers ({examples}, …) while {other} has "
            f"{one!r}. {where}: format the id column of {source.name} as text and write the "
            f"ids in full ({fix}), or write the ids of {other} without leading zeros"
        )
    return found, (
        f"{head}: {other} has {one!r} while the inventory has {mine!r}. {other.capitalize()} "
        "was probably saved from Excel, which drops the zeros of ids typed as numbers: "
        f"write its ids in full (format the column as text; {fix})"
    )

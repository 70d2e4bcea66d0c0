"""Turn raw cells into typed canonical columns, noting every cell that will not convert."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from landsim.scenario.columns import Column

#: Cell texts that mean "no value" in Chinese statistical exports.
MISSING_MARKS = frozenset({"", "-", "--", "—", "——", "/", "无", "na", "n/a", "nan", "null", "none"})


@dataclass(frozen=True)
class Cast:
    """A typed column and the rows that failed.

    Attributes
    ----------
    values
        Typed values (``float64`` for numbers, ``object`` for text and categories, ``bool``).
    empty
        Rows with no value.
    bad
        Rows whose text could not be read as the column's type.
    """

    values: np.ndarray
    empty: np.ndarray
    bad: np.ndarray


def cast(column: Column, raw: pd.Series) -> Cast:
    """Convert one raw column to *column*'s type."""
    if column.dtype in ("float", "int"):
        return _numbers(raw, integer=column.dtype == "int")
    text, empty = _text(raw)
    if column.dtype == "str":
        return Cast(text.to_numpy(dtype=object), empty, np.zeros(len(raw), dtype=bool))
    lookup = {
        spelling.lower(): key for key, spellings in column.choices.items() for spelling in spellings
    }
    keys = text.str.lower().map(lookup)
    bad = keys.isna().to_numpy(dtype=bool) & ~empty
    values = keys.to_numpy(dtype=object)
    if column.dtype == "bool":
        values = np.where(empty | bad, None, values == "true")
    return Cast(values, empty, bad)


def _text(raw: pd.Series) -> tuple[pd.Series, np.ndarray]:
    text = raw.astype("string").str.normalize("NFKC").str.strip()
    empty = (text.isna() | text.str.lower().isin(MISSING_MARKS)).to_numpy(dtype=bool)
    return text.where(~empty, None).astype(object), empty


def _numbers(raw: pd.Series, *, integer: bool) -> Cast:
    if pd.api.types.is_numeric_dtype(raw.dtype) and not pd.api.types.is_bool_dtype(raw.dtype):
        values = raw.to_numpy(dtype=float, na_value=np.nan)
        empty = np.isnan(values)
        bad = np.zeros(len(raw), dtype=bool)
    else:
        text, empty = _text(raw)
        cleaned = text.astype("string").str.replace(",", "", regex=False).str.replace(" ", "")
        numbers = pd.to_numeric(cleaned.where(~pd.Series(empty, index=raw.index)), errors="coerce")
        values = numbers.to_numpy(dtype=float, na_value=np.nan)
        bad = np.isnan(values) & ~empty
    if integer:
        frac = ~np.isnan(values) & (values != np.round(values))
        bad |= frac
        values = np.where(frac, np.nan, values)
    return Cast(values, empty, bad)

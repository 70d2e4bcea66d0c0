"""Turn raw cells into typed canonical columns, noting every cell that will not convert.

Numbers written as text are read by declared rules only (:class:`NumberFormat`, from the
scenario's ``inventory.decimal``, ``inventory.thousands`` and
``inventory.fullwidth_digits``). A cell that the rules do not cover — a decimal comma
when none is declared, a misplaced thousands separator, full-width digits, an
approximate value such as ``约30``, ``inf`` — is refused with the reason, never guessed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from landsim.scenario.columns import Column

#: Cell texts that mean "no value" in Chinese statistical exports.
MISSING_MARKS = frozenset({"", "-", "--", "—", "——", "/", "无", "na", "n/a", "nan", "null", "none"})

#: A plain number once the declared separators are removed: digits, one ".", an exponent.
NUMBER = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
#: Full-width digits, point, comma, signs and the ideographic space, to their ASCII forms.
FULLWIDTH = str.maketrans("０１２３４５６７８９．，－＋\u3000", "0123456789.,-+ ")
#: Words and signs that make a number approximate (约30, 30左右, ~30, 30余).
APPROXIMATE = r"约|左右|大约|上下|近|余|多|以上|以下|不足|超过|~|～|≈"

#: Why a cell was refused; :mod:`landsim.inventory.load` words the message.
REASONS = (
    "fullwidth",  # full-width digits without inventory.fullwidth_digits
    "approximate",  # 约30, 30左右, ~30
    "comma",  # a comma, with neither decimal nor thousands declared as one
    "grouping",  # a thousands separator in the wrong place (12,3 with thousands: ',')
    "point",  # a point in a file whose decimal mark is ','
    "nonfinite",  # inf, 1e999
    "fraction",  # a fraction in a whole-number column
    "text",  # anything else: words, units, percent signs
)


@dataclass(frozen=True)
class NumberFormat:
    """How numbers written as text are read.

    Attributes
    ----------
    decimal
        ``"."`` or ``","``.
    thousands
        ``""`` (none), ``","``, ``"."``, ``" "`` or ``"'"``.
    fullwidth
        Read full-width digits (``１２．３``) as ASCII ones.
    """

    decimal: str = "."
    thousands: str = ""
    fullwidth: bool = False


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
    reason
        For numbers, one of :data:`REASONS` for each bad row ("" elsewhere).
    """

    values: np.ndarray
    empty: np.ndarray
    bad: np.ndarray
    reason: np.ndarray | None = None


def cast(column: Column, raw: pd.Series, fmt: NumberFormat | None = None) -> Cast:
    """Convert one raw column to *column*'s type; numbers follow *fmt*."""
    if column.dtype in ("float", "int"):
        return _numbers(raw, fmt or NumberFormat(), integer=column.dtype == "int")
    codes, texts = _distinct_texts(raw)
    empty_text = np.array([t is None or t.lower() in MISSING_MARKS for t in texts], dtype=bool)
    empty = empty_text[codes]  # code -1 (a missing cell) reads the last entry: True
    if column.dtype == "str":
        kept = [None if e else t for t, e in zip(texts, empty_text, strict=True)]
        return Cast(_objects(kept)[codes], empty, np.zeros(len(raw), dtype=bool))
    lookup = {
        spelling.lower(): key for key, spellings in column.choices.items() for spelling in spellings
    }
    keys = [None if t is None else lookup.get(t.lower()) for t in texts]
    values = _objects(keys)[codes]
    bad = np.array([k is None for k in keys], dtype=bool)[codes] & ~empty
    if column.dtype == "bool":
        values = np.where(empty | bad, None, values == "true")
    return Cast(values, empty, bad)


def _distinct_texts(raw: pd.Series) -> tuple[np.ndarray, list[str | None]]:
    """Return each cell's code and the distinct texts, NFKC-normalized and stripped.

    The last entry is ``None``, for missing cells (code −1). Work and memory follow the
    distinct texts, not the cells: a column of 1,000,000 cells has few distinct values,
    or (ids) ASCII ones that need no normalizing.
    """
    if isinstance(raw.dtype, pd.CategoricalDtype):  # read as categories: codes are there
        codes, uniques = raw.cat.codes.to_numpy(), raw.cat.categories.astype("string")
    else:
        codes, uniques = pd.factorize(raw.astype("string"), use_na_sentinel=True)
    texts: list[str | None] = [
        (unicodedata.normalize("NFKC", u) if not u.isascii() else u).strip()
        for u in uniques.astype(object)
    ]
    return codes, [*texts, None]


def _objects(items: list) -> np.ndarray:
    """Return an object array of *items* (never a fixed-width string array)."""
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


def normalized(raw: pd.Series) -> pd.Series:
    """NFKC-normalized, stripped text of every cell (missing cells stay missing)."""
    codes, texts = _distinct_texts(raw)
    return pd.Series(_objects(texts)[codes], index=raw.index, dtype="string")


def _text_cells(raw: pd.Series) -> np.ndarray:
    """Which cells hold text (the rest are numbers, dates or empty)."""
    if pd.api.types.is_numeric_dtype(raw.dtype):
        return np.zeros(len(raw), dtype=bool)
    try:
        return raw.str.len().notna().to_numpy(dtype=bool)
    except AttributeError:  # an object column without a single string
        return np.zeros(len(raw), dtype=bool)


def _numbers(raw: pd.Series, fmt: NumberFormat, *, integer: bool) -> Cast:
    n = len(raw)
    is_text = _text_cells(raw)
    reason = np.full(n, "", dtype=object)
    # cells that are numbers already (Excel, Parquet): only non-finite ones are refused
    direct = pd.to_numeric(raw.where(~is_text), errors="coerce").to_numpy(float, na_value=np.nan)
    present = raw.notna().to_numpy(dtype=bool) & ~is_text
    reason[present & np.isnan(direct)] = "text"  # a date or a boolean in a number column
    reason[present & np.isinf(direct)] = "nonfinite"
    values, empty = direct.copy(), ~present
    if is_text.any():  # numbers written as text (CSV, Excel text cells)
        parsed, empty_text = _text_numbers(raw.where(is_text), is_text, fmt, reason)
        values = np.where(is_text, parsed, direct)
        empty = ~present & ~(is_text & ~empty_text) | empty_text
    values[empty | (reason != "")] = np.nan
    if integer:
        frac = ~np.isnan(values) & (values != np.round(values))
        reason[frac] = "fraction"
        values[frac] = np.nan
    return Cast(values, empty, reason != "", reason)


def _text_numbers(
    raw: pd.Series, is_text: np.ndarray, fmt: NumberFormat, reason: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Parse the text cells (*is_text*) of *raw* by *fmt*; note refusals in *reason*.

    Returns the parsed values (NaN where refused or not text) and which text cells mean
    "no value" (``""``, ``-``, ``无`` …).
    """
    n = len(raw)
    text = raw.astype("string").str.strip()
    parsed = np.full(n, np.nan)
    plain = _plain_numbers(text, fmt) & is_text
    # coerce: an integer of more than 4,300 digits is refused by Python (a ValueError);
    # it becomes NaN, refused below as not finite, as 1e999 is
    parsed[plain] = pd.to_numeric(text[plain], errors="coerce").to_numpy(float, na_value=np.nan)
    reason[plain & ~np.isfinite(parsed)] = "nonfinite"
    rest = is_text & ~plain  # everything else goes through the declared rules
    empty_text = np.zeros(n, dtype=bool)
    if rest.any():
        empty_text[rest] = _missing_marks(text[rest])
        values, why = _parse(text[rest], fmt)
        parsed[rest] = values
        reason[rest & ~empty_text] = why[~empty_text[rest]]
    return parsed, empty_text


def _missing_marks(text: pd.Series) -> np.ndarray:
    """Which cells of *text* mean "no value" (``-``, ``无`` …), read once per distinct text."""
    codes, texts = _distinct_texts(text)
    marks = np.array([t is not None and t.lower() in MISSING_MARKS for t in texts], dtype=bool)
    return marks[codes]  # code -1 (a missing cell) reads the last entry: False


def _plain_numbers(text: pd.Series, fmt: NumberFormat) -> np.ndarray:
    """Return the cells that are plain ASCII numbers (``12.5``, ``-3``, ``1e4``).

    Only when they read the same under *fmt*: no separators, and ``.`` is the decimal
    mark. One vectorized match.
    """
    if fmt.decimal != "." or fmt.thousands == ".":
        return np.zeros(len(text), dtype=bool)
    return text.str.fullmatch(NUMBER).fillna(False).to_numpy(dtype=bool)


def _parse(text: pd.Series, fmt: NumberFormat) -> tuple[np.ndarray, np.ndarray]:
    """Parse text cells by *fmt*; return values and, for cells that fail, the reason."""
    s = text.fillna("")
    if fmt.fullwidth:
        s = s.str.translate(FULLWIDTH)
    why = pd.Series("", index=s.index, dtype=object)
    if fmt.thousands:
        sep = fmt.thousands
        if sep == " ":
            s = s.str.replace("\u00a0", " ", regex=False).str.replace("\u202f", " ", regex=False)
        escaped, dec = _escape(sep), _escape(fmt.decimal)
        grouped = s.str.fullmatch(rf"[+-]?[0-9]{{1,3}}(?:{escaped}[0-9]{{3}})+(?:{dec}[0-9]+)?")
        has_sep = s.str.contains(sep, regex=False)
        why[has_sep & ~grouped] = "grouping"
        s = s.where(~grouped, s.str.replace(sep, "", regex=False))
    if fmt.decimal == ",":
        why[(why == "") & s.str.contains(".", regex=False)] = "point"
        s = s.str.replace(",", ".", regex=False)
    else:
        why[(why == "") & s.str.contains(",", regex=False)] = "comma"
    plain = s.str.fullmatch(NUMBER) & (why == "")
    values = pd.to_numeric(s.where(plain), errors="coerce").to_numpy(float, na_value=np.nan)
    why[plain & ~np.isfinite(values)] = "nonfinite"
    why[~plain & (why == "")] = _failure(s[~plain & (why == "")], fmt)
    return values, why.to_numpy(dtype=object)


def _failure(s: pd.Series, fmt: NumberFormat) -> pd.Series:
    """Tell why each of these text cells is not a number."""
    out = pd.Series("text", index=s.index, dtype=object)
    out[s.str.lower().str.fullmatch(r"[+-]?(?:inf|infinity)")] = "nonfinite"
    out[s.str.contains(APPROXIMATE)] = "approximate"
    if not fmt.fullwidth:
        out[s.str.contains("[\uff10-\uff19]")] = "fullwidth"
    return out


def _escape(sep: str) -> str:
    return "\\" + sep if sep in ".'" else sep

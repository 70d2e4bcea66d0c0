"""Shapefile field names cut at 10 bytes (the DBF format): find the names they were cut from.

A DBF field name holds at most 10 bytes in the file's encoding: ``value_added`` is
written ``value_adde``, 主营业务收入 in GBK ``主营业务收`` (five characters), and a
character that does not fit whole is dropped. When a name cuts to one already taken,
GDAL (and ArcGIS) keep its first 8 bytes and add ``_1`` … ``_9``, then ``10`` … ``99``:
``value_added`` and ``value_added_2023`` become ``value_adde`` and ``value_ad_1``.

A header stands for a longer name when it is that name cut, no other name wanted cuts
to the same header, and the file holds no such renamed twin of it. Other formats keep
whole names: none of this applies to them.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path

from landsim.inventory.gis_text import SPELLINGS

#: Bytes a DBF field name holds.
DBF_NAME_BYTES = 10
#: Bytes of a name GDAL and ArcGIS keep before a renamed twin's number.
TWIN_PREFIX = 8
_TWIN_END = re.compile(rb"_[1-9]|[0-9]{2}")
#: The files whose field names are DBF's.
SUFFIXES = (".shp", ".dbf")


def name_encoding(source: Path | str, encoding: str | None) -> str | None:
    """Return the Python codec of a Shapefile's field names; ``None`` for other formats.

    Parameters
    ----------
    source
        The file read.
    encoding
        The encoding its attributes were read in (a ``.cpg``'s spelling, GDAL's or
        landsim's: ``936``, ``GBK``, ``UTF-8``, ``gb18030``).
    """
    if Path(source).suffix.lower() not in SUFFIXES:
        return None
    text = (encoding or "utf-8").strip().lower()
    for gdal_name, spellings in SPELLINGS.items():
        if text in spellings or text == gdal_name.lower():
            return "gb18030" if gdal_name == "GB18030" else "utf-8"
    try:
        return codecs.lookup(text).name
    except LookupError:
        return "utf-8"


def cut(name: str, encoding: str) -> str | None:
    """Return *name* as a DBF field holds it: its whole characters within 10 bytes.

    ``None`` when *encoding* cannot write it (Chinese in ISO-8859-1).

    Examples
    --------
    >>> cut("value_added", "utf-8")
    'value_adde'
    >>> cut("主营业务收入", "gb18030")
    '主营业务收'
    >>> cut("地块编号", "utf-8")  # 12 bytes; the 4th character does not fit whole
    '地块编'
    """
    try:
        data = name.encode(encoding)
    except UnicodeEncodeError:
        return None
    if len(data) <= DBF_NAME_BYTES:
        return name
    return data[:DBF_NAME_BYTES].decode(encoding, errors="ignore")


def key(text: object) -> str:
    """Compare headers as the loader does: NFKC-normalized, stripped."""
    return unicodedata.normalize("NFKC", str(text)).strip()


def twins(header: str, headers: Iterable[str], encoding: str) -> list[str]:
    """Return the headers GDAL or ArcGIS renamed because a name also cut to *header*.

    Examples
    --------
    >>> twins("value_adde", ["value_adde", "value_ad_1", "revenue"], "utf-8")
    ['value_ad_1']
    >>> twins("output_val", ["output_202"], "utf-8")
    []
    """
    try:
        start = header.encode(encoding)[:TWIN_PREFIX]
    except UnicodeEncodeError:
        return []
    found = []
    for other in headers:
        try:
            data = other.encode(encoding)
        except UnicodeEncodeError:
            continue
        end = data[TWIN_PREFIX:]
        if other != header and data[:TWIN_PREFIX] == start and _TWIN_END.fullmatch(end):
            found.append(other)
    return found


def find_cut(
    column: str, names: Mapping[str, str], headers: list[str], encoding: str
) -> tuple[str | None, str | None]:
    """Find the header a Shapefile cut *column*'s name to.

    Parameters
    ----------
    column
        The canonical column looked for.
    names
        Every column's name in the file as the scenario has it (mapped, else its own).
    headers
        The file's headers.
    encoding
        The codec of the field names (:func:`name_encoding`).

    Returns
    -------
    tuple
        ``(header, None)`` when the cut name is there and stands for *column*'s name
        alone; ``(None, why)`` when it could be another name's too (two names merged
        into one field); ``(None, None)`` when the name is not cut or its cut is absent.
    """
    full = names[column]
    short = cut(full, encoding)
    if short is None or short == full:
        return None, None
    present = {key(h): h for h in headers}
    header = present.get(key(short))
    if header is None:
        return None, None
    for other, name in names.items():
        if other == column or key(name) == key(full):
            continue
        if key(header) in (key(name), key(cut(name, encoding) or name)):
            return None, (
                f"{full!r} ({column}) and {name!r} ({other}) are both {header!r} in a "
                "Shapefile, whose field names hold 10 bytes: landsim cannot tell which "
                f"one the field {header!r} is; map each column to a field the file has"
            )
    renamed = twins(header, headers, encoding)
    if renamed:
        return None, (
            f"the file has the fields {header!r} and {renamed[0]!r}: the Shapefile cut two "
            f"names to {header!r} and renamed the second, so landsim cannot tell which one "
            f"is {full!r}; map {column} to the field it is in inventory.columns (or save "
            "the layer as a GeoPackage, which keeps whole names)"
        )
    return header, None

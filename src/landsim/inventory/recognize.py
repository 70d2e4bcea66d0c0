"""Recognize a parcel file's headers: which canonical column each means, in which unit.

Used to *propose* a mapping (``landsim init``) and to suggest one (``landsim validate``:
"did you mean to map 状态 → status?"); the loader itself never maps a header it was not
told to. A header matches a column when, without its unit in brackets, it equals the
column's name or one of its usual Chinese or English headers (see
:data:`landsim.scenario.columns.COLUMNS`), or contains a usual Chinese header — unless
it is a per-mu figure, a score or a rank (亩均税收 is not tax). In a Shapefile, whose
field names hold 10 bytes, a header that is such a name cut (``value_adde``) matches too,
unless it could be two columns' (see :mod:`landsim.inventory.dbf_names`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import landsim.units as units
from landsim.inventory.dbf_names import cut, twins
from landsim.scenario.columns import BY_NAME, COLUMNS

#: Words that make a header something else than the column it mentions: per-mu figures,
#: ratios, scores, ranks and growth rates.
NOT_A_VALUE = (
    "亩均",
    "单位",
    "人均",
    "得分",
    "评分",
    "排名",
    "等级",
    "增长",
    "增速",
    "占比",
    "比重",
)
#: Words that make an "area" header another area than the land's.
NOT_LAND_AREA = ("建筑", "厂房", "房屋", "出租", "绿地", "道路", "计容")
#: A unit at the end of a header: 用地面积（亩）, 产值(万元), 面积[m2], 税收/万元, 税收_元.
_UNIT = re.compile(r"^(.*?)\s*(?:[(\[【]\s*([^()\[\]【】]+?)\s*[)\]】]|[/_]\s*(\S+))\s*$")
#: Traditional forms of the characters in the usual headers and units, to simplified ones,
#: so that a Big5 file's 地塊編號 or 產值（萬元） is recognized too.
TRADITIONAL = str.maketrans(
    "萬業產畝億從務區單廠發號員園塊實屬態總護標狀電碼積稱稅類級緯納縱經綜綠編繳職營規計讓評質費銷鎮長頃額鄉庫築時橫數",
    "万业产亩亿从务区单厂发号员园块实属态总护标状电码积称税类级纬纳纵经综绿编缴职营规计让评质费销镇长顷额乡库筑时横数",
)
#: Unit spellings in headers that the unit table does not list, to its spellings.
_UNIT_ALIASES = {"平米": "平方米", "万平米": "万平方米", "万": "万元", "亿": "亿元", "千": "千元"}
#: Units that columns read without conversion may name (anything else is flagged).
_AS_IS = {
    "energy_tce": {"吨标煤", "吨标准煤", "tce", "吨"},
    "emissions_t": {"吨", "t"},
    "employees": {"人", "人数"},
    "far": set(),
}


@dataclass(frozen=True)
class Match:
    """A header recognized as a canonical column.

    Attributes
    ----------
    header
        The header as the file has it.
    column
        The canonical column.
    unit
        The unit the header names, as a spelling :func:`landsim.units.factor` accepts;
        ``None`` when the header names none.
    unknown_unit
        A unit the header names but landsim does not know ("" if none).
    exact
        Whether the header is one of the column's usual names (not just contains one).
    """

    header: str
    column: str
    unit: str | None
    unknown_unit: str
    exact: bool


def norm(text: object) -> str:
    """NFKC-normalize and strip *text* (full-width brackets and letters become ASCII)."""
    return unicodedata.normalize("NFKC", str(text)).strip()


def split_unit(header: str) -> tuple[str, str | None]:
    """Split a header into its name and the unit it ends with.

    Examples
    --------
    >>> split_unit("用地面积（亩）")
    ('用地面积', '亩')
    >>> split_unit("产值/万元")
    ('产值', '万元')
    >>> split_unit("容积率")
    ('容积率', None)
    """
    text = norm(header).translate(TRADITIONAL)
    m = _UNIT.match(text)
    if not m or not m.group(1):
        return _glued_unit(text)
    return m.group(1).strip(), (m.group(2) or m.group(3)).strip()


#: Chinese units a header may end with, without brackets (面积亩, 产值万元), longest first
#: so that 用电量万千瓦时 is read in 万千瓦时, not in 千瓦时 with a name 用电量万.
_GLUED = tuple(
    sorted(
        (
            "平方公里",
            "平方千米",
            "万平方米",
            "平方米",
            "亿千瓦时",
            "万千瓦时",
            "千瓦时",
            "兆瓦时",
            "公顷",
            "百万元",
            "万元",
            "亿元",
            "千元",
            "亩",
        ),
        key=len,
        reverse=True,
    )
)


def _glued_unit(text: str) -> tuple[str, str | None]:
    """Split a Chinese unit off the end of a header written without brackets.

    The name left must have two characters or more (亩均税收 keeps its 亩: it starts there).

    Examples
    --------
    >>> _glued_unit("面积亩")
    ('面积', '亩')
    >>> _glued_unit("容积率")
    ('容积率', None)
    """
    for unit in _GLUED:
        if text.endswith(unit) and len(text) - len(unit) >= 2:
            return text[: -len(unit)].strip(), unit
    return text, None


def _key(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text.lower()).strip()


def match(header: str, dbf: str | None = None) -> Match | None:
    """Recognize one header, or return ``None``.

    *dbf* is the codec of a Shapefile's field names, which hold 10 bytes: a header that
    is a column's name or usual header cut there is that column (``None``: whole names).

    Examples
    --------
    >>> m = match("用地面积（平方米）")
    >>> (m.column, m.unit)
    ('area_mu', '平方米')
    >>> match("亩均税收（万元/亩）") is None
    True
    """
    whole = _exact(norm(header).translate(TRADITIONAL))
    if whole:  # a column's own name (rd_spending): no unit after its "_"
        return Match(str(header), whole[0].name, None, "", True)
    if dbf is not None and len(cut_from := cut_names(header, dbf)) == 1:
        return Match(str(header), next(iter(cut_from)), None, "", True)
    name, unit = split_unit(header)
    exact = _exact(name)
    found, is_exact = (exact[0], True) if exact else (_contained(name), False)
    if found is None:
        return None
    spelling, unknown = _unit_spelling(found.name, unit)
    return Match(str(header), found.name, spelling, unknown, is_exact)


def _exact(name: str) -> list:
    """Columns whose name or a usual header is exactly *name* (spaces, case aside)."""
    key = _key(name)
    return [c for c in COLUMNS if key in {_key(c.name), *map(_key, (*c.zh, *c.en))}]


def cut_names(header: str, dbf: str) -> dict[str, str]:
    """Return the columns whose name or a usual header a DBF cuts to *header*, with that name.

    Examples
    --------
    >>> cut_names("rd_spendin", "utf-8")
    {'rd_spending': 'rd_spending'}
    >>> cut_names("主营业务收", "gb18030")
    {'revenue': '主营业务收入'}
    """
    return _cuts(dbf).get(_key(norm(header).translate(TRADITIONAL)), {})


@cache
def _cuts(dbf: str) -> dict[str, dict[str, str]]:
    """Map each cut name (as :func:`_key` has it) to its columns and their names."""
    out: dict[str, dict[str, str]] = {}
    for c in COLUMNS:
        for name in (c.name, *c.en, *c.zh):
            short = cut(name, dbf)
            if short is not None and short != name:
                out.setdefault(_key(short), {}).setdefault(c.name, name)
    return out


def unclear_cuts(headers: Iterable[str], dbf: str) -> dict[str, str]:
    """Headers a DBF cut from names of two columns, or beside a renamed twin, and why.

    Such a header is not proposed: two names merged into one field would be read as one.
    """
    headers = [str(h) for h in headers]
    out = {}
    for h in headers:
        if _exact(norm(h).translate(TRADITIONAL)):
            continue
        found = cut_names(h, dbf)
        said = ", ".join(f"{name!r} ({column})" for column, name in found.items())
        if len(found) > 1:
            out[h] = (
                f"the Shapefile field {h!r} is the first 10 bytes of {said}; landsim cannot "
                "tell which: map it in inventory.columns"
            )
        elif found and (renamed := twins(h, headers, dbf)):
            out[h] = (
                f"the Shapefile fields {h!r} and {renamed[0]!r} are two names cut to 10 bytes "
                f"(the second renamed); either may be {said}: map the one it is in "
                "inventory.columns"
            )
    return out


def _contained(name: str):
    """Find the column whose usual Chinese header *name* contains (longest first)."""
    if any(word in name for word in NOT_A_VALUE):
        return None
    best, length = None, 0
    for c in COLUMNS:
        for zh in c.zh:
            if len(zh) > length and zh in name:
                if c.name == "area_mu" and any(w in name for w in NOT_LAND_AREA):
                    continue
                best, length = c, len(zh)
    return best


def _unit_spelling(column: str, unit: str | None) -> tuple[str | None, str]:
    quantity = BY_NAME[column].quantity
    if unit is None:
        return None, ""
    if quantity is None:
        known = _AS_IS.get(column)
        return None, "" if known is None or unit.lower() in known else unit
    spelling = _UNIT_ALIASES.get(unit, unit)
    try:
        units.factor(quantity, spelling)
    except KeyError:
        return None, unit
    return spelling, ""


def propose(headers: Iterable[str], dbf: str | None = None) -> dict[str, Match]:
    """Pick one header for each column the headers name: exact names first, then file order.

    *dbf*: the codec of a Shapefile's field names (see :func:`match`); headers in
    :func:`unclear_cuts` are left out.
    """
    headers = [str(h) for h in headers]
    unclear = unclear_cuts(headers, dbf) if dbf is not None else {}
    found = [m for h in headers if h not in unclear and (m := match(h, dbf)) is not None]
    found.sort(key=lambda m: not m.exact)  # stable: file order within each group
    out: dict[str, Match] = {}
    for m in found:
        out.setdefault(m.column, m)
    return out


def suggestions(
    headers: Iterable[str], mapped: Iterable[str], dbf: str | None = None
) -> list[Match]:
    """Headers that name a column the scenario does not map (*mapped*: columns loaded)."""
    taken = set(mapped)
    return [m for m in propose(headers, dbf).values() if m.column not in taken]

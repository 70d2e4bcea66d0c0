"""How the scenario points at and reads a treatment history (what the district really did).

A treatment history has one row per treatment: which parcel, what was done to it and in
which year, and optionally what was paid, which industry took the land and when it was
sold and produced. It is read like the inventory (encodings, title rows, number rules,
units) and compared with what the model would have done (``landsim backtest``) or used
to fit the model's parameters (``landsim calibrate``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, create_model, field_validator, model_validator

import landsim.units as units
from landsim.scenario.columns import Column
from landsim.scenario.schema.base import Model

#: Treatments the history may name, and the words for them that need no mapping
#: (matched after Unicode normalization, case-insensitive). Ambiguous words such as a
#: bare 盘活 (any revitalization) or 关停 (a firm shut, its land not necessarily taken
#: back) are left out on purpose: map them in ``history.treatments``.
TREATMENT_WORDS: dict[str, tuple[str, ...]] = {
    "vacate": ("vacate", "vacated", "腾退", "收储", "腾退收储", "收储腾退", "收回", "腾笼换鸟"),
    "upgrade": ("upgrade", "upgraded", "整治提升", "提升", "整治", "改造提升", "提升改造", "技改"),
    "reactivate": ("reactivate", "reactivated", "盘活闲置", "闲置盘活", "闲置地盘活"),
}

#: The columns of a treatment history. A column whose header in the file is its
#: canonical name or its template header (the first of ``zh``) needs no mapping.
HISTORY_COLUMNS: tuple[Column, ...] = (
    Column(
        "parcel_id",
        "str",
        "",
        None,
        True,
        None,
        "Id of the parcel treated, as in the inventory's `parcel_id`.",
        ("地块编号", "宗地编号", "地块代码", "宗地代码"),
        en=("parcel id",),
    ),
    Column(
        "treatment",
        "category",
        "",
        None,
        True,
        None,
        "What was done: vacate, upgrade or reactivate, or the district's own word for it "
        "(mapped in `history.treatments`).",
        ("处置方式", "处置类型", "处置措施", "整治方式"),
        choices=TREATMENT_WORDS,
        en=("action",),
    ),
    Column(
        "year",
        "int",
        "",
        None,
        True,
        None,
        "Year of the treatment (the year the firm was vacated, upgraded or the land reactivated).",
        ("处置年份", "年份", "实施年份", "完成年份"),
        en=("year treated",),
    ),
    Column(
        "compensation",
        "float",
        "万元",
        "money",
        False,
        None,
        "Money paid for the treatment: compensation for vacating or reactivating, the "
        "subsidy for an upgrade.",
        ("补偿金额（万元）", "补偿金额", "补偿款", "补助金额"),
        minimum=(0.0, False),
        en=("money paid",),
    ),
    Column(
        "new_industry",
        "str",
        "",
        None,
        False,
        None,
        "Industry that took the land (a target industry's id, Chinese or English name); "
        "empty while the land is not sold.",
        ("引进产业", "新引入产业", "新产业", "引进项目产业"),
        en=("industry",),
    ),
    Column(
        "year_transfer",
        "int",
        "",
        None,
        False,
        None,
        "Year the land was sold (出让) to a new user; empty while it is not.",
        ("出让年份", "供地年份"),
        en=("year sold",),
    ),
    Column(
        "year_production",
        "int",
        "",
        None,
        False,
        None,
        "Year the new user started production; empty while it has not.",
        ("投产年份", "投产时间"),
        en=("year in production",),
    ),
)

HISTORY_BY_NAME: dict[str, Column] = {c.name: c for c in HISTORY_COLUMNS}

#: ``history.columns``: one optional key per history column, value = the user's header.
HistoryColumns = create_model(  # type: ignore[call-overload]
    "HistoryColumns",
    __base__=Model,
    __doc__="Map history columns (keys) to the headers in your file (values).",
    **{c.name: (str | None, Field(default=None, description=c.meaning)) for c in HISTORY_COLUMNS},
)

Treatment = Literal["vacate", "upgrade", "reactivate"]


class HistoryUnits(Model):
    """Units of the numbers in the history file, converted once on load."""

    money: str = "wan_yuan"
    """Unit of `compensation`: `yuan`/`元`, `wan_yuan`/`万元`, `qian_yuan`/`千元` or
    `yi_yuan`/`亿元`."""

    @model_validator(mode="after")
    def _known(self) -> HistoryUnits:
        try:
            units.factor("money", self.money)
        except KeyError:
            raise ValueError(
                f"unknown money unit {self.money!r}; use one of "
                f"{', '.join(units.accepted('money'))}"
            ) from None
        return self


class HistorySpec(Model):
    """Where the treatment history is and how to read it (`landsim backtest`, `calibrate`).

    Headers that are the canonical names (`parcel_id`, `treatment`, `year`, …) or the
    template's Chinese headers (地块编号, 处置方式, 处置年份, 补偿金额（万元）, 引进产业,
    出让年份, 投产年份) need no mapping; map others in `columns`.
    """

    path: str | None = None
    """The file: `.csv`, `.xlsx` or `.parquet`, relative to the scenario file that names
    it. `--history FILE` on the command line replaces it."""
    format: Literal["auto", "csv", "xlsx", "parquet"] = "auto"
    """File format; `auto` goes by the file extension."""
    encoding: Literal["auto", "utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "big5"] = "auto"
    """CSV text encoding, detected as for the inventory when `auto`."""
    delimiter: str | None = None
    """CSV field separator; detected when not given."""
    decimal: Literal[".", ","] = "."
    """Decimal mark of numbers written as text (as `inventory.decimal`)."""
    thousands: Literal["none", ",", ".", " ", "'"] = "none"
    """Thousands separator of numbers written as text (as `inventory.thousands`)."""
    fullwidth_digits: bool = False
    """Read full-width digits (`２０２３`) as ordinary ones."""
    sheet: str | int | None = None
    """Excel sheet name or 0-based index; the first sheet by default."""
    header_row: int = Field(default=1, ge=1)
    """Line (CSV) or row (Excel) holding the headers, 1-based."""
    columns: HistoryColumns = HistoryColumns()  # type: ignore[valid-type]
    """Your headers for the history columns, e.g. `{treatment: 处置类别, year: 年度}`."""
    treatments: dict[str, Treatment] = {}
    """The district's own words for treatments, e.g. `{关停并转: vacate, 亩产提升: upgrade}`,
    on top of the words every history may use (腾退, 收储, 整治提升, 盘活闲置, …; see
    docs/backtest.md)."""
    units: HistoryUnits = HistoryUnits()
    """Units of the numbers in the file."""

    @model_validator(mode="after")
    def _separators_differ(self) -> HistorySpec:
        if self.thousands == self.decimal:
            raise ValueError(f"thousands and decimal are both {self.decimal!r}; they must differ")
        return self

    @field_validator("delimiter")
    @classmethod
    def _one_char(cls, value: str | None) -> str | None:
        if value is not None and len(value) != 1:
            raise ValueError("give a single character, e.g. ',' or '\\t'")
        return value


__all__ = ["HISTORY_BY_NAME", "HISTORY_COLUMNS", "TREATMENT_WORDS", "HistorySpec"]

"""Names and rounding of the comparison table: scenario titles, indicator labels, units.

Shared by the table (:mod:`landsim.report.compare`), its cells and sentences
(:mod:`landsim.report.compare_cells`) and the brief (:mod:`landsim.report.compare_brief`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from landsim.analysis.alignment import Period
from landsim.analysis.compare import FLOWS, INDICATORS
from landsim.plots.labels import Words, year_span
from landsim.plots.names import distinct_labels
from landsim.runs import Results
from landsim.units import WAN_PER_YI

#: Decimals shown for each unit of :data:`~landsim.analysis.compare.INDICATORS`: whole mu,
#: persons, years and counts; money (亿元 or CNY bn) and per-mu figures to one decimal.
DIGITS = {"years": 0, "year": 0, "count": 0, "mu": 0, "persons": 0, "万元": 1, "万元/亩": 1}
#: Money the government spends, shown negative (flows of public money: in +, out −).
SPENDING = tuple(key for key, flow in FLOWS.items() if flow == "spending")


def digits(unit: str, words: Words) -> int:
    """Decimals shown for *unit*: money to 0.1 亿元, and as finely in CNY bn (0.01 bn)."""
    extra = round(math.log10(words.money_divisor / WAN_PER_YI)) if unit == "万元" else 0
    return DIGITS[unit] + extra


#: Indicators summed or read over the programme years compared, and over every year
#: compared (run-out years included): their labels say the years.
OVER_PROGRAMME = (
    "area|contiguous",
    "area|revitalized",
    "area|vacated",
    "jobs|dip",
    "projects|placed",
)
OVER_ALL_YEARS = ("passes|output",)


def indicator_label(key: str, words: Words, period: Period) -> str:
    """Label of an indicator, with its unit, for the comparison's period.

    Money is summed over the years compared, which a brief of one run may not share (it
    adds run-out years): the label says which, e.g. 政府净收支（亿元，2024—2030年累计）.
    Areas, major projects and the lowest jobs are read over the programme years compared
    and the year output passes the baseline over every year compared: their labels say
    the years too, e.g. 重大项目落地（个，2024—2030年）.
    """
    if key.startswith("years_met|") and len(period.programme) == 1:
        key = key.replace("years_met|", "one_year_met|")  # the year, not "（1年中）"
    label = words.t(key, n=len(period.programme), year=period.end, start=period.programme[0])
    if key in OVER_PROGRAMME:
        return with_years(label, period.programme[0], period.end, words.lang)
    if key in OVER_ALL_YEARS:
        return with_years(label, period.years[0], period.years[-1], words.lang)
    if not key.startswith("money|"):
        return label
    opened = label.rstrip("）)")  # the unit's bracket is closed again after the years
    return words.t(
        "cmp_money_years", label=opened, years=words.years(period.years[0], period.years[-1])
    )


def with_years(label: str, start: int, end: int, lang: str) -> str:
    """Add the years *start*–*end* to *label*, inside its unit's bracket when it has one.

    >>> with_years("连片腾换产业空间合计（亩）", 2024, 2030, "zh")
    '连片腾换产业空间合计（亩，2024—2030年）'
    >>> with_years("Major projects placed", 2024, 2030, "en")
    'Major projects placed (2024–2030)'
    """
    years = year_span(start, end, lang)
    comma, opening, closing = ("，", "（", "）") if lang == "zh" else (", ", " (", ")")
    if label.endswith(closing):
        return f"{label[: -len(closing)]}{comma}{years}{closing}"
    return f"{label}{opening}{years}{closing}"


def readable(
    table: pd.DataFrame, period: Period, runs: Sequence[Results], w: Words
) -> pd.DataFrame:
    """Turn :func:`~landsim.analysis.compare.indicators` into the table to read."""
    names = [c for c in table.columns if c != "unit"]
    out = {w.t("col_scenario"): scenario_titles(runs, w.lang)}
    years = [indicator_label(k, w, period) for k, unit in INDICATORS.items() if unit == "year"]
    places: dict[str, int] = {}
    for key, unit in INDICATORS.items():
        values = table.loc[key, names].astype(float).to_numpy()
        if pd.isna(values).all():
            continue
        if unit == "万元":
            values = values / w.money_divisor
        if key in SPENDING:
            values = -values
        column = pd.Series(values).round(digits(unit, w)) + 0.0  # + 0.0: no −0.0
        label = indicator_label(key, w, period)
        out[label] = column if DIGITS[unit] else column.astype("Int64")
        places[label] = digits(unit, w)
    shown = pd.DataFrame(out)
    shown.attrs["year_columns"] = [c for c in shown.columns if c in years]
    shown.attrs["digits"] = places  # decimals of each column, for printing
    return shown


def scenario_titles(runs: Sequence[Results], lang: str) -> list[str]:
    """Each run's title in *lang* (else its name), told apart when one occurs twice."""
    return distinct_labels(runs, lang)

"""A comparison in words and table cells, in Chinese or English.

The numbers come from :func:`landsim.analysis.compare.indicators` and
:func:`~landsim.analysis.compare.target_marks`, as rounded in ``headline.csv``; the
comparison brief draws these rows and lines.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from landsim.analysis.alignment import Period, unique_names
from landsim.analysis.compare import INDICATORS, target_marks
from landsim.plots.labels import Words, joined
from landsim.report.compare_names import digits, indicator_label, scenario_titles
from landsim.report.compare_notes import note_text
from landsim.report.headline import TargetRow
from landsim.report.sentences import item_name, money, signed, target_sentence, year_runs
from landsim.runs import Results

Table = list[list[str]]

#: Rows of the key-figures table and of the money table (indicator ids).
FIGURE_ROWS = (
    "output|difference",
    "tax|difference",
    "passes|output",
    "jobs|difference",
    "jobs|dip",
    "tax_per_mu|programme",
    "output_per_mu|programme",
    "area|contiguous",
    "area|revitalized",
    "area|vacated",
    "money|investment",
    "projects|placed",
)
MONEY_ROWS = ("money|compensation", "money|subsidy", "money|land_revenue", "money|net")
#: Values closer than this are a tie when naming the best scenario (in the unit shown).
TIE = 0.05


def answer_lines(runs: list[Results], w: Words, table: pd.DataFrame, period: Period) -> list[str]:
    """One line per run: targets met, output gained, net public money, jobs.

    Each target is said as in a run's own brief (:func:`~landsim.report.sentences.
    target_sentence`), from the year-by-year marks the targets table shows: the years
    missed are named (7年中6年达标，2030年未达标).
    """
    sep = "，" if w.lang == "zh" else "; "
    end = "。" if w.lang == "zh" else "."
    marks = target_marks(runs, period)
    ratio = runs[0].scenario.targets.platform_growth_ratio
    lines = []
    for title, name in zip(scenario_titles(runs, w.lang), unique_names(runs), strict=True):
        targets = [
            target_sentence(w, row, ratio)
            for item in ("contiguous", "revitalized")
            if (row := _target_row(marks, name, item)) is not None
        ]
        parts = [*targets, *_parts(w, table[name], period)]
        lines.append(w.t("compare_line", name=title, text=sep.join(parts)) + end)
    return lines


def _target_row(marks: pd.DataFrame, name: str, item: str) -> TargetRow | None:
    """Return run *name*'s target *item* from :func:`target_marks` (None: it has none)."""
    own = marks[(marks["scenario"] == name) & (marks["item"] == item)]
    if own.empty:
        return None
    return TargetRow(
        item=item,
        years=tuple(int(y) for y in own["year"]),
        achieved=tuple(float(a) for a in own["achieved"]),
        target=tuple(float(t) for t in own["target"]),
        met=tuple(bool(m) for m in own["met"]),
    )


def _parts(w: Words, column: pd.Series, period: Period) -> list[str]:
    """Output gained, net public money and jobs of one run's line."""
    parts = []
    gain, net, jobs = column["output|difference"], column["money|net"], column["jobs|difference"]
    if pd.notna(gain):
        direction = w.t("higher" if gain >= 0 else "lower")
        parts.append(
            w.t("compare_output_part", year=period.end, dir=direction, value=money(w, gain))
        )
    if pd.notna(net):
        direction = w.t("spending" if net < 0 else "income")
        parts.append(w.t("compare_money_part", dir=direction, value=money(w, net)))
    if pd.notna(jobs):
        direction = w.t("more_people" if jobs >= 0 else "fewer_people")
        value = f"{abs(jobs):,.0f}"
        parts.append(w.t("compare_jobs_part", year=period.end, dir=direction, value=value))
    return parts


def best(
    runs: list[Results], w: Words, values: pd.Series, scale: float = 1.0, tied: str = "tied"
) -> tuple[str, float]:
    """Name(s) of the runs with the highest value (ties joined) and that value.

    Tied runs whose names are too long to join are counted (label *tied*).
    """
    values = values.astype(float) / scale
    top = float(values.max())
    titles = scenario_titles(runs, w.lang)
    names = [t for t, v in zip(titles, values, strict=True) if v >= top - TIE]
    together = ("、" if w.lang == "zh" else " and ").join(names)
    if len(names) > 1 and len(together) > TIED_NAMES_AT_MOST:  # a title runs off the page
        return w.t(tied, n=len(names)), top
    return together, top


#: Longest joined names of tied runs a chart title spells out (assumption: what fits on
#: one line of an A4 page's title beside the rest of the sentence).
TIED_NAMES_AT_MOST = 36


def figure_titles(
    runs: list[Results], w: Words, table: pd.DataFrame, period: Period
) -> dict[str, str]:
    """Titles of the comparison charts that state the finding (who does best).

    Of two runs they compare (较多, "more in"), of three or more name the most (最多,
    "most in"). Net public money says what is less or more, spending or income, never
    which is best. Money has as many decimals as in the tables; when every run has the
    same value (within :data:`TIE`), the title says so instead of naming them all.
    """
    titles = _target_titles(runs, w, table, period)
    names = unique_names(runs)
    places = digits("万元", w)
    degrees = {word: degree(w, word, len(runs)) for word in DEGREES}
    values = table.loc["output|difference", names].astype(float) / w.money_divisor
    best = values.max()
    key = gained_key("cmp_title_output", values)
    value = f"{abs(best):,.{places}f}"  # a loss is said in words (减少), not with a sign
    value = value if key.endswith(LOST) else signed(value, best)
    words = {"year": period.end, "value": value, **degrees}
    titles["output_gained"] = _best_title(runs, w, values, key, words)
    values = table.loc["money|net", names].astype(float) / w.money_divisor
    flow = "spending" if values.max() < 0 else "income"
    words = {"value": f"{abs(values.max()):,.{places}f}", **degrees}
    titles["money_net"] = _best_title(runs, w, values, f"cmp_title_money_{flow}", words)
    values = table.loc["jobs|difference", names].astype(float)
    words = {
        "year": period.end,
        "dir": w.t("more_people" if values.max() >= 0 else "fewer_people"),
        "value": f"{abs(values.max()):,.0f}",
        **degrees,
    }
    key = gained_key("cmp_title_jobs", values)
    titles["jobs_gained"] = _best_title(runs, w, values, key, words)
    return titles


#: The ending of a gain title's key when every run loses (:func:`gained_key`).
LOST = "_fewest_lost"


def gained_key(key: str, values: pd.Series) -> str:
    """Return the title *key* of a gain, or its ``_fewest_lost`` form when every run loses.

    When every value is below 0, the best run loses least: 减少较少 (of two), 减少最少,
    "less lost", never "most" of a loss (产值增加：甲最多（−43.8亿元）) nor "highest".

    >>> gained_key("cmp_title_output", pd.Series([-43.8, -50.1]))
    'cmp_title_output_fewest_lost'
    """
    return key if values.max() >= 0 else f"{key}{LOST}"


#: The words of a finding (:func:`degree`).
DEGREES = ("most", "least", "highest", "closest")


def degree(w: Words, word: str, n_runs: int) -> str:
    """Say *word* of :data:`DEGREES` for *n_runs*: of two the comparative (较多, "more").

    >>> degree(Words("zh"), "most", 2), degree(Words("zh"), "most", 3)
    ('较多', '最多')
    """
    return w.t(f"cmp_{word}_two" if n_runs == 2 else f"cmp_{word}")


def _target_titles(
    runs: list[Results], w: Words, table: pd.DataFrame, period: Period
) -> dict[str, str]:
    """Titles of the target charts: who meets the target more or most often.

    Over one year compared, the year is named, never "1年中1年". Of two runs, when
    one meets it every year, the title says when the other misses it.
    """
    names = unique_names(runs)
    n = len(period.programme)
    one = "_year" if n == 1 else ""  # the titles naming the one year
    titles = {}
    for item in ("contiguous", "revitalized"):
        met = table.loc[f"years_met|{item}", names]
        if met.isna().all():
            continue
        words = {"item": item_name(w, item), "n": n, "year": period.programme[0]}
        if met.max() == 0:
            titles[f"targets_{item}"] = w.t(f"cmp_title_none{one}", **words)
        elif met.nunique() == 1:
            titles[f"targets_{item}"] = w.t(f"cmp_title_same{one}", met=int(met.max()), **words)
        elif len(runs) == 2 and n > 1 and met.max() == n:
            titles[f"targets_{item}"] = _all_but_title(runs, w, item, met, period, words)
        else:
            who, top = best(runs, w, met, tied="tied_met" if one else "tied")
            most = degree(w, "most", len(runs))
            titles[f"targets_{item}"] = w.t(
                f"cmp_title_targets{one}", name=who, met=int(top), most=most, **words
            )
    return titles


def _all_but_title(
    runs: list[Results],
    w: Words,
    item: str,
    met: pd.Series,
    period: Period,
    words: dict[str, object],
) -> str:
    """Title of two runs' target, one meeting it every year: the other misses it when.

    e.g. 盘活低效用地：甲方案各年均达标，乙方案2030年未达标.
    """
    name, other = (scenario_titles(runs, w.lang)[i] for i in met.to_numpy().argsort()[::-1])
    marks = target_marks(runs, period)
    mine = marks[(marks["scenario"] == met.idxmin()) & (marks["item"] == item)]
    if met.min() == 0:
        return w.t("cmp_title_all_none", name=name, other=other, **words)
    years = year_runs(mine.loc[~mine["met"].astype(bool), "year"].tolist(), w.lang)
    return w.t("cmp_title_all_but", name=name, other=other, years=years, **words)


def _best_title(
    runs: list[Results], w: Words, values: pd.Series, key: str, words: dict[str, object]
) -> str:
    """Title *key* naming the run(s) with the highest of *values*, or saying all are alike."""
    if len(runs) > 1 and bool((values >= values.max() - TIE).all()):
        return note_text(key, w.lang, **words)
    who, _ = best(runs, w, values)
    return w.t(key, name=who, **words)


def targets_rows(runs: list[Results], w: Words, period: Period) -> tuple[Table, str]:
    """✓/✗ with the value achieved, year by year, for each target of each run.

    Returns the rows and the targets for the table's title (when every run has the same).
    """
    marks = target_marks(runs, period)
    header = [w.t("col_scenario"), w.t("col_item"), *map(str, period.programme), w.t("col_met")]
    rows = [header]
    targets = _common_targets(marks)
    ratio = runs[0].scenario.targets.platform_growth_ratio
    for title, name in zip(scenario_titles(runs, w.lang), unique_names(runs), strict=True):
        own = marks[marks["scenario"] == name]
        for i, (item, group) in enumerate(own.groupby("item", sort=False)):
            digits = "{:.2f}" if item == "platform_growth" else "{:,.0f}"
            cells = [
                f"{'✓' if m else '✗'} {digits.format(a) if a == a else '—'}"
                for a, m in zip(group["achieved"], group["met"], strict=True)
            ]
            label = _row_label(w, item, group, item in targets)
            met = w.t("met_count", met=int(group["met"].sum()), n=len(group))
            rows.append([title if i == 0 else "", label, *cells, met])
    return rows, _targets_text(w, targets, ratio)


def _common_targets(marks: pd.DataFrame) -> dict[str, float]:
    """Targets that are one number in every year of every run, by item."""
    out = {}
    for item, group in marks.groupby("item", sort=False):
        values = group["target"].dropna().unique()
        if len(values) == 1:
            out[str(item)] = float(values[0])
    return out


def _row_label(w: Words, item: str, group: pd.DataFrame, common: bool) -> str:
    if item == "platform_growth":
        return w.t("cmp_row_platform_growth")
    if common:  # the target is in the table's title
        return w.t("row_target_varies", item=item_name(w, item))
    values = group["target"].dropna().unique()
    if len(values) == 1:
        return w.t("row_target_mu", item=item_name(w, item), target=f"{values[0]:,.0f}")
    return w.t("row_target_varies", item=item_name(w, item))


def _targets_text(w: Words, targets: dict[str, float], ratio: float) -> str:
    parts = [
        w.t("cmp_target_growth", ratio=ratio)
        if item == "platform_growth"
        else w.t("cmp_target_mu", item=item_name(w, item), value=f"{value:,.0f}")
        for item, value in targets.items()
    ]
    return joined(parts, w.lang)


def value_rows(shown: pd.DataFrame, w: Words, keys: Sequence[str], period: Period) -> Table:
    """Give indicators as rows, one column per run, rounded as in ``headline.csv``.

    Each row's label says its year or years, as in ``headline.csv``. The money rows are
    named as in a run's brief (腾退补偿), signed as there (+ income, − spending): the
    money table's heading gives their years and unit.
    """
    turned = shown.set_index(shown.columns[0]).T
    rows = [[w.t("col_item"), *turned.columns]]
    for key in keys:
        label = indicator_label(key, w, period)
        if label in turned.index:
            money_row = key in MONEY_ROWS
            shown_as = w.t(key.removeprefix("money|")) if money_row else label
            rows.append([shown_as, *(cell(w, key, v, plus=money_row) for v in turned.loc[label])])
    return rows


def cell(w: Words, key: str, value: object, plus: bool = False) -> str:
    """One value of an indicator as printed: thousands separated, a true minus sign.

    With *plus*, a positive value gets "+" (public money: income).
    """
    if value is None or pd.isna(value):
        return w.t("never") if key == "passes|output" else "—"
    if key == "passes|output":
        return str(int(value))
    value = float(value)
    return signed(f"{abs(value):,.{digits(INDICATORS[key], w)}f}", value, plus=plus)

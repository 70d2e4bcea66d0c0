"""A comparison in words and table cells, in Chinese or English.

The numbers come from :func:`landsim.analysis.compare.indicators` and
:func:`~landsim.analysis.compare.target_marks`, as rounded in ``headline.csv``; the
comparison brief draws these rows and lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from landsim.analysis.alignment import Period, parcels_differ, same_results, unique_names
from landsim.analysis.compare import INDICATORS, target_marks
from landsim.plots.labels import Words, adjacency_note, joined, pick
from landsim.report.compare_names import digits, indicator_label, scenario_titles
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


#: Words of a comparison that the label catalogue (:mod:`landsim.plots.labels`) does not
#: hold yet, in Chinese and English.
NOTES = {
    "same_all": (
        "各情景结果完全相同，各项差值均为0（可能是同一运行重复输入，或改动未起作用）",
        "The scenarios have identical results: every difference is 0 (one run given "
        "twice, or a change without effect)",
    ),
    "same_some": (
        "{names}结果完全相同，相互间各项差值均为0（可能是同一运行重复输入，或改动未起作用）",
        "{names} have identical results: every difference between them is 0 (one run "
        "given twice, or a change without effect)",
    ),
    # chart titles when every scenario has the same value (keys as the titles they replace)
    "cmp_title_output": (
        "{year}年产值增加：各情景相同（{value}亿元）",
        "Output gained in {year}: the same in every scenario (CNY {value} bn)",
    ),
    "cmp_title_output_fewest_lost": (
        "{year}年产值比基准情景减少：各情景相同（{value}亿元）",
        "Output lost against the baseline in {year}: the same in every scenario (CNY {value} bn)",
    ),
    "cmp_title_money_spending": (
        "政府累计净支出：各情景相同（{value}亿元）",
        "Net public spending: the same in every scenario (CNY {value} bn)",
    ),
    "cmp_title_money_income": (
        "政府累计净收入：各情景相同（{value}亿元）",
        "Net public income: the same in every scenario (CNY {value} bn)",
    ),
    "cmp_title_jobs": (
        "{year}年就业：各情景相同（比基准情景{dir}{value}人）",
        "Jobs in {year}: the same in every scenario ({value} {dir} than the baseline)",
    ),
    "cmp_title_jobs_fewest_lost": (
        "{year}年就业：各情景相同（比基准情景{dir}{value}人）",
        "Jobs in {year}: the same in every scenario ({value} {dir} than the baseline)",
    ),
    "note": ("注：", "note: "),
    "money_sign": (
        "资金单位为亿元，支出为负、收入为正（indicators.csv中为万元，支出与收入均记为正数，见flow列）",
        "money in CNY bn, spending negative, income positive (indicators.csv: in 万元 = CNY "
        "10,000, spending and income both positive, as its flow column says)",
    ),
}


def note_text(key: str, lang: str, **values: object) -> str:
    """Return the note *key* of :data:`NOTES` in *lang*, with *values* filled in."""
    return pick(NOTES[key], lang, **values)


def comparison_notes(runs: list[Results], w: Words, period: Period) -> list[str]:
    """Return the notes of a comparison: identical runs, years, parcels, seeds, draws.

    The brief prints them under its subtitle and the console above its table.
    """
    notes = (
        *same_notes(runs, w),
        horizon_note(runs, w, period),
        inventory_note(runs, w),
        seed_note(runs, w),
        w.t("compare_draws") if any(r.draws > 1 for r in runs) else None,
    )
    return [n for n in notes if n]


def same_notes(runs: list[Results], w: Words) -> list[str]:
    """Say so when runs have identical results (every difference between them 0)."""
    groups = same_results(runs)
    if groups and len(groups[0]) == len(runs):
        return [note_text("same_all", w.lang)]
    titles = scenario_titles(runs, w.lang)
    return [
        note_text("same_some", w.lang, names=together([titles[i] for i in group], w.lang))
        for group in groups
    ]


def together(names: list[str], lang: str) -> str:
    """Name runs in a sentence: "甲与乙", "甲、乙、丙"; "A and B", "A, B and C"."""
    if lang == "zh":
        return "与".join(names) if len(names) == 2 else "、".join(names)
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]


def adjacency_notes(runs: list[Results], w: Words) -> list[str]:
    """Say in which runs contiguity (连片) is approximate or impossible, naming them.

    A run whose adjacency came from parcel centres (``points``) has approximate
    contiguous areas; one without adjacency (``none``) cannot meet a contiguous target
    (:func:`~landsim.plots.labels.adjacency_note`, the note of a run's own brief). Runs
    with polygons or a table, or whose folder did not record the rule, need none. When
    every run shares the rule, the note says every scenario.
    """
    titles = scenario_titles(runs, w.lang)
    notes = []
    for key in ("points_note", "none_note"):
        names = [
            t
            for t, r in zip(titles, runs, strict=True)
            if adjacency_note(r.adjacency_method) == key
        ]
        if names:
            who = w.t("every_scenario") if len(names) == len(runs) > 1 else together(names, w.lang)
            notes.append(w.t(f"compare_{key}", names=who))
    return notes


def seed_note(runs: list[Results], w: Words) -> str | None:
    """Say so when the runs have different seeds: some of their differences are chance."""
    seeds = list(dict.fromkeys(int(r.scenario.seed) for r in runs))
    if len(seeds) < 2:
        return None
    return w.t("compare_seeds", seeds=joined([str(s) for s in seeds], w.lang))


def inventory_note(runs: list[Results], w: Words) -> str | None:
    """Say so when the runs read different parcels: their differences include them.

    By the parcels themselves (:func:`~landsim.analysis.compare.parcels_differ`), not
    the files' names: one inventory as CSV and as GeoPackage is one inventory.
    """
    if not parcels_differ(runs):
        return None
    files = list(dict.fromkeys(Path(r.scenario.inventory.path).resolve() for r in runs))
    return w.t("compare_inventories", files=joined([f.name for f in files], w.lang))


def horizon_note(runs: list[Results], w: Words, period: Period) -> str | None:
    """Say which years are compared when the runs' programmes cover different years."""
    spans = sorted({(r.scenario.horizon.start, r.scenario.horizon.end) for r in runs})
    if len(spans) < 2:
        return None
    return w.t(
        "compare_horizons",
        spans=joined([w.years(a, b) for a, b in spans], w.lang),
        common=w.years(period.years[0], period.end),
        summed=w.years(period.years[0], period.years[-1]),
    )

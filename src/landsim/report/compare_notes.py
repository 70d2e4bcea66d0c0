"""The comparison's notes: runs that are the same, their contiguity, seeds, inventories, years.

Said under the comparison's title and on its console, in Chinese or English, as a run's
own brief says its notes (:func:`landsim.plots.labels.adjacency_note`).
"""

from __future__ import annotations

from pathlib import Path

from landsim.analysis.alignment import Period, parcels_differ, same_results
from landsim.plots.labels import Words, adjacency_note, joined, pick
from landsim.report.compare_names import scenario_titles
from landsim.runs import Results

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

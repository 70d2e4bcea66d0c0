"""What ``landsim run`` prints: each year's results, the probabilities, shortfalls, projects.

Every word follows ``--lang`` (default: the scenario's ``plots.lang``), as in ``compare``
and ``sensitivity``. The English console is the one scripts may read and stays as it
was; the Chinese one uses the terms of the charts and briefs (:mod:`landsim.plots.labels`)
and, for the console's own words, :data:`RUN`. Money is in 亿元 in both languages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from landsim.cli.console import aligned, right_aligned
from landsim.plots.labels import adjacency_note, cause, pick, t

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from landsim.runs import Results

#: Words of the run console that the catalogue does not have: (zh, en).
RUN: dict[str, tuple[str, str]] = {
    "title": (
        "{name}：逐年结果（全区；✓ 达标，✗ 未达标）",
        "{name}: yearly results (district)",
    ),
    "title_central": (  # with draws: the table is the run at central values
        "{name}：逐年结果（中心值情景；全区；✓ 达标，✗ 未达标）",
        "{name}: yearly results (district; run at central values)",
    ),
    "run_out": (
        "*{end}年规划期结束后的年份：不设指标和目标",
        "* run-out year after the programme's end ({end}): no quotas, no targets",
    ),
    "probabilities": (
        "{n:,}次抽样中达成目标的概率：",
        "Probability of meeting the targets over {n:,} draws:",
    ),
    "shortfalls": (
        "缺口1亩及以上的共{n}项（原因见shortfalls.csv）",
        "{n} shortfalls of ≥ 1 mu (causes in shortfalls.csv)",
    ),
    "small_shortfalls": ("；另有{n}项较小缺口（{cause}）", "; {n} smaller ones from parcel sizes"),
    "project": ("重大项目：{name}{phase}，", "Project {name}{phase}: "),
    "phase": ("（第{n}期）", ", phase {n}"),
    "placed": ("{year}年落地", "placed in {year}"),
    "not_placed": ("未落地：{reason}", "not placed: {reason}"),
    "no_xlsx": (
        "（未写入.xlsx工作簿：请用 pip install 'landsim[excel]' 安装）",
        "(no .xlsx workbook: install it with pip install 'landsim[excel]')",
    ),
    "progress_years": ("年份", "years"),
    "progress_draws": ("抽样", "draws"),
}
#: Units under the Chinese table's heads (:func:`zh_heads`): output gained and net public
#: money are each year's flows (亿元/年), as the workbook's yearly results say.
ZH_UNITS = ("", "（亩）", "（亩）", "（亿元/年）", "（人）", "（亿元/年）")
#: The English table's heads and widths, as scripts have always read them.
EN_HEADS = (
    "year",
    "contiguous mu",
    "revitalized mu",
    "output gained 亿元",
    "jobs gained",
    "net money 亿元",
)
EN_WIDTHS = (6, 16, 17, 20, 13, 17)
EN_PROBABILITY_WIDTHS = (6, 13, 14)


def run_text(key: str, lang: str, **values: object) -> str:
    """Return the run console's word *key* (of :data:`RUN`) in *lang*, values filled in."""
    return pick(RUN[key], lang, **values)


def headline(res: Results, lang: str = "en") -> str:
    """Summarize each year: targets, output and jobs gained, net money (and probabilities).

    Parameters
    ----------
    res
        A run's results.
    lang
        ``"zh"`` or ``"en"``.

    Returns
    -------
    str
        The lines the console prints, columns aligned by display width, so Chinese text
        (two columns a character) lines up in a terminal.
    """
    # a run-out year has no ✓/✗: in Chinese its figures keep their place under the others'
    # (the English cells stay as scripts have read them)
    cells = _year_cells(res, no_mark="  " if lang == "zh" else "")
    title = "title_central" if res.draws > 1 else "title"  # draws have their own table
    lines = [run_text(title, lang, name=res.scenario.name)]
    if lang == "zh":  # a name over its unit: the table fits 80 columns
        lines += aligned([zh_heads(), ZH_UNITS, *cells])
    else:
        lines += [right_aligned(EN_HEADS, EN_WIDTHS), *(right_aligned(c, EN_WIDTHS) for c in cells)]
    if any(c[0].endswith("*") for c in cells):  # run-out years
        lines.append(run_text("run_out", lang, end=res.scenario.horizon.end))
    note = adjacency_note(res.adjacency_method)  # contiguity from points, or none at all
    if note:
        lines.append(t(note, lang))
    lines += _probabilities(res, lang) + _shortfalls(res.shortfalls, lang)
    lines += project_lines(res.projects, lang)
    return "\n".join(lines)


def zh_heads() -> tuple[str, ...]:
    """Return the Chinese table's heads: the catalogue's terms for the year and targets."""
    return (t("year", "zh"), *_zh_targets(), "产值增加", "就业增加", "政府净收支")


def _zh_targets() -> tuple[str, str]:
    return t("item_contiguous", "zh"), t("item_revitalized", "zh")


def _year_cells(res: Results, no_mark: str = "") -> list[tuple[str, ...]]:
    """Each year's cells: year (* when run-out), areas with ✓/✗ (or *no_mark*), 亿元."""

    def col(var: str):
        return res.table(var)["district"]

    cont, cont_t = col("area|contiguous"), col("target|contiguous")
    rev, rev_t = col("area|revitalized"), col("target|revitalized")
    diff, jobs, net = col("output|difference"), col("jobs|difference"), col("money|net")
    end = res.scenario.horizon.end
    rows = []
    for y in cont.index:
        run_out = y > end
        rows.append(
            (
                str(y) + ("*" if run_out else ""),
                f"{cont[y]:,.0f}{no_mark if run_out else _mark(cont[y], cont_t.get(y, 0.0))}",
                f"{rev[y]:,.0f}{no_mark if run_out else _mark(rev[y], rev_t.get(y, 0.0))}",
                f"{diff[y] / 1e4:,.1f}",
                f"{jobs[y]:+,.0f}",
                f"{net[y] / 1e4:,.1f}",
            )
        )
    return rows


def _mark(achieved: float, target: float) -> str:
    return " ✓" if achieved >= target - 1e-6 else " ✗"


def _probabilities(res: Results, lang: str) -> list[str]:
    if res.probabilities is None:
        return []
    prob = res.probabilities.pivot(index="year", columns="target", values="probability")
    cells = [
        (str(y), f"{r['contiguous']:.0%}", f"{r['revitalized']:.0%}") for y, r in prob.iterrows()
    ]
    heading = "\n" + run_text("probabilities", lang, n=res.draws)
    if lang == "zh":
        return [heading, *aligned([(t("year", "zh"), *_zh_targets()), *cells])]
    widths = EN_PROBABILITY_WIDTHS
    heads = ("year", "contiguous", "revitalized")
    return [heading, right_aligned(heads, widths), *(right_aligned(c, widths) for c in cells)]


def _shortfalls(shortfalls: pd.DataFrame, lang: str) -> list[str]:
    """How many shortfalls of at least 1 mu, and how many smaller ones (parcel sizes)."""
    big = int((shortfalls["missing"] >= 1.0).sum())
    small = len(shortfalls) - big
    line = run_text("shortfalls", lang, n=big)
    if small:
        line += run_text("small_shortfalls", lang, n=small, cause=cause("granularity", lang))
    return ["\n" + line]


def project_lines(projects: pd.DataFrame, lang: str) -> list[str]:
    """One line a phase of a major project: placed when, or why not.

    Parameters
    ----------
    projects
        The run's ``projects`` table; in Chinese, names are ``name_zh`` and reasons
        ``reason_zh`` (the English ``reason`` when a table has none); in English, the
        project's id and ``reason``.
    lang
        ``"zh"`` or ``"en"``.
    """
    if not len(projects):
        return []
    phases = projects.groupby("project")["project"].transform("size")
    lines = []
    for i, row in projects.iterrows():
        phase = run_text("phase", lang, n=row["phase"]) if phases[i] > 1 else ""
        name = row["name_zh"] if lang == "zh" else row["project"]
        text = run_text("project", lang, name=name, phase=phase)
        if row["status"] == "placed":
            text += run_text("placed", lang, year=row["year_placed"])
        else:
            text += run_text("not_placed", lang, reason=_reason(row, lang))
        lines.append(text)
    return lines


def _reason(row: pd.Series, lang: str) -> str:
    chinese = row.get("reason_zh")
    if lang == "zh" and isinstance(chinese, str) and chinese:
        return chinese
    return str(row["reason"])

"""What ``landsim validate`` prints, in Chinese or English.

Every word follows ``--lang`` (default: the scenario's ``plots.lang``), as in ``run``.
The English report is the one scripts may read and stays as it was; the Chinese one uses
the terms of the run console and the briefs (:mod:`landsim.plots.labels`) and, for the
report's own words, :data:`VALIDATE`. Problems with the input (exit code 2) are said by
the input's checks, in English, whatever the language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from landsim.cli.console import aligned, display_width
from landsim.plots.labels import joined, pick, t

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from landsim.scenario import Scenario

#: Columns the label of a line takes ("Adjacency  "); continued lines are indented as far.
LABEL_WIDTH = 11

#: Words of the report: (zh, en).
VALIDATE: dict[str, tuple[str, str]] = {
    # the labels of the first lines
    "scenario": ("情景", "Scenario"),
    "extends": ("继承", "Extends"),
    "horizon": ("规划期", "Horizon"),
    "inventory": ("地块表", "Inventory"),
    "crs": ("坐标系", "CRS"),
    "adjacency": ("相邻关系", "Adjacency"),
    "bridges": ("跨路连通", "Bridges"),
    # what they say
    "title": ("（{title}）", " — {title}"),
    "bundled_file": ("{name} 位于 {file}", "{name} is {file}"),
    "overrides": ("{file} 覆盖 {key}", "overrides {file}: {key}"),
    "years": (
        "{years}（地块表为{base}年数据，即基年）",
        "{years} (the inventory describes {base})",
    ),
    "parcels_file": ("{source}（{n:,}宗{encoding}）", "{source} ({n:,} parcels{encoding})"),
    "encoding": ("，{encoding}编码", ", {encoding}"),
    "no_coordinates": ("无坐标", "no coordinates"),
    "crs_unnamed": (
        "未指定：坐标按米计（可用 inventory.crs 指定）",
        "none named: coordinates taken as metres (set inventory.crs to name it)",
    ),
    "crs_projected": (
        "{crs}（读入时由 {source} 投影转换）",
        "{crs} (projected on load from {source})",
    ),
    "pairs": (
        "相邻地块{pairs:,}对（{method}）；连片区块{blocks:,}个，最大{largest:,.0f}亩；"
        "100亩及以上的{large:,}个",
        "{pairs:,} touching pairs ({method}); {blocks:,} connected blocks; largest "
        "{largest:,.0f} mu; {large:,} blocks of ≥ 100 mu",
    ),
    "method:polygons": ("按地块边界", "polygons"),
    "method:points": ("按地块中心点", "points"),
    "method:table": ("按相邻关系表", "table"),
    "method:none": ("无", "none"),
    "method:unknown": ("未记录", "unknown"),
    "points_note": (
        "近似：依据地块中心点推算，没有地块边界，区块可能被拆分或合并，连片面积偏大或偏小；"
        "地块边界或相邻关系表可给出准确区块（见 docs/inventory.md）",
        "approximate: from parcel centres, without boundaries, so blocks are split or "
        "merged and contiguous areas over- or understated; polygons or a neighbour table "
        "give exact blocks (docs/inventory.md)",
    ),
    "none_note": (
        "没有相邻的地块：每个区块只有一宗地块，连片目标按设定无法达成（见 docs/inventory.md "
        "中的 inventory.adjacency）",
        "no parcel touches another: every block is one parcel, so contiguous targets "
        "cannot be met as set (see inventory.adjacency in docs/inventory.md)",
    ),
    "bridge_pairs": ("跨路相邻地块{n:,}对（{within}）", "{n:,} pairs across roads ({within})"),
    "bridge_gap": ("间距{gap:g}米以内", "up to {gap:g} m"),
    "bridge_table": ("来自相邻关系表", "from the table"),
    # the platform table
    "col_platform": ("平台", "platform"),
    "col_parcels": ("地块（宗）", "parcels"),
    "col_mu": ("面积（亩）", "mu"),
    "col_idle": ("闲置（亩）", "idle mu"),
    "col_share": ("占全区", "share"),
    "platform_row": ("{name}（{id}）", "{name} ({id})"),
    # the candidate rules
    "rules": (
        "\n低效用地（按认定规则，模拟首年）：",
        "\nInefficient land (低效用地) by rule, first simulated year:",
    ),
    "rules_industrial": (
        "\n低效用地（按认定规则，模拟首年；只计工业用地）：",
        "\nInefficient land (低效用地) by rule, first simulated year, on industrial land only:",
    ),
    "rule_parcels": ("{n:,}宗", "{n:>7,} parcels"),
    "rule_mu": ("{mu:,.1f}亩", "{mu:>11,.1f} mu"),
    # the notes below
    "distributions": (
        "\n{n}个参数为概率分布（使用 --draws 时抽样；单次运行取中心值）：{names}",
        "\n{n} parameters are distributions (sampled with --draws; central values in a "
        "single run): {names}",
    ),
    # what the two lines below count: every parcel, or (some land left out) industrial land
    "parcels_all": ("地块", "parcels"),
    "parcels_industrial": ("工业用地地块", "parcels of industrial land"),
    "unlisted": (
        "\n{n:,}宗{parcels}的行业不在 existing_industries 中（按基准增速{growth}计）：{names}",
        "\n{n:,} {parcels} have industries not in existing_industries (baseline growth "
        "{growth}): {names}",
    ),
    "default_far": (
        "\n{n:,}宗{parcels}（{mu:,.1f}亩）无容积率，腾退时其建筑按容积率{far:g}补偿"
        "（treatments.vacate.default_far）",
        "\n{n:,} {parcels} ({mu:,.1f} mu) have no FAR; their buildings are compensated at "
        "FAR {far:g} (treatments.vacate.default_far)",
    ),
    "growth_bound": (
        "\n平台增速目标：各平台产值占基年全区产值的{share:.1%}，除非区内其余部分产值下降，"
        "平台增速至多为全区的{most:.2f}倍；目标{ratio:g}倍{verdict}。",
        "\nPlatform growth target: the platforms hold {share:.1%} of base-year output, so "
        "unless the rest of the district shrinks their growth is at most {most:.2f}× the "
        "district's; the target of {ratio:g}× {verdict}.",
    ),
    "cannot_be_met": ("无法达成", "cannot be met"),
    "can_be_met": ("可以达成", "can be met"),
    "ok": (
        "\n检查通过：情景及其地块表有效{more}。",
        "\nOK: the scenario and its inventory are valid{more}.",
    ),
    "warnings_above": ("（上文有{n}条警告）", " ({n} warning{s} above)"),
}


#: The rules' names in Chinese (the English ones are :func:`rule_summary`'s own), by key.
RULES_ZH: dict[str, str] = {
    "class": "亩均评价{classes}类",
    "tax": "亩均税收低于{threshold:g}万元/亩（{year}年）",
    "far": "容积率低于{far:g}",
    "idle": "闲置",
    "exit": "退出类行业（{industries}）",
    "any": "符合任一规则",
    "restricted": "不纳入处置（不会被选中）",
    "not_industrial": "　其中非工业用地（按用地性质）",
    "treatment": "→ {treatment}（{year}年候选）",
}


def say(word: str, lang: str, /, **values: object) -> str:
    """Return the report's *word* (a key of :data:`VALIDATE`) in *lang*, values filled in."""
    return pick(VALIDATE[word], lang, **values)


def labelled(key: str, text: str, lang: str) -> str:
    """Return a first line: its label (*key*), padded to :data:`LABEL_WIDTH` columns, then *text*.

    ``Adjacency  16,231 touching pairs …``; ``""`` as *key* indents a continued line.
    """
    label = say(key, lang) if key else ""
    return label + " " * max(LABEL_WIDTH - display_width(label), 1 if label else 0) + text


def platform_table(table: pd.DataFrame, lang: str) -> str:
    """Return the table of each platform's parcels, mu, idle mu and share of the district.

    *table* is :func:`landsim.inventory.summary.by_platform`'s.
    """
    names = [
        say("platform_row", lang, name=row["name"], id=pid) if pid != "district" else row["name"]
        for pid, row in table.iterrows()
    ]
    if lang != "zh":  # as scripts have always read it
        lines = [f"{'platform':<34}{'parcels':>9}{'mu':>12}{'idle mu':>10}{'share':>8}"]
        for label, (_, row) in zip(names, table.iterrows(), strict=True):
            lines.append(
                f"{label:<34}{row['parcels']:>9,}{row['mu']:>12,.1f}{row['idle_mu']:>10,.1f}"
                f"{row['share']:>8.1%}"
            )
        return "\n".join(lines)
    heads = tuple(say(k, lang) for k in ("col_platform", "col_parcels", "col_mu", "col_idle"))
    rows = [(*heads, say("col_share", lang))]
    rows += [
        (
            label,
            f"{row['parcels']:,}",
            f"{row['mu']:,.1f}",
            f"{row['idle_mu']:,.1f}",
            f"{row['share']:.1%}",
        )
        for label, (_, row) in zip(names, table.iterrows(), strict=True)
    ]
    return "\n".join(aligned(rows, indent=""))


def rule_lines(table: pd.DataFrame, scenario: Scenario, threshold: float, lang: str) -> list[str]:
    """Return the rows of :func:`~landsim.analysis.diagnostics.rule_summary`, headed.

    Parameters
    ----------
    table
        The rule summary (its ``key`` column names each row).
    scenario
        The scenario (the rules' classes, FAR and exit list, in Chinese).
    threshold
        The first year's tax-per-mu threshold, 万元/亩.
    lang
        ``"zh"`` or ``"en"``.
    """
    left_out = bool((table["key"] == "not_industrial").any())
    lines = [say("rules_industrial" if left_out else "rules", lang)]
    if lang != "zh":  # as scripts have always read it
        for _, row in table.iterrows():
            counts = (
                f"{say('rule_parcels', lang, n=row['parcels'])} "
                f"{say('rule_mu', lang, mu=row['mu'])} {row['share']:>7.1%}"
            )
            indent, width = ("    ", 34) if row["key"] == "not_industrial" else ("  ", 36)
            lines.append(f"{indent}{row['rule']:<{width}}{counts}")
        return lines
    rows = [
        (
            _rule_name(row["key"], scenario, threshold),
            say("rule_parcels", lang, n=row["parcels"]),
            say("rule_mu", lang, mu=row["mu"]),
            f"{row['share']:.1%}",
        )
        for _, row in table.iterrows()
    ]
    return lines + aligned(rows)


def _rule_name(key: str, scenario: Scenario, threshold: float) -> str:
    """Return a rule's name in Chinese (:data:`RULES_ZH`)."""
    year = scenario.horizon.start
    spec = scenario.candidates
    if key in ("vacate", "upgrade", "reactivate"):
        return RULES_ZH["treatment"].format(treatment=t(key, "zh"), year=year)
    industries = [_industry_name(scenario, i) for i in spec.exit_industries]
    return RULES_ZH[key].format(
        classes=joined(list(spec.classes), "zh"),
        threshold=threshold,
        year=year,
        far=spec.far_below,
        industries=joined(industries, "zh"),
    )


def _industry_name(scenario: Scenario, industry: str) -> str:
    known = scenario.existing_industries.get(industry)
    return known.name.zh if known is not None and known.name else industry

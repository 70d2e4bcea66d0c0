"""Names of a comparison's indicators, in Chinese and English, with their units.

Read through :func:`landsim.plots.labels.t` with the other labels.
"""

from __future__ import annotations

#: Indicators of a comparison (:data:`landsim.analysis.compare.INDICATORS`), with units;
#: ``{n}`` is the number of programme years compared, ``{year}`` the last of them.
INDICATORS: dict[str, tuple[str, str]] = {
    "years_met|contiguous": (
        "连片腾换产业空间达标年数（{n}年中）",
        "Contiguous target met (years of {n})",
    ),
    "years_met|revitalized": (
        "盘活低效用地达标年数（{n}年中）",
        "Revitalization target met (years of {n})",
    ),
    "years_met|platform_growth": (
        "平台增速达标年数（{n}年中）",
        "Platform growth goal met (years of {n})",
    ),
    # the same over one programme year: its year, not "（1年中）" (a count of 0 or 1)
    "one_year_met|contiguous": (
        "连片腾换产业空间达标年数（仅{year}年）",
        "Contiguous target met (years; {year} only)",
    ),
    "one_year_met|revitalized": (
        "盘活低效用地达标年数（仅{year}年）",
        "Revitalization target met (years; {year} only)",
    ),
    "one_year_met|platform_growth": (
        "平台增速达标年数（仅{year}年）",
        "Platform growth goal met (years; {year} only)",
    ),
    "area|contiguous": ("连片腾换产业空间合计（亩）", "Contiguous area vacated (mu)"),
    "area|revitalized": ("盘活低效用地面积合计（亩）", "Area revitalized (mu)"),
    "area|vacated": ("腾退面积合计（亩）", "Area vacated (mu)"),
    "output|difference": ("{year}年产值增加（亿元）", "Output gained in {year} (CNY bn)"),
    "tax|difference": ("{year}年税收增加（亿元）", "Tax gained in {year} (CNY bn)"),
    "passes|output": ("产值反超基准情景的年份", "First year output exceeds the baseline"),
    "jobs|difference": (
        "{year}年就业较基准情景变化（人）",
        "Jobs against the baseline in {year} (persons)",
    ),
    "jobs|dip": (
        "就业较基准情景的最低值（人）",
        "Jobs at their lowest against the baseline (persons)",
    ),
    "tax_per_mu|programme": ("{year}年亩均税收（万元/亩）", "Tax per mu in {year} (CNY 10,000/mu)"),
    "output_per_mu|programme": (
        "{year}年亩均产值（万元/亩）",
        "Output per mu in {year} (CNY 10,000/mu)",
    ),
    "money|compensation": ("腾退补偿（亿元）", "Compensation (CNY bn)"),
    "money|subsidy": ("提升补助（亿元）", "Upgrade subsidies (CNY bn)"),
    "money|land_revenue": ("土地出让收入（亿元）", "Land revenue (CNY bn)"),
    "money|net": ("政府净收支（亿元）", "Net public money (CNY bn)"),
    "cmp_money_years": ("{label}，{years}累计）", "{label}, {years})"),
    "money|investment": ("新项目社会投资（亿元）", "Private investment (CNY bn)"),
    "projects|placed": ("重大项目落地（个）", "Major projects placed"),
}

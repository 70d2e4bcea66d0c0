"""Every label drawn on a plot or brief, in Chinese and English."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    # titles
    "contiguous_title": ("连片腾换面积", "Contiguous area vacated"),
    "revitalized_title": ("盘活低效用地面积", "Inefficient land revitalized"),
    "cumulative_title": ("累计进展", "Cumulative progress"),
    "output_title": ("产值：基准情景与规划情景", "Output: baseline and programme"),
    "tax_title": ("税收：基准情景与规划情景", "Tax: baseline and programme"),
    "bridge_title": ("产值变化分解", "Change in output"),
    "growth_title": ("平台产值增长与全区", "Platform output growth against the district"),
    "money_title": ("资金收支", "Money flows"),
    "map_status_title": ("地块处置情况", "Parcels by treatment"),
    "map_year_title": ("地块处置年份", "Parcels by year treated"),
    "compare_targets_title": ("情景比较：连片腾换面积", "Scenarios: contiguous area vacated"),
    "compare_revitalized_title": ("情景比较：盘活面积", "Scenarios: area revitalized"),
    "compare_output_title": ("情景比较：新增产值", "Scenarios: output gained"),
    # axes and units
    "year": ("年份", "Year"),
    "mu": ("亩", "mu"),
    "yi_yuan": ("亿元", "100 m yuan"),
    "yi_yuan_per_year": ("亿元/年", "100 m yuan a year"),
    "growth_pct": ("较基年增长（%）", "Growth since the base year (%)"),
    # series
    "achieved": ("完成", "Achieved"),
    "target": ("目标", "Target"),
    "cumulative_achieved": ("累计完成", "Cumulative, achieved"),
    "cumulative_target": ("累计目标", "Cumulative, target"),
    "baseline": ("基准情景", "Baseline"),
    "programme": ("规划情景", "Programme"),
    "existing_firms": ("存量企业", "Existing firms"),
    "district": ("全区", "District"),
    "district_x": ("全区 × {ratio:g}", "District × {ratio:g}"),
    "base_year_output": ("{year}年产值", "Output {year}"),
    "growth_existing": ("存量企业增长", "Growth of firms that stay"),
    "lost_output": ("腾退减少产值", "Output of firms vacated"),
    "upgrade_gain": ("提升增加产值", "Gain from upgrades"),
    "new_output": ("新产业产值", "New industries"),
    "end_output": ("{year}年产值", "Output {year}"),
    "compensation": ("腾退补偿", "Compensation"),
    "subsidy": ("提升补助", "Upgrade subsidies"),
    "land_revenue": ("土地出让收入", "Land revenue"),
    "investment": ("新项目投资（社会）", "Investment (private)"),
    "net": ("政府净收支", "Net public money"),
    "untreated": ("未处置", "Untreated"),
    "restricted": ("限制类", "Restricted"),
    "vacate": ("腾退", "Vacated"),
    "upgrade": ("整治提升", "Upgraded"),
    "reactivate": ("盘活闲置", "Idle land reactivated"),
    "cluster": ("连片区块", "Contiguous cluster"),
    "project": ("重大项目", "Major project"),
    "not_treated": ("未处置", "Not treated"),
    "scale_km": ("{km:g} 公里", "{km:g} km"),
    "north": ("北", "N"),
    "platform_outline": ("平台范围", "Platform"),
    "largest_block": ("最大连片区块 {mu:,.0f} 亩", "Largest cluster: {mu:,.0f} mu"),
    "inset_project": ("{name} {mu:,.0f} 亩", "{name}: {mu:,.0f} mu"),
    # uncertainty
    "central_run": ("中心值情景", "Run at central values"),
    "draws_note": ("{n:,} 次抽样", "{n:,} draws"),
    "probability_title": ("达成年度目标的概率", "Probability of meeting the yearly targets"),
    "probability": ("概率", "Probability"),
    "tornado_title": ("单因素敏感性", "One-at-a-time sensitivity"),
    "at_low": ("参数取低值（P10）", "Parameter at its low value (P10)"),
    "at_high": ("参数取高值（P90）", "Parameter at its high value (P90)"),
    "sobol_title": ("Sobol 敏感性指数", "Sobol' indices"),
    "sobol_axis": ("方差贡献", "Share of variance"),
    "first_order": ("一阶指数", "First order"),
    "total_order": ("总效应指数", "Total"),
    "prob_line": (
        "{n:,} 次抽样中达成目标的概率：连片 {cont}；盘活 {rev}",
        "Probability of meeting the targets over {n:,} draws: contiguous {cont}; revitalized {rev}",
    ),
    # brief
    "brief_subtitle": (
        "{name}｜{start}–{end}年｜landsim {version}",
        "{name} | {start}–{end} | landsim {version}",
    ),
    "headline": ("主要结论", "Headline figures"),
    "targets_met": ("目标完成情况", "Targets met"),
    "met": ("达标", "met"),
    "missed": ("未达标", "missed"),
    "cum_vacated": (
        "累计腾退 {mu:,.0f} 亩，其中连片 {cont:,.0f} 亩",
        "{mu:,.0f} mu vacated, {cont:,.0f} mu of it contiguous",
    ),
    "cum_revitalized": ("累计盘活 {mu:,.0f} 亩", "{mu:,.0f} mu revitalized in all"),
    "output_gain": (
        "{year}年产值较基准情景 {sign}{value:,.1f} 亿元（{pct:+.1%}）",
        "Output {year}: {sign}{value:,.1f} 100 m yuan against the baseline ({pct:+.1%})",
    ),
    "tax_gain": (
        "{year}年税收较基准情景 {sign}{value:,.1f} 亿元",
        "Tax {year}: {sign}{value:,.1f} 100 m yuan against the baseline",
    ),
    "net_money": (
        "政府累计净收支 {value:,.1f} 亿元（补偿 {comp:,.1f}，出让收入 {land:,.1f}）",
        "Net public money {value:,.1f} 100 m yuan "
        "(compensation {comp:,.1f}, land revenue {land:,.1f})",
    ),
    "projects_line": ("重大项目：{text}", "Major projects: {text}"),
    "project_placed": ("{name}（{year}年落地）", "{name} (placed {year})"),
    "project_failed": ("{name}（未落地：{reason}）", "{name} (not placed: {reason})"),
    "shortfall_line": ("主要缺口：{text}", "Main shortfalls: {text}"),
    "no_shortfalls": ("各年指标均已完成", "every quota was filled"),
    "contiguous_short": ("连片", "contiguous"),
    "revitalized_short": ("盘活", "revitalized"),
}

#: Shortfall causes in plain words, for briefs.
CAUSES: dict[str, tuple[str, str]] = {
    "no_candidates": ("候选地块不足", "no candidates left"),
    "refusals": ("权利人不同意", "owners refused"),
    "no_cluster": ("无足够连片地块", "no cluster large enough"),
    "budget": ("资金不足", "budget spent"),
    "platform_quota": ("平台指标已满", "platform caps used up"),
    "district_quota": ("全区指标已满", "district quota used up"),
    "granularity": ("地块面积限制", "parcel sizes"),
    "quota_below_target": ("指标低于目标", "quota below target"),
    "scattered": ("腾退地块分散", "vacated land scattered"),
}


def t(key: str, lang: str, **values: object) -> str:
    """Return the label *key* in *lang* (``"zh"`` or ``"en"``), with *values* filled in."""
    zh, en = TEXT[key]
    text = zh if lang == "zh" else en
    return text.format(**values) if values else text


def cause(code: str, lang: str) -> str:
    """Return a shortfall cause in plain words."""
    zh, en = CAUSES.get(code, (code, code))
    return zh if lang == "zh" else en


def all_texts() -> list[str]:
    """Every fixed label in both languages (for the font check)."""
    return [s for pair in (*TEXT.values(), *CAUSES.values()) for s in pair]

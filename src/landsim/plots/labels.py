"""Every label drawn on a plot or brief, in Chinese and English.

This module needs no plotting library: tables and workbooks take their words from
:class:`Words`; figures from :class:`landsim.plots.style.Style`, which adds fonts.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

from landsim.plots.brief_labels import BRIEF
from landsim.plots.indicator_labels import INDICATORS

TEXT: dict[str, tuple[str, str]] = {
    # the workbook's own note where the brief's says 本简报 / this brief
    "synthetic_note_workbook": (
        "注：本工作簿基于内置的萧山合成地块数据，不是真实数据。",
        "Note: this workbook uses the bundled synthetic Xiaoshan inventory, not real data.",
    ),
    # titles (a brief replaces some with a title that states the finding)
    "contiguous_title": ("连片腾换产业空间", "Contiguous area vacated"),
    "revitalized_title": ("盘活低效用地", "Inefficient land revitalized"),
    "platform_growth_title": ("平台增速与全区之比", "Platform growth against the district"),
    "cumulative_title": ("累计进展", "Cumulative progress"),
    "output_title": ("产值：基准情景与实施情景", "Output: baseline and programme"),
    "tax_title": ("税收：基准情景与实施情景", "Tax: baseline and programme"),
    "value_added_title": ("增加值：基准情景与实施情景", "Value added: baseline and programme"),
    "bridge_title": ("{year}年产值：从基准情景到实施情景", "Output {year}: baseline to programme"),
    "growth_title": ("平台与全区产值增长对比", "Platform output growth against the district"),
    "growth_yoy_title": (
        "平台与全区产值同比增速",
        "Platforms' output growth on the year against the district's",
    ),
    "growth_yoy_pct": ("同比增速（%）", "Growth on the year (%)"),
    "platforms_together": ("各平台合计", "Platforms together"),
    "growth_goal_met": ("各平台合计达标年份", "Goal met that year"),
    "growth_goal_missed": ("各平台合计未达标年份", "Goal missed that year"),
    # the target's ratio chart: each indicator's ratio, the goal, the lower ratio marked
    "growth_ratio_line": ("{name}增速之比", "{name}: platforms ÷ district"),
    "growth_goal_line": ("目标：全区的{ratio:g}倍", "Goal: {ratio:g} × the district's"),
    "growth_goal_met_lower": ("达标年份（较低比值）", "Goal met (the lower ratio)"),
    "growth_goal_missed_lower": ("未达标年份（较低比值）", "Goal missed (the lower ratio)"),
    "growth_rule": (
        "各平台合计的{names}同比增速均须达全区的{ratio:g}倍，按较低者判定",
        "The platforms' {names} must each grow ≥ {ratio:g} × as fast as the district's "
        "(year on year); the lower ratio decides",
    ),
    "growth_rule_one": (
        "各平台合计的{names}同比增速须达全区的{ratio:g}倍",
        "The platforms' {names} must grow ≥ {ratio:g} × as fast as the district's (year on year)",
    ),
    "money_title": ("政府资金收支", "Public money"),
    "map_status_title": ("{years}地块处置情况", "Parcels by treatment, {years}"),
    "map_year_title": ("地块处置年份", "Parcels by year treated"),
    "compare_targets_title": ("情景比较：连片腾换产业空间", "Scenarios: contiguous area vacated"),
    "compare_revitalized_title": ("情景比较：盘活低效用地", "Scenarios: area revitalized"),
    "compare_output_title": (
        "情景比较：产值较基准情景增加",
        "Scenarios: output gained over the baseline",
    ),
    "compare_tax_title": (
        "情景比较：税收较基准情景增加",
        "Scenarios: tax gained over the baseline",
    ),
    "compare_jobs_title": ("情景比较：就业较基准情景变化", "Scenarios: jobs against the baseline"),
    "compare_money_title": ("情景比较：政府累计净收支", "Scenarios: net public money"),
    # axes and units
    "year": ("年份", "Year"),
    "mu": ("亩", "mu"),
    "yi_yuan": ("亿元", "CNY bn"),
    "yi_yuan_per_year": ("亿元/年", "CNY bn a year"),
    "persons": ("人", "persons"),
    "wan_per_mu": ("万元/亩", "CNY 10,000 per mu"),
    "unit_is": ("单位：{unit}", "Unit: {unit}"),
    "growth_pct": ("较基年增长（%）", "Growth since the base year (%)"),
    "ratio_to_goal": ("平台与全区增速之比", "Platform growth ÷ district growth"),
    "run_out": ("规划期后（不设目标）", "After the programme (no targets)"),
    "axis_break": ("纵轴未从零开始", "Axis does not start at zero"),
    # series
    "achieved": ("当年完成（达标）", "Achieved (target met)"),
    "achieved_missed": ("当年完成（未达标）", "Achieved (target missed)"),
    "target": ("目标", "Target"),
    "cumulative_achieved": ("累计完成", "Cumulative, achieved"),
    "cumulative_target": ("累计目标", "Cumulative, target"),
    "baseline": ("基准情景", "Baseline"),
    "programme": ("实施情景", "Programme"),
    "existing_firms": ("存量企业", "Existing firms"),
    "other": ("其他", "Other"),
    "district": ("全区", "District"),
    "district_x": ("全区×{ratio:g}", "District × {ratio:g}"),
    "baseline_end": ("基准情景\n{year}年", "Baseline\n{year}"),
    "programme_end": ("实施情景\n{year}年", "Programme\n{year}"),
    "lost_output": ("腾退企业\n减少产值", "Output of\nfirms vacated"),
    "relocated": ("区内搬迁\n企业产值", "Firms moved\nwithin district"),
    "relocated_firms": ("区内搬迁企业", "Firms moved within the district"),
    "upgrade_gain": ("整治提升\n增加产值", "Gain from\nupgrades"),
    "new_output": ("新产业\n产值", "New\nindustries"),
    "compensation": ("腾退补偿", "Compensation"),
    "subsidy": ("提升补助", "Upgrade subsidies"),
    "land_revenue": ("土地出让收入", "Land revenue"),
    "investment": ("新项目社会投资", "Private investment"),
    "net": ("政府净收支", "Net public money"),
    "untreated": ("未处置", "Untreated"),
    "restricted": ("不纳入处置", "Excluded"),
    "vacate": ("腾退", "Vacated"),
    "upgrade": ("整治提升", "Upgraded"),
    "reactivate": ("盘活闲置", "Idle land reactivated"),
    "cluster": ("连片区块", "Contiguous cluster"),
    "project": ("重大项目", "Major project"),
    "not_treated": ("未处置", "Not treated"),
    "scale_km": ("{km:g}公里", "{km:g} km"),
    "north": ("北", "N"),
    "platform_outline": ("平台范围", "Platform"),
    "largest_block": ("最大连片区块{mu:,.0f}亩", "Largest cluster: {mu:,.0f} mu"),
    "inset_area": ("{mu:,.0f}亩", "{mu:,.0f} mu"),
    "inset_within": ("位于{place}", "in {place}"),
    # uncertainty
    "central_run": ("中心值情景", "Run at central values"),
    "median": ("中位数", "Median"),
    "range_80": ("80%概率区间", "80% range"),
    "range_inner": ("{pct:.0%}概率区间", "{pct:.0%} range"),
    "draws_note": ("{n:,}次抽样", "{n:,} draws"),
    "probability_title": ("达成年度目标的概率", "Probability of meeting the yearly targets"),
    "probability": ("概率", "Probability"),
    "target_contiguous": ("连片腾换产业空间目标", "Contiguous target"),
    "target_revitalized": ("盘活低效用地目标", "Revitalization target"),
    "target_platform_growth": (
        "平台增速目标（全区的{ratio:g}倍）",
        "Platform growth goal ({ratio:g} × the district's)",
    ),
    "fan_output_title": ("产值较基准情景增加", "Output gained over the baseline"),
    "fan_contiguous_title": ("累计连片腾换产业空间", "Contiguous area vacated, cumulative"),
    "fan_revitalized_title": ("累计盘活低效用地", "Area revitalized, cumulative"),
    "tornado_title": ("单因素敏感性：{output}", "One at a time: {output}"),
    "at_low": ("参数取低值（第10百分位）", "Parameter at its 10th percentile"),
    "at_high": ("参数取高值（第90百分位）", "Parameter at its 90th percentile"),
    "sobol_title": (
        "方差贡献（Sobol指数）：{output}",
        "Share of variance (Sobol' indices): {output}",
    ),
    "sobol_axis": ("方差贡献", "Share of variance"),
    "first_order": ("一阶指数（单独作用）", "First order (alone)"),
    "total_order": ("总效应指数（含交互）", "Total (with interactions)"),
    "dropped_rows": ("另有{n}个参数无影响，未列出", "{n} parameters with no effect not shown"),
    "negative_sobol": (
        "一阶指数小于0或大于总效应指数（抽样误差）：{names}；请增加样本量",
        "first-order index below 0 or above the total (sampling noise): {names}; use more samples",
    ),
    "sens_output": ("{year}年{label}", "{label} in {year}"),
    # sweeps (landsim sweep): heat maps of the probability of meeting a target
    "sweep_every_year": (
        "{target}目标各年均达成的概率",
        "Probability of meeting the {target} target every year",
    ),
    "sweep_in_year": (
        "{year}年{target}目标达成的概率",
        "Probability of meeting the {target} target in {year}",
    ),
    "sweep_central_every_year": (
        "{target}目标是否各年均达成（中心值情景）",
        "{target} target met every year? (run at central values)",
    ),
    "sweep_central_in_year": (
        "{year}年{target}目标是否达成（中心值情景）",
        "{target} target met in {year}? (run at central values)",
    ),
    "sweep_contiguous": ("连片腾换产业空间", "contiguous vacating"),
    "sweep_revitalized": ("盘活低效用地", "revitalization"),
    "sweep_platform_growth": ("平台增速", "platform growth"),
    "sweep_met": ("达标", "met"),
    "sweep_missed": ("未达标", "missed"),
    "sweep_mean_over": ("格内为其他参数各取值的平均：{names}", "Each cell averages over {names}"),
    "sweep_samples": ("{n}个抽样方案", "{n} sampled variants"),
    # back-test and calibration
    "bt_map_title": (
        "回测{years}：命中、漏选与误选",
        "Back-test {years}: hits, misses and false alarms",
    ),
    "hit": ("命中（模型与实际均处置）", "Hit (treated in the model and in reality)"),
    "miss": ("漏选（仅实际处置）", "Miss (treated in reality only)"),
    "false_alarm": ("误选（仅模型处置）", "False alarm (treated in the model only)"),
    "correct_rejection": ("均未处置", "Treated in neither"),
    "bt_count": ("{n:,}宗，{mu:,.0f}亩", "{n:,} parcels, {mu:,.0f} mu"),
    "bt_scores_title": (
        "品质因数（FoM）：模型与随机选择",
        "Figure of Merit: the model against random selection",
    ),
    "figure_of_merit": ("品质因数（FoM）", "Figure of Merit"),
    "auc": ("ROC曲线下面积", "ROC AUC"),
    "bt_model": ("模型（中心值）", "Model (central values)"),
    "bt_model_draws": ("模型（{n:,}次抽样平均）", "Model (mean of {n:,} draws)"),
    "bt_chance": (
        "随机选择（相同指标，{n:,}次平均；线段至第90百分位）",
        "Random selection, same quotas (mean of {n:,}; bar to the 90th percentile)",
    ),
    "bt_window": ("{years}合计", "{years} in all"),
    "bt_auc_note": (
        "AUC：模型{model:.2f}，随机选择{chance:.2f}",
        "AUC: model {model:.2f}, random selection {chance:.2f}",
    ),
    "fit_title": ("参数校准：{name}", "Calibration: {name}"),
    "log_score": ("对数得分（越高越好）", "Log score (higher is better)"),
    "fit_estimate": ("估计值", "Estimate"),
    "fit_interval": ("{level:.0%}区间", "{level:.0%} interval"),
    "fit_scenario": ("原情景取值", "Scenario's value"),
    "fit_coarse": ("粗网格（全范围）", "Coarse grid (whole range)"),
    "fit_fine": ("细网格（更多抽样）", "Finer grid (more draws)"),
    # parameters calibration fits (landsim.analysis.fit_params), by scenario key
    "fit:selection.refusal_probability": ("权利人不同意的概率", "Probability an owner refuses"),
    "fit:evaluation.classes.shares.A": ("A类企业占比", "Share of class A"),
    "fit:evaluation.classes.shares.B": ("B类企业占比", "Share of class B"),
    "fit:evaluation.classes.shares.C": ("C类企业占比", "Share of class C"),
    "fit:evaluation.classes.shares.D": ("D类企业占比", "Share of class D"),
    "fit:treatments.vacate.prep_years": (
        "腾退地块收储整理周期（年）",
        "Preparation of vacated land (years)",
    ),
    "fit:treatments.reactivate.prep_years": (
        "闲置地盘活整理周期（年）",
        "Preparation of reactivated land (years)",
    ),
    "fit:pipeline.construction_years": ("建设周期（年）", "Construction (years)"),
    "fit:treatments.upgrade.lag_years": ("提升见效周期（年）", "Years before an upgrade shows"),
    "fit:treatments.upgrade.output_uplift": ("提升后产值增幅", "Output uplift of an upgrade"),
    "fit:treatments.upgrade.tax_uplift": ("提升后税收增幅", "Tax uplift of an upgrade"),
    "fit:treatments.upgrade.value_added_uplift": (
        "提升后增加值增幅",
        "Value-added uplift of an upgrade",
    ),
    "fit:candidates.tax_per_mu_below": (
        "低效认定亩均税收门槛（万元/亩）",
        "Tax per mu below which land is inefficient (CNY 10,000)",
    ),
    "fit:treatments.vacate_when.tax_per_mu_below": (
        "腾退亩均税收门槛（万元/亩）",
        "Tax per mu below which a firm is vacated (CNY 10,000)",
    ),
    "fit:quotas.vacate_mu": ("年度腾退指标（亩）", "Yearly vacating quota (mu)"),
    "fit:quotas.upgrade_mu": ("年度整治提升指标（亩）", "Yearly upgrade quota (mu)"),
    "fit:quotas.reactivate_mu": ("年度盘活闲置指标（亩）", "Yearly reactivation quota (mu)"),
}

#: Shortfall causes in plain words, for briefs.
CAUSES: dict[str, tuple[str, str]] = {
    "no_candidates": ("候选地块用尽", "no candidates left"),
    "refusals": ("权利人不同意", "owners refused"),
    "no_cluster": ("无足够大的连片地块", "no cluster large enough"),
    "budget": ("资金不足", "budget spent"),
    "platform_quota": ("平台指标已满", "platform caps used up"),
    "district_quota": ("全区指标已满", "district quota used up"),
    "granularity": ("地块面积无法拆分", "parcels cannot be split"),
    "quota_below_target": ("指标低于目标", "quota below the target"),
    "scattered": (
        "腾退地块分散，未能成片",
        "land vacated is scattered, not in contiguous blocks",
    ),
    "growth_gap": ("平台增速不及全区的目标倍数", "platforms grew too little against the district"),
    "no_district_growth": ("全区未增长，增速比无意义", "the district did not grow"),
}


def t(key: str, lang: str, **values: object) -> str:
    """Return the label *key* in *lang* (``"zh"`` or ``"en"``), with *values* filled in.

    *key* is a label of :data:`TEXT` or :data:`BRIEF`, or an indicator of
    :data:`INDICATORS`.
    """
    return pick(TEXT.get(key) or BRIEF.get(key) or INDICATORS[key], lang, **values)


def adjacency_note(method: str) -> str | None:
    """Key of the note a run's adjacency rule needs, or None.

    ``points`` (contiguity approximated from parcel centres) and ``none`` (no parcel
    touches another) have one (:data:`BRIEF`): briefs put it under the title, ``landsim
    run`` under its table. Polygons, a table, or a rule not recorded have none.
    """
    return f"{method}_note" if method in ("points", "none") else None


def swept_value(value: object) -> str:
    """Write a swept key's value as the sweep's heat maps and table show it.

    Whole numbers with thousands separators (2000.0 → 2,000), others to four figures;
    text as it is.
    """
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return f"{value:,.0f}" if float(value) == round(float(value)) else f"{value:,.4g}"
    return str(value)


def pick(pair: tuple[str, str], lang: str, **values: object) -> str:
    """Return the Chinese or the English of a ``(zh, en)`` *pair*, with *values* filled in.

    The catalogue's tables and the smaller ones beside the commands that alone use them
    (sensitivity's words, a comparison's notes) are read this way.
    """
    text = pair[0] if lang == "zh" else pair[1]
    return text.format(**values) if values else text


#: The dash between the first and the last year of a span: the 一字线 in Chinese (GB/T
#: 15834-2011 标点符号用法, 4.13 连接号: the start and end of a span of time,
#: "2029—2030年"; the 浪纹线 ～ is for ranges of values, "187.7～426.5亿元"), the en dash in
#: English ("2029–2030").
YEAR_DASH = {"zh": "\u2014", "en": "\u2013"}


def year_span(start: int, end: int, lang: str) -> str:
    """Years *start* to *end* as written: "2029—2030年" or "2029–2030".

    Every span of years a label, table or sentence shows is written here. One year is
    said once: "2024年", "2024" (never "2024—2024年").

    >>> year_span(2024, 2030, "zh"), year_span(2024, 2030, "en")
    ('2024—2030年', '2024–2030')
    >>> year_span(2024, 2024, "zh"), year_span(2024, 2024, "en")
    ('2024年', '2024')
    """
    zh = lang == "zh"
    years = f"{start}" if start == end else f"{start}{YEAR_DASH['zh' if zh else 'en']}{end}"
    return f"{years}年" if zh else years


def joined(names: list[str], lang: str) -> str:
    """*names* as a list in running text: 、 between Chinese names, commas in English."""
    return ("、" if lang == "zh" else ", ").join(names)


def cause(code: str, lang: str) -> str:
    """Return a shortfall cause in plain words."""
    zh, en = CAUSES.get(code, (code, code))
    return zh if lang == "zh" else en


def all_texts(*, pairs: bool = False) -> list:
    """Every fixed label in both languages (for the font check); as (zh, en) with *pairs*."""
    everything = [*TEXT.values(), *BRIEF.values(), *INDICATORS.values(), *CAUSES.values()]
    return everything if pairs else [s for pair in everything for s in pair]


@dataclass(frozen=True)
class Words:
    """Labels in one language and its money unit: what tables and sentences need.

    :class:`landsim.plots.style.Style` adds the fonts that figures need.
    """

    lang: str

    @property
    def money_divisor(self) -> float:
        """万元 per unit of money shown: 亿元 (10⁴ 万元) in Chinese, CNY bn (10⁵) in English."""
        return 1e4 if self.lang == "zh" else 1e5

    def t(self, key: str, **values: object) -> str:
        """Return a label in this language."""
        return t(key, self.lang, **values)

    def years(self, start: int, end: int) -> str:
        """Return the years *start* to *end* in this language (:func:`year_span`)."""
        return year_span(start, end, self.lang)

    def with_unit(self, name: str, unit: str) -> str:
        """Return *name* with its *unit*: "产值（亿元）", "Output (CNY bn)"."""
        return f"{name}（{unit}）" if self.lang == "zh" else f"{name} ({unit})"

    def aside(self, title: str, extra: str) -> str:
        """Return *title* with *extra* after it: in Chinese brackets, or after a dot.

        "累计连片腾换产业空间（20次抽样）"; "Contiguous area vacated · 20 draws".
        """
        return f"{title}（{extra}）" if self.lang == "zh" else f"{title} · {extra}"

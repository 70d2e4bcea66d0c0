"""Readable names of uncertain parameters (their dotted scenario paths) for sensitivity charts.

Also the words of ``landsim sensitivity``'s console and charts that
:mod:`landsim.plots.labels` does not have (:data:`SENSITIVITY`), and the output's unit in
words (:func:`unit_word`).
"""

from __future__ import annotations

import re

from landsim.plots.labels import Words, pick
from landsim.scenario import Scenario

#: Words of the sensitivity console and charts: (zh, en).
SENSITIVITY: dict[str, tuple[str, str]] = {
    "heading": ("敏感性分析：{output}", "Sensitivity: {output}"),
    "unit": ("单位：{unit}", "unit: {unit}"),
    "output_platform": ("{year}年{platform}{label}", "{label} in {year}, {platform}"),
    "oat_heading": (
        "单因素分析：各参数依次取第10和第90百分位值（P10、P90），其余参数取中心值。",
        "One at a time: each parameter at its 10th and at its 90th percentile (P10, P90),\n"
        "all others at their central values.",
    ),
    "oat_central": (
        "全部参数取中心值时为{value}，与不带 --draws 的 landsim run 结果相同\n"
        "（权利人不同意的抽取沿用该次运行的随机数流）。",
        "With all parameters central: {value}, as `landsim run` without --draws gives\n"
        "(owners' refusals use the run's own random stream).",
    ),
    "oat_rounded": (
        "周期已按模型取整到年，四舍五入",
        "lags and durations in whole years, rounded as the model runs them",
    ),
    "col_parameter": ("参数", "Parameter"),
    "col_values": ("参数值（P10 → P90）", "Value (P10 → P90)"),
    "col_outputs": ("指标值（P10 → P90）", "Output (P10 → P90)"),
    "col_swing": ("变动幅度", "Swing"),
    "sobol_heading": (
        "Sobol指数（一阶：参数单独作用；总效应：含交互作用）：",
        "Sobol' indices (first order: the parameter alone; total: with its interactions):",
    ),
    "col_first": ("一阶", "First"),
    "col_total": ("总效应", "Total"),
    "sobol_noise": (
        "提示：{names}的一阶指数小于0或大于总效应指数，属抽样误差，请增大 --samples。",
        "warning: first-order index below zero or above the total (sampling noise) for "
        "{names}; raise --samples",
    ),
    "dropped_one": ("另有1个参数无影响，未列出", "1 parameter with no effect not shown"),
    "no_effect": ("没有参数影响该指标", "No parameter moves this output"),
    "progress_oat": ("单因素分析", "one at a time"),
    "progress_sobol": ("Sobol抽样", "Sobol' samples"),
    "wrote": ("已写入 {folder}/", "Wrote {folder}/"),
}
#: Units of the long table written in words by a label of :mod:`landsim.plots.labels`
#: (万元 is money: drawn in 亿元 or CNY bn; "1", a ratio or share, has no word).
UNIT_LABELS = {"mu": "mu", "persons": "persons", "万元/亩": "wan_per_mu", "万元": "yi_yuan"}


def sensitivity_text(key: str, lang: str, **values: object) -> str:
    """Return the sensitivity word *key* in *lang*, or a label of :mod:`~landsim.plots.labels`."""
    if key not in SENSITIVITY:
        return Words(lang).t(key, **values)
    return pick(SENSITIVITY[key], lang, **values)


def unit_word(unit: str, lang: str) -> str:
    """Write the long table's *unit* as sensitivity tables show it (万元 in 亿元 or CNY bn)."""
    if unit == "1":
        return ""
    return Words(lang).t(UNIT_LABELS[unit]) if unit in UNIT_LABELS else unit


def scale_of(unit: str, lang: str) -> float:
    """Return what values in *unit* are divided by to be shown in :func:`unit_word`'s unit."""
    return Words(lang).money_divisor if unit == "万元" else 1.0


def dropped_note(n: int, lang: str) -> str:
    """Say that *n* parameters with no effect are not shown ("" for none)."""
    if not n:
        return ""
    return sensitivity_text("dropped_one", lang) if n == 1 else Words(lang).t("dropped_rows", n=n)


#: The last part of a path, in words: (zh, en).
FIELDS: dict[str, tuple[str, str]] = {
    "output_per_mu": ("亩均产值", "output per mu"),
    "tax_per_mu": ("亩均税收", "tax per mu"),
    "value_added_per_mu": ("亩均增加值", "value added per mu"),
    "jobs_per_mu": ("亩均就业", "jobs per mu"),
    "growth": ("年增速", "yearly growth"),
    "construction_years": ("建设周期（年）", "construction time (years)"),
    "ramp_up": ("投产第{n}年达产率", "ramp-up, year {n} of production"),
    "refusal_probability": ("权利人不同意的概率", "probability an owner refuses"),
    "prep_years": ("收储整理周期（年）", "preparation time (years)"),
    "transfer_years": ("出让周期（年）", "transfer time (years)"),
    "land_compensation_per_mu": ("土地补偿（万元/亩）", "land compensation (CNY 10,000/mu)"),
    "building_compensation_per_mu": (
        "建筑补偿（万元/亩）",
        "building compensation (CNY 10,000/mu)",
    ),
    "compensation_per_mu": ("补偿（万元/亩）", "compensation (CNY 10,000/mu)"),
    "subsidy_per_mu": ("提升补助（万元/亩）", "upgrade subsidy (CNY 10,000/mu)"),
    "uplift": ("提升后增幅", "uplift after upgrading"),
    "land_price_per_mu": ("出让价格（万元/亩）", "land price (CNY 10,000/mu)"),
    "investment_per_mu": ("投资强度（万元/亩）", "investment (CNY 10,000/mu)"),
    "investment_cap": ("年度招商投资上限（万元）", "yearly investment cap (CNY 10,000)"),
    "value_added_per_worker": ("人均增加值（万元/人）", "value added per worker (CNY 10,000)"),
    "output_uplift": ("产值增幅", "output uplift"),
    "tax_uplift": ("税收增幅", "tax uplift"),
    "value_added_uplift": ("增加值增幅", "value added uplift"),
    "default_growth": ("未列产业年增速", "growth of unlisted industries"),
    "land_per_mu": ("每亩需新用地（亩）", "new land per mu vacated (mu)"),
    "bridge_cost_per_link": ("跨路连通费用（万元/处）", "bridge cost per link (CNY 10,000)"),
    # keys a sweep varies (landsim sweep)
    "vacate_mu": ("年度腾退指标（亩）", "yearly vacating quota (mu)"),
    "upgrade_mu": ("年度整治提升指标（亩）", "yearly upgrade quota (mu)"),
    "reactivate_mu": ("年度盘活闲置指标（亩）", "yearly reactivation quota (mu)"),
    "contiguous_vacated_mu": ("连片腾换产业空间目标（亩）", "contiguous target (mu)"),
    "revitalized_mu": ("盘活目标（亩）", "revitalization target (mu)"),
    "min_cluster_mu": ("连片最小面积（亩）", "smallest contiguous block (mu)"),
    "strategy": ("处置顺序", "selection order"),
    "building_compensation_per_m2": (
        "建筑补偿（万元/平方米）",
        "building compensation (CNY 10,000/m²)",
    ),
    "demand_mu": ("年度用地需求（亩）", "yearly land demand (mu)"),
}
#: Whole paths whose last part means something else elsewhere.
PATHS: dict[str, tuple[str, str]] = {
    "budget.yearly": ("年度预算（万元）", "yearly budget (CNY 10,000)"),
    "treatments.upgrade.lag_years": ("见效周期（年）", "years until it takes effect"),
    "relocation.lag_years": ("新址投产间隔（年）", "years to production on the new site"),
}
GROUPS: dict[str, tuple[str, str]] = {
    "quotas": ("", ""),
    "targets": ("", ""),
    "budget": ("", ""),
    "contiguity": ("", ""),
    "pipeline": ("", ""),
    "selection": ("", ""),
    "economy": ("", ""),
    "baseline": ("", ""),
    "relocation": ("搬迁", "relocation"),
}
TREATMENTS = {
    "vacate": ("腾退", "vacating"),
    "upgrade": ("提升", "upgrading"),
    "reactivate": ("盘活闲置", "reactivating"),
}


def parameter_label(path: str, scenario: Scenario, lang: str) -> str:
    """Name the parameter at dotted *path* in words, e.g. "新材料：亩均产值".

    Unknown paths fall back to their last parts with spaces, never to nothing.
    """
    by_platform = re.fullmatch(r"pipeline\.land_price_by_platform\.(\w+)", path)
    if by_platform:  # a platform's own land price
        path = f"platforms.{by_platform.group(1)}.land_price_per_mu"
    parts = path.split(".")
    field, index = _field(parts[-1])
    words = PATHS.get(path) or FIELDS.get(field)
    zh_en = 0 if lang == "zh" else 1
    text = words[zh_en].format(n=(index or 0) + 1) if words else field.replace("_", " ")
    if index is not None and words and "{n}" not in words[zh_en]:
        text = f"{text} [{index + 1}]"
    owner = _owner(parts[:-1], scenario, lang)
    if lang == "zh":
        return f"{owner}：{text}" if owner else text
    label = f"{owner}: {text}" if owner else text
    return label[:1].upper() + label[1:]


def _field(last: str) -> tuple[str, int | None]:
    match = re.fullmatch(r"(\w+)\[(\d+)\]", last)
    return (match.group(1), int(match.group(2))) if match else (last, None)


def _owner(parts: list[str], scenario: Scenario, lang: str) -> str:
    if len(parts) >= 2 and parts[0] == "target_industries":
        industry = scenario.target_industries.get(parts[1])
        return industry.name.get(lang) if industry else parts[1]
    if len(parts) >= 2 and parts[0] == "existing_industries":
        existing = scenario.existing_industries.get(parts[1])
        return existing.name.get(lang) if existing and existing.name else parts[1]
    if len(parts) >= 2 and parts[0] == "platforms":
        platform = scenario.platforms.get(parts[1])
        return platform.name.get(lang) if platform else parts[1]
    if len(parts) >= 2 and parts[0] == "major_projects":
        project = scenario.major_projects.get(parts[1])
        return project.name.get(lang) if project else parts[1]
    if len(parts) >= 2 and parts[0] == "treatments":
        return TREATMENTS.get(parts[1], (parts[1], parts[1]))[0 if lang == "zh" else 1]
    if parts and parts[0] in GROUPS:
        return GROUPS[parts[0]][0 if lang == "zh" else 1]
    return " ".join(p.replace("_", " ") for p in parts)

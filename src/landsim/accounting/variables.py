"""Every reported variable, defined once: name, unit and labels in Chinese and English.

Names use ``|`` to build a hierarchy (``output|programme|new|new_energy``), as scenario
analysts' long tables do. ``docs/variables.md`` is rendered from this table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Variable:
    """One reported variable."""

    name: str
    unit: str
    zh: str
    en: str
    meaning: str
    district_only: bool = False


_V = Variable
QUANTITY_LABELS = {
    "output": ("产值", "Output", "万元"),
    "tax": ("税收", "Tax", "万元"),
    "value_added": ("增加值", "Value added", "万元"),
    "jobs": ("就业", "Jobs", "persons"),
}
#: Chinese labels of what upgrades in place add (``<quantity>|programme|uplift``): the
#: brief's 整治提升增加产值 (the output chart's step); 增加值 is "new", not "增加增加值".
UPLIFT_LABELS = {
    "output": "整治提升增加产值",
    "tax": "整治提升增加税收",
    "value_added": "整治提升新增增加值",
}
PATHS = {
    "baseline": ("基准情景", "baseline"),
    "programme": ("实施情景", "programme"),
    "difference": ("差值", "difference"),
}


def _economy() -> list[Variable]:
    out = []
    for q, (zh, en, unit) in QUANTITY_LABELS.items():
        for path, (pzh, pen) in PATHS.items():
            meaning = {
                "baseline": "without the programme; existing firms grow",
                "programme": "with the programme as written",
                "difference": "programme minus baseline",
            }[path]
            out.append(
                _V(f"{q}|{path}", unit, f"{zh}（{pzh}）", f"{en} ({pen})", f"{en}, {meaning}.")
            )
        out.append(
            _V(
                f"{q}|programme|existing",
                unit,
                f"{zh}（存量企业）",
                f"{en} of existing firms",
                f"{en} of firms that stayed (including upgrades), programme path.",
            )
        )
        if q != "jobs":
            out.append(
                _V(
                    f"{q}|programme|uplift",
                    unit,
                    UPLIFT_LABELS[q],
                    f"{en} gained by upgrades",
                    f"The part of {en.lower()} of existing firms due to upgrades in place.",
                )
            )
        out.append(
            _V(
                f"{q}|programme|relocated",
                unit,
                f"{zh}（区内搬迁企业）",
                f"{en} of relocated firms",
                f"{en} of vacated firms that moved elsewhere in the district (the share that "
                "relocates, at the share of their figures they keep).",
            )
        )
        out.append(
            _V(
                f"{q}|difference|excluding_relocation",
                unit,
                f"{zh}（差值，不含区内搬迁）",
                f"{en} (difference without relocation)",
                f"Programme minus baseline, leaving out {en.lower()} of relocated firms: the "
                "effect if vacated firms left the district (with the same land use).",
            )
        )
    for who, wzh, wen in (
        ("platforms", "各平台合计", "platforms together"),
        ("district", "全区", "district"),
    ):
        for q, (zh, en, _unit) in list(QUANTITY_LABELS.items())[:3]:
            out.append(
                _V(
                    f"growth_yoy|{q}|{who}",
                    "1",
                    f"{zh}同比增速（{wzh}）",
                    f"{en} growth on the year ({wen})",
                    f"{en} ÷ the year before − 1, programme path ({wen}).",
                    district_only=True,
                )
            )
    for q, (zh, en, _unit) in list(QUANTITY_LABELS.items())[:3]:
        out.append(
            _V(
                f"growth_yoy_ratio|{q}",
                "1",
                f"平台{zh}增速与全区之比",
                f"Platforms' {en.lower()} growth ÷ the district's",
                f"The platforms' {en.lower()} growth on the year ÷ the district's (empty while "
                "the district does not grow): the seed's growth target.",
                district_only=True,
            )
        )
    return out


VARIABLES: tuple[Variable, ...] = (
    _V("area|vacated", "mu", "腾退面积", "Area vacated", "Mu vacated (腾退) in the year."),
    _V(
        "area|contiguous",
        "mu",
        "连片腾换产业空间",
        "Contiguous area vacated",
        "Vacated mu lying in clusters of at least the minimum size (连片).",
    ),
    _V("area|upgraded", "mu", "整治提升面积", "Area upgraded", "Mu upgraded in place in the year."),
    _V(
        "area|reactivated",
        "mu",
        "盘活闲置面积",
        "Idle area reactivated",
        "Idle mu reactivated in the year.",
    ),
    _V(
        "area|revitalized",
        "mu",
        "盘活低效用地面积",
        "Area revitalized",
        "Mu revitalized (盘活) in the year: vacated + upgraded + reactivated.",
    ),
    _V(
        "area|vacated|cumulative",
        "mu",
        "累计腾退面积",
        "Area vacated, cumulative",
        "Since the start.",
    ),
    _V(
        "area|contiguous|cumulative",
        "mu",
        "累计连片腾换产业空间",
        "Contiguous area, cumulative",
        "Since the start.",
    ),
    _V(
        "area|revitalized|cumulative",
        "mu",
        "累计盘活低效用地",
        "Area revitalized, cumulative",
        "Since the start.",
    ),
    _V("land|existing", "mu", "存量用地", "Land: existing firms", "End of year: never treated."),
    _V("land|upgraded", "mu", "提升后用地", "Land: upgraded", "End of year: upgraded in place."),
    _V(
        "land|preparing",
        "mu",
        "收储整理中",
        "Land: being prepared",
        "End of year: vacated or reactivated, not yet ready for transfer.",
    ),
    _V(
        "land|reserve",
        "mu",
        "储备待供",
        "Land: reserve",
        "End of year: ready, but no new industry has taken it yet.",
    ),
    _V(
        "land|construction",
        "mu",
        "在建",
        "Land: under construction",
        "End of year: transferred to a new use, not yet producing.",
    ),
    _V(
        "land|new_production",
        "mu",
        "新产业投产",
        "Land: new industries producing",
        "End of year: new uses in production.",
    ),
    _V(
        "target|contiguous",
        "mu",
        "连片腾换产业空间目标",
        "Contiguous target",
        "The year's target.",
        True,
    ),
    _V(
        "target|revitalized",
        "mu",
        "盘活低效用地目标",
        "Revitalization target",
        "The year's target.",
        True,
    ),
    _V(
        "target_share|contiguous",
        "1",
        "连片腾换产业空间目标完成率",
        "Contiguous target achieved",
        "Contiguous mu ÷ target.",
        True,
    ),
    _V(
        "target_share|revitalized",
        "1",
        "盘活低效用地目标完成率",
        "Revitalization target achieved",
        "Revitalized mu ÷ target.",
        True,
    ),
    _V(
        "quota|vacate",
        "mu",
        "腾退指标",
        "Vacate quota",
        "Effective quota, carry-over included.",
        True,
    ),
    _V("quota|upgrade", "mu", "整治提升指标", "Upgrade quota", "Effective quota.", True),
    _V("quota|reactivate", "mu", "盘活闲置指标", "Reactivation quota", "Effective quota.", True),
    *_economy(),
    _V(
        "tax_per_mu|baseline",
        "万元/亩",
        "亩均税收（基准情景）",
        "Tax per mu (baseline)",
        "Tax ÷ all industrial mu.",
    ),
    _V(
        "tax_per_mu|programme",
        "万元/亩",
        "亩均税收（实施情景）",
        "Tax per mu (programme)",
        "Tax ÷ all industrial mu.",
    ),
    _V(
        "output_per_mu|baseline",
        "万元/亩",
        "亩均产值（基准情景）",
        "Output per mu (baseline)",
        "Output ÷ all industrial mu.",
    ),
    _V(
        "output_per_mu|programme",
        "万元/亩",
        "亩均产值（实施情景）",
        "Output per mu (programme)",
        "Output ÷ all industrial mu.",
    ),
    _V(
        "growth|output|baseline",
        "1",
        "产值增长（基准情景）",
        "Output growth (baseline)",
        "Output ÷ base-year output − 1.",
    ),
    _V(
        "growth|output|programme",
        "1",
        "产值增长（实施情景）",
        "Output growth (programme)",
        "Output ÷ base-year output − 1.",
    ),
    _V(
        "growth_ratio|output|programme",
        "1",
        "平台增速与全区之比",
        "Growth relative to the district",
        "The platform's cumulative output growth since the base year ÷ the district's "
        "(empty while the district has not grown). The seed's target is the year-on-year "
        "measure, growth_yoy_ratio.",
    ),
    _V(
        "target|platform_growth",
        "1",
        "平台增速目标（倍）",
        "Platform growth target (×)",
        "targets.platform_growth_ratio, in programme years.",
        district_only=True,
    ),
    _V(
        "target_share|platform_growth",
        "1",
        "平台增速目标完成率",
        "Platform growth target met",
        "The lowest growth_yoy_ratio of the target's indicators ÷ the target; met when ≥ 1.",
        district_only=True,
    ),
    _V(
        "area|relocation_new_land",
        "mu",
        "搬迁新增用地",
        "New land for relocated firms",
        "Mu relocated firms took outside the inventory because no ready reserve land was left.",
    ),
    _V(
        "money|compensation", "万元", "腾退补偿", "Compensation", "Paid to vacate and recover land."
    ),
    _V("money|subsidy", "万元", "提升补助", "Upgrade subsidies", "Paid to upgrade in place."),
    _V(
        "money|land_revenue", "万元", "土地出让收入", "Land revenue", "Received at transfer (出让)."
    ),
    _V("money|investment", "万元", "新项目社会投资", "Investment", "Invested by new industries."),
    _V("money|net", "万元", "政府净收支", "Net money", "Land revenue − compensation − subsidies."),
    _V(
        "money|net|cumulative",
        "万元",
        "政府累计净收支",
        "Net money, cumulative",
        "Since the start.",
    ),
)

BY_NAME: dict[str, Variable] = {v.name: v for v in VARIABLES}


def new_use_variable(quantity: str, use: str) -> Variable:
    """Describe one new use's contribution to *quantity* (e.g. its output)."""
    zh, en, unit = QUANTITY_LABELS[quantity]
    return Variable(
        f"{quantity}|programme|new|{use}",
        unit,
        f"{zh}（新产业：{use}）",
        f"{en} of new use {use}",
        f"{en} of land given to {use}.",
    )


def label(name: str, lang: str) -> str:
    """Display label of a variable in ``"zh"`` or ``"en"``."""
    v = BY_NAME.get(name)
    if v is None:
        return name
    return v.zh if lang == "zh" else v.en


def render_markdown() -> str:
    """Render the variable reference as Markdown."""
    rows = ["| variable | unit | 中文 | meaning |", "|---|---|---|---|"]
    for v in VARIABLES:
        scope = " District only." if v.district_only else ""
        rows.append(f"| `{v.name}` | {v.unit} | {v.zh} | {v.meaning}{scope} |")
    rows.append(
        "| `<quantity>|programme|new|<use>` | as the quantity | | The contribution of one "
        "new use (target industry, or `project:<id>` for a major project; its later phases "
        "are `project:<id>#2`, `#3`, …) to output, tax, value added or jobs. |"
    )
    return "\n".join(rows) + "\n"

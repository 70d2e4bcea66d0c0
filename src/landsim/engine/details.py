"""What a shortfall's detail says, written once in both languages.

The English text goes into ``shortfalls.csv`` (``detail``), the Chinese into
``detail_zh``, which a Chinese workbook shows. Numbers are formatted before they are put
in (``1,234``), so both languages show the same figures. Parts of a detail are joined
with "；" in Chinese and "; " in English (:meth:`Detail.then`).
"""

from __future__ import annotations

from dataclasses import dataclass

#: Each detail's text: (Chinese, English), with ``{placeholders}`` for its values.
DETAILS: dict[str, tuple[str, str]] = {
    "none_left": ("已无本类处置的候选地块", "no candidates of this treatment are left"),
    "none_left_in_platform": (
        "平台内已无本类处置的候选地块",
        "no candidates of this treatment are left in the platform",
    ),
    "few_refused": (
        "已无候选地块；本年{n}位权利人不同意（{mu}亩），仅占所缺{quota}亩的{share}",
        "no candidates left; {n} owner{s} ({mu} mu) refused this year: {share} of the "
        "{quota} mu missing",
    ),
    "refused": (
        "已无其他候选地块；本年{n}位权利人不同意（{mu}亩）",
        "no other candidates left; {n} owner{s} ({mu} mu) refused this year",
    ),
    "no_cluster": (
        "剩余候选地块未形成达到最小面积的连片区块",
        "the candidates left are not in clusters of the minimum size",
    ),
    "budget_cheapest": (
        "剩余资金{budget}万元，面积符合剩余指标的候选地块最低需{cost}万元",
        "{budget} 万元 left; the cheapest candidate that fits costs {cost} 万元",
    ),
    "budget": ("剩余资金{budget}万元", "{budget} 万元 left"),
    "platform_quota": (
        "剩余候选地块所在平台的指标已用完",
        "the candidates left are in platforms whose caps are used up",
    ),
    "district_quota": ("全区指标已先用完", "the district quota ran out first"),
    "granularity": (
        "剩余指标{left}亩，剩余候选地块最小为{smallest}亩",
        "{left} mu left; the smallest candidate left has {smallest} mu",
    ),
    "passed_on": ("{mu}亩指标转入{treatment}", "{mu} mu passed on to {treatment}"),
    "vacate_quota_below": (
        "腾退指标（{quota}亩）低于目标",
        "the vacate quota ({quota} mu) is below the target",
    ),
    "quotas_below": (
        "各项指标合计{total}亩，低于目标",
        "the quotas add up to {total} mu, below the target",
    ),
    # none in blocks: "其中位于100亩及以上连片区块的仅0亩" said "only 0"
    "scattered_none": (
        "腾退{vacated}亩，无一位于{min_mu}亩及以上连片区块（选择策略：{strategy}）",
        "{vacated} mu were vacated, none in clusters of ≥ {min_mu} mu (strategy: {strategy})",
    ),
    "scattered": (
        "腾退{vacated}亩，其中位于{min_mu}亩及以上连片区块的仅{achieved}亩（选择策略：{strategy}）",
        "{vacated} mu were vacated but only {achieved} mu lie in clusters of ≥ {min_mu} mu "
        "(strategy: {strategy})",
    ),
    "clusters_short": (
        "连片优先选择后，剩余候选地块已无足够的{min_mu}亩及以上连片区块：腾退{vacated}亩，"
        "其中连片{achieved}亩，其余为零散地块",
        "the candidates left hold too few clusters of ≥ {min_mu} mu: of {vacated} mu vacated, "
        "{achieved} mu lie in clusters, the rest is scattered",
    ),
    "of_treatment": ("{treatment}：{detail}", "{treatment}: {detail}"),
    "growth": (
        "{indicator}：平台{platforms}，全区{district}（{times}）",
        "{indicator}: platforms {platforms}, district {district} ({times})",
    ),
    "times": ("为全区的{ratio}倍", "× {ratio}"),
    "no_ratio": ("全区未增长，无法计算倍数", "no ratio: the district did not grow"),
}
#: Treatments by their label: (Chinese, English); the Chinese of :mod:`landsim.plots.labels`.
TREATMENTS: dict[str, tuple[str, str]] = {
    "vacate": ("腾退", "vacate"),
    "upgrade": ("整治提升", "upgrade"),
    "reactivate": ("盘活闲置", "reactivate"),
}
#: Selection strategies by their code (``selection.strategy``): (Chinese, English). The
#: English detail keeps the code a scenario file spells.
STRATEGIES: dict[str, tuple[str, str]] = {
    "worst_first": ("低效优先", "worst_first"),
    "clusters": ("连片优先", "clusters"),
    "random": ("随机", "random"),
}
#: Platform growth indicators by their code: (Chinese, English).
INDICATORS: dict[str, tuple[str, str]] = {
    "output": ("产值", "output"),
    "tax": ("税收", "tax"),
    "value_added": ("增加值", "value_added"),
}


def tenths(mu: float) -> str | tuple[str, str]:
    """Write an area in mu to 0.1 mu; one that rounds to 0.0 is "不足0.1" ("less than 0.1").

    A quota left of 0.02 mu read "剩余指标0.0亩": nothing left, yet a shortfall.
    """
    text = f"{mu:,.1f}"
    return ("不足0.1", "less than 0.1") if text == "0.0" and mu > 0 else text


@dataclass(frozen=True)
class Detail:
    """A shortfall's detail in Chinese and in English."""

    zh: str = ""
    en: str = ""

    def then(self, other: Detail) -> Detail:
        """Return this detail and *other* after it: "；" between in Chinese, "; " in English."""
        return Detail(f"{self.zh}；{other.zh}", f"{self.en}; {other.en}")


def detail(code: str, **values: str | tuple[str, str] | Detail) -> Detail:
    """Build the :class:`Detail` of a key of :data:`DETAILS`.

    Parameters
    ----------
    code
        A key of :data:`DETAILS`.
    **values
        Its placeholders' values: text the same in both languages (numbers formatted
        already), a (Chinese, English) pair, or a :class:`Detail`.
    """
    zh, en = DETAILS[code]
    return Detail(zh.format(**_side(values, 0)), en.format(**_side(values, 1)))


def joined(parts: list[Detail]) -> Detail:
    """Return *parts* one after another (:meth:`Detail.then`); an empty detail for none."""
    if not parts:
        return Detail()
    out = parts[0]
    for part in parts[1:]:
        out = out.then(part)
    return out


def treatment_name(label: str) -> tuple[str, str]:
    """Return a treatment's (Chinese, English) name from its label (``vacate``)."""
    return TREATMENTS.get(label, (label, label))


def _side(values: dict, k: int) -> dict[str, str]:
    """Return the values in one language: 0 Chinese, 1 English."""
    out = {}
    for key, value in values.items():
        if isinstance(value, Detail):
            value = (value.zh, value.en)
        out[key] = value[k] if isinstance(value, tuple) else value
    return out

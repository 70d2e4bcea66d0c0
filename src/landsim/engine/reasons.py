"""Why a phase of a major project was not placed, written once in both languages.

The English text goes into ``projects.csv`` (``reason``, and each year's ``attempts``),
the Chinese into ``reason_zh``, which a Chinese brief shows. Numbers are formatted
before they are put in (``1,234``), so both languages show the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Each reason's text: (Chinese, English), with ``{placeholders}`` for its values.
REASONS: dict[str, tuple[str, str]] = {
    "no_parcel_in": (
        "清单中{where}没有地块：请检查项目的平台和镇街，或将其从major_projects中删去",
        "the inventory has no parcel in {where}: check the project's platform and towns, "
        "or leave it out of major_projects",
    ),
    "none_in": ("{where}没有{what}", "no {what} in {where}"),
    "none_next_to_parent": (
        "前一期地块旁没有{what}",
        "no {what} next to the block of the phase before",
    ),
    "no_group": (
        "{where}没有面积达到{need}亩的连片{what}，最大的一片为{largest}亩",
        "no connected group of {what} in {where} reaches {need} mu; the largest has {largest} mu",
    ),
    "reachable_short": (
        "从前一期地块可连到的{what}共{have}亩，少于所需的{need}亩",
        "the {what} reachable from the block before have {have} mu, fewer than the {need} mu "
        "needed",
    ),
    "over_quota": (
        "地块（{need}亩）超过剩余腾退指标（{left}亩）",
        "the block ({need} mu) is larger than the vacate quota left ({left} mu)",
    ),
    "over_budget": (
        "地块需{money}万元，剩余资金{left}万元",
        "the block costs {money} 万元; {left} 万元 of budget left",
    ),
    "phase_before": ("前一期（{parent}）未落地", "the phase before ({parent}) is not placed"),
    "not_going_ahead": ("未实施（实施概率{p}）", "did not go ahead (probability {p})"),
}
#: The parcels a phase's block is made of, by the project's ``admit``: (Chinese, English).
WHAT: dict[str, tuple[str, str]] = {
    "candidates": ("腾退候选地块", "vacate candidates"),
    "free": ("可处置地块", "unrestricted parcels"),
}


@dataclass(frozen=True)
class Reason:
    """Why a phase was not placed: a key of :data:`REASONS` and its values.

    ``what`` among the values is a key of :data:`WHAT`; ``where_zh``, when given, is
    ``where`` in Chinese (the platform's Chinese name).
    """

    code: str
    values: tuple[tuple[str, str], ...] = ()

    def text(self, lang: str = "en") -> str:
        """Return the reason in ``"zh"`` or ``"en"``."""
        k = 0 if lang == "zh" else 1
        values = dict(self.values)
        if "what" in values:
            values["what"] = WHAT[values["what"]][k]
        if lang == "zh" and "where_zh" in values:
            values["where"] = values["where_zh"]
        return REASONS[self.code][k].format(**values)


def why(code: str, **values: object) -> Reason:
    """Build a :class:`Reason`; numbers given as text, formatted already."""
    return Reason(code, tuple((k, str(v)) for k, v in values.items()))

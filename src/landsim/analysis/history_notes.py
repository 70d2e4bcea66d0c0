"""What a back-test or a calibration tells its reader beside the numbers, in both languages.

Each note is written once, as the reasons a project was not placed are
(:mod:`landsim.engine.reasons`). The English goes where scripts have always read it —
``Backtest.notes``, ``Fit.notes`` and the ``note`` column of ``Fit.parameters`` — and the
Chinese into ``notes_zh``; a parameter's note is found in Chinese by its English
(:func:`in_language`), so ``parameters.csv`` keeps its columns.
"""

from __future__ import annotations

#: Each note: (Chinese, English), with ``{placeholders}`` for its values.
NOTES: dict[str, tuple[str, str]] = {
    # a back-test (landsim.analysis.backtest)
    "restricted": (
        "实际已处置的{n:,}宗地块（{mu:,.0f}亩）在情景中不纳入处置，模型始终无法选中",
        "{n} parcels ({mu:,.0f} mu) treated in reality are restricted in the scenario: the "
        "model can never select them",
    ),
    "history_quotas": (
        "各年指标取实际处置面积，评分只比较选中了哪些地块，不比较处置了多少",
        "quotas are the areas really treated each year: the scores compare which parcels "
        "were chosen, not how much",
    ),
    # a calibration (landsim.analysis.calibrate)
    "no_transfer": (
        "处置台账没有出让年份（year_transfer），整理周期只能借助投产年份（year_production）"
        "判断；台账也没有投产年份时则无从判断",
        "the history has no year_transfer (出让年份): preparation lags are judged only "
        "through year_production, if at all",
    ),
    "nuisance_central": (
        "情景中其他不确定参数均取中心值",
        "the scenario's other distributions were held at their central values",
    ),
    # a fitted parameter (landsim.analysis.fit_table)
    "not_informed": (
        "处置台账不足以确定该参数，保留情景原值",
        "not informed by the history: keep the scenario's value",
    ),
    "at_edge": (
        "估计值位于搜索范围的边缘，请扩大范围",
        "the estimate is at the edge of the range searched: widen the range",
    ),
    "no_lower_bound": (
        "在搜索范围内，处置台账无法确定区间下限",
        "the history sets no lower bound within the range searched",
    ),
    "no_upper_bound": (
        "在搜索范围内，处置台账无法确定区间上限",
        "the history sets no upper bound within the range searched",
    ),
}


def note(key: str, lang: str = "en", **values: object) -> str:
    """Return the note *key* (of :data:`NOTES`) in ``"zh"`` or ``"en"``, values filled in."""
    text = NOTES[key][0 if lang == "zh" else 1]
    return text.format(**values) if values else text


def in_language(text: str, lang: str) -> str:
    """Return a note written in English (a note of :data:`NOTES` without values) in *lang*.

    A text that is no such note is returned as it is.
    """
    if lang != "zh":
        return text
    chinese = {en: zh for zh, en in NOTES.values() if "{" not in en}
    return chinese.get(text, text)

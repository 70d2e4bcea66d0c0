"""What ``landsim calibrate`` prints: the estimates and their intervals, the check, the skill.

Every word follows ``--lang`` (default: the scenario's ``plots.lang``), as in ``run``.
The English console is the one scripts may read and stays as it was; the Chinese one
names parameters, the estimate and its interval as the profile charts do
(:mod:`landsim.plots.labels`: 估计值, 原情景取值, 95%区间, 对数得分), the notes as
:mod:`landsim.analysis.history_notes` writes them, and the console's own words from
:data:`CALIBRATE`, with tables aligned by terminal columns
(:func:`~landsim.cli.console.aligned`).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from landsim.analysis.history_notes import in_language
from landsim.cli.console import aligned
from landsim.plots.labels import TEXT, pick, t, year_span

if TYPE_CHECKING:  # pragma: no cover
    from landsim.analysis.calibrate import Fit

#: Words of the calibration console that the catalogue does not have: (zh, en).
CALIBRATE: dict[str, tuple[str, str]] = {
    "col_parameter": ("参数", "parameter"),
    "check": ("模型检验：p = {p:.2f}；{verdict}。", "Check: p = {p:.2f}; {verdict}."),
    "check_low": (
        "实际处置台账在校准后模型下出现的可能性低于模型自身模拟的台账：模型结构（选择策略、"
        "候选规则）或未校准的参数可能有误；若同时校准多个参数，也可能是估计误差大于模拟台账"
        "所显示的（见docs/backtest.md）",
        "the history is less likely under the fitted model than the model's own histories: "
        "its structure (strategy, candidate rules) or a parameter not fitted may be wrong — "
        "or, with several parameters, the estimate's error is larger than the simulated "
        "histories show (see docs/backtest.md)",
    ),
    "check_ok": (
        "实际处置台账与校准后模型模拟的台账相似",
        "the history looks like what the fitted model produces",
    ),
    "skill_heading": ("模型表现（越高越好）：", "Skill (higher is better):"),
    "col_period": ("时段", "period"),
    "col_measure": ("指标", "measure"),
    "period:fit": ("校准期", "fit"),
    "period:holdout": ("检验期（样本外）", "holdout"),
    "source:fitted": ("校准后模型", "fitted"),
    "source:scenario": ("原情景", "scenario"),
    "source:baseline": ("随机选择", "baseline"),
    "measure:log_score": ("对数得分", "log_score"),
    "note": ("注：{text}", "note: {text}"),
    "variant": ("校准后的情景变体：{path}", "Scenario variant: {path}"),
    "progress": ("校准", "calibrating"),
}
#: Skill measures the catalogue names (as the back-test's figures do).
CATALOGUE_MEASURES = ("figure_of_merit", "auc")


def calibrate_text(key: str, lang: str, **values: object) -> str:
    """Return the calibration console's word *key* (of :data:`CALIBRATE`) in *lang*."""
    return pick(CALIBRATE[key], lang, **values)


def summary(fit: Fit, lang: str = "en") -> str:
    """Summarize the estimates with their intervals, the check and the skill table.

    Parameters
    ----------
    fit
        A calibration.
    lang
        ``"zh"`` or ``"en"``.

    Returns
    -------
    str
        The lines the console prints.
    """
    zh = lang == "zh"
    lines = _zh_parameters(fit) if zh else _en_parameters(fit)
    lines += [
        f"  {_name(r.parameter, lang)}{'：' if zh else ': '}{in_language(r.note, lang)}"
        for r in fit.parameters.itertuples()
        if r.note
    ]
    verdict = calibrate_text("check_low" if fit.p_value < 0.05 else "check_ok", lang)
    check = calibrate_text("check", lang, p=fit.p_value, verdict=verdict)
    lines += ["\n" + check, "", calibrate_text("skill_heading", lang)]
    lines += _zh_skill(fit) if zh else _en_skill(fit)
    notes = fit.notes_zh if zh else fit.notes
    lines += [calibrate_text("note", lang, text=n) for n in notes]
    return "\n".join(lines)


def _name(path: str, lang: str) -> str:
    """Name a fitted parameter: its key in English, its label in Chinese (when it has one)."""
    if lang != "zh" or f"fit:{path}" not in TEXT:
        return path
    return t(f"fit:{path}", lang)


def _en_parameters(fit: Fit) -> list[str]:
    """Return the English table, in the fixed widths scripts have read."""
    lines = [f"{'parameter':<42}{'scenario':>10}{'fitted':>10}  {fit.level:.0%} interval"]
    for r in fit.parameters.itertuples():
        lines.append(
            f"{r.parameter:<42}{r.scenario_value:>10.4g}{r.fitted:>10.4g}  {_span(r.low, r.high)}"
        )
    return lines


def _zh_parameters(fit: Fit) -> list[str]:
    """Return the Chinese table, with the profile charts' words."""
    heads = [
        calibrate_text("col_parameter", "zh"),
        t("fit_scenario", "zh"),
        t("fit_estimate", "zh"),
        t("fit_interval", "zh", level=fit.level),
    ]
    rows = [
        [
            _name(r.parameter, "zh"),
            f"{r.scenario_value:.4g}",
            f"{r.fitted:.4g}",
            _span(r.low, r.high),
        ]
        for r in fit.parameters.itertuples()
    ]
    return aligned([heads, *rows])


def _en_skill(fit: Fit) -> list[str]:
    skill = _skill(fit)
    lines = [f"{'':<30}" + "".join(f"{c:>11}" for c in skill.columns)]
    for (period, years, measure), row in skill.iterrows():
        cells = "".join(f"{v:>11.3f}" for v in row.to_numpy())
        lines.append(f"{period + ' ' + years + ' ' + measure:<30}{cells}")
    return lines


def _zh_skill(fit: Fit) -> list[str]:
    say = partial(calibrate_text, lang="zh")
    skill = _skill(fit)
    heads = [say("col_period"), t("year", "zh"), say("col_measure")]
    heads += [say(f"source:{c}") for c in skill.columns]
    rows = [
        [say(f"period:{period}"), _zh_years(years), _measure(measure)]
        + [f"{v:.3f}" for v in row.to_numpy()]
        for (period, years, measure), row in skill.iterrows()
    ]
    return aligned([heads, *rows])


def _zh_years(years: str) -> str:
    """Write the skill table's years ("2022–2023", "2024") in Chinese: "2022—2023年", "2024年"."""
    ends = [int(y) for y in years.split("–")]
    return year_span(ends[0], ends[-1], "zh")


def _measure(measure: str) -> str:
    """Name a skill measure in Chinese, as the back-test's figures do."""
    if measure in CATALOGUE_MEASURES:
        return t(measure, "zh")
    return calibrate_text(f"measure:{measure}", "zh")


def _skill(fit: Fit):
    """Return the skill table: a row per period, years and measure; a column per source."""
    return fit.skill.pivot_table(
        index=["period", "years", "measure"], columns="source", values="value", sort=False
    )


def _span(low: float, high: float) -> str:
    """Return an interval as ``low–high``, or one value when both ends agree."""
    from landsim.analysis.calibrated_variant import span

    return span(f"{low:.4g}", f"{high:.4g}")

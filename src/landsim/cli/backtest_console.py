"""What ``landsim backtest`` prints: the Figure of Merit against random selection, the totals.

Every word follows ``--lang`` (default: the scenario's ``plots.lang``), as in ``run``.
The English console is the one scripts may read and stays as it was; the Chinese one
uses the words of the back-test's figures (:mod:`landsim.plots.labels`: 品质因数（FoM）,
随机选择, ROC曲线下面积, 第90百分位) and, for the console's own, :data:`BACKTEST`, with
tables aligned by terminal columns (:func:`~landsim.cli.console.aligned`).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from landsim.cli.console import aligned
from landsim.plots.labels import pick, t, year_span

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from landsim.analysis.backtest import Backtest

#: Words of the back-test console that the catalogue does not have: (zh, en).
BACKTEST: dict[str, tuple[str, str]] = {
    "title": (
        "回测：情景{name}对照{source}，{years}共{n:,}项处置",
        "Back-test of {name} against {source}: {n:,} treatments, {years}",
    ),
    "fom_heading": (
        "品质因数（FoM，任一处置方式，按面积计）：模型与随机选择",
        "Figure of Merit (any treatment, by area): model against random selection",
    ),
    "col_model": ("模型", "model"),
    "col_central": ("（中心值）", ""),
    "col_draws": ("（{n:,}次平均）", "draws"),
    "col_random": ("随机选择", "random"),
    "col_mean": ("（{n:,}次平均）", ""),
    "col_p90": ("（第90百分位）", "P90"),
    "auc": (
        "ROC曲线下面积（按{n:,}次抽样中各地块的入选频率计）：模型{model:.3f}，"
        "随机选择{chance:.3f}（0.5为随机水平）",
        "AUC of selection frequency over {n:,} draws: {model:.3f} "
        "(random selection {chance:.3f}; 0.5 is chance)",
    ),
    "totals_heading": (
        "全区模拟值（中心值情景）与实际值，格内为模拟值/实际值：",
        "Simulated (central values) against actual, district:",
    ),
    "col_quantity": ("指标", ""),
    "area_any": ("处置面积（亩）", "treated"),
    "contiguous": ("连片腾换产业空间（亩）", "contiguous vacated"),
    "paid_total": ("补偿与补助支出（亿元）", "money paid"),
    "year": ("{year}年", "{year}"),
    "note": ("注：{text}", "note: {text}"),
}
#: The totals shown: quantity, English unit, divisor of the values (万元 → 亿元).
TOTALS = (("area_any", "mu", 1.0), ("contiguous", "mu", 1.0), ("paid_total", "亿元", 1e4))


def backtest_text(key: str, lang: str, **values: object) -> str:
    """Return the back-test console's word *key* (of :data:`BACKTEST`) in *lang*."""
    return pick(BACKTEST[key], lang, **values)


def summary(bt: Backtest, lang: str = "en") -> str:
    """Summarize the headline scores, year by year, against random selection.

    Parameters
    ----------
    bt
        A back-test.
    lang
        ``"zh"`` or ``"en"``.

    Returns
    -------
    str
        The lines the console prints: the Figure of Merit of each year and of the whole
        back-test, the AUC (with draws), simulated against actual totals, notes.
    """
    h = bt.history
    name, source = bt.prepared.scenario.name, h.source.name
    title = backtest_text(
        "title",
        lang,
        name=name,
        source=source,
        n=len(h.events),
        years=year_span(h.start, h.end, lang),
    )
    lines = [title, "", backtest_text("fom_heading", lang)]
    lines += _zh_fom(bt) if lang == "zh" else _en_fom(bt)
    auc = bt.score("auc").iloc[-1]
    if bt.draws > 1:
        values = {"n": bt.draws, "model": auc["model_draws"], "chance": auc["baseline"]}
        lines.append("\n" + backtest_text("auc", lang, **values))
    totals = _zh_totals(bt) if lang == "zh" else _en_totals(bt)
    notes = bt.notes_zh if lang == "zh" else bt.notes
    lines += ["", totals] + [backtest_text("note", lang, text=n) for n in notes]
    return "\n".join(lines)


def _fom_rows(bt: Backtest) -> list[tuple[str, pd.Series]]:
    """Each year's Figure of Merit (labelled by the year), then the whole back-test's ("")."""
    fom = bt.score("figure_of_merit", scope="year")
    window = bt.score("figure_of_merit").iloc[-1]
    return [(str(y), r) for y, r in fom.iterrows()] + [("", window)]


def _en_fom(bt: Backtest) -> list[str]:
    """Return the English table, in the fixed widths scripts have read."""
    h = bt.history
    lines = [f"{'year':>12}{'model':>9}{'draws':>9}{'random':>9}{'P90':>7}"]
    for label, r in _fom_rows(bt):
        label = label or year_span(h.start, h.end, "en")
        draws = "" if bt.draws < 2 else f"{r['model_draws']:.2f}"
        lines.append(
            f"{label:>12}{r['model']:>9.2f}{draws:>9}{r['baseline']:>9.2f}{r['baseline_p90']:>7.2f}"
        )
    return lines


def _zh_fom(bt: Backtest) -> list[str]:
    """Return the Chinese table: each head over its qualifier; no draws column without draws."""
    say = partial(backtest_text, lang="zh")
    draws = bt.draws > 1
    names = [t("year", "zh"), say("col_model"), *([say("col_model")] if draws else [])]
    names += [say("col_random")] * 2
    under = ["", say("col_central"), *([say("col_draws", n=bt.draws)] if draws else [])]
    under += [say("col_mean", n=bt.baseline_draws), say("col_p90")]
    h = bt.history
    rows = []
    for label, r in _fom_rows(bt):
        cells = [f"{r['model']:.2f}", *([f"{r['model_draws']:.2f}"] if draws else [])]
        cells += [f"{r['baseline']:.2f}", f"{r['baseline_p90']:.2f}"]
        rows.append([label or t("bt_window", "zh", years=year_span(h.start, h.end, "zh")), *cells])
    return aligned([names, under, *rows])


def _district_totals(bt: Backtest) -> list[tuple[str, float, pd.DataFrame]]:
    """Return the district's totals to show: quantity, divisor, rows (those with actual values)."""
    t_ = bt.totals[bt.totals["platform"] == "district"]
    out = []
    for quantity, _, scale in TOTALS:
        sub = t_[t_["quantity"] == quantity]
        if not sub["actual"].isna().all():
            out.append((quantity, scale, sub))
    return out


def _en_totals(bt: Backtest) -> str:
    out = [backtest_text("totals_heading", "en")]
    units = {quantity: unit for quantity, unit, _ in TOTALS}
    for quantity, scale, sub in _district_totals(bt):
        label = backtest_text(quantity, "en")
        cells = [
            f"{int(r.year)} {r.model / scale:,.0f}/{r.actual / scale:,.0f}"
            for r in sub.itertuples()
        ]
        out.append(f"  {label + ':':<20}" + "   ".join(cells) + f" {units[quantity]}")
    return "\n".join(out)


def _zh_totals(bt: Backtest) -> str:
    shown = _district_totals(bt)
    if not shown:
        return backtest_text("totals_heading", "zh")
    years = [int(y) for y in shown[0][2]["year"]]
    heads = [backtest_text("col_quantity", "zh")]
    heads += [backtest_text("year", "zh", year=y) for y in years]
    rows = [
        [backtest_text(quantity, "zh")]
        + [f"{r.model / scale:,.0f}/{r.actual / scale:,.0f}" for r in sub.itertuples()]
        for quantity, scale, sub in shown
    ]
    return "\n".join([backtest_text("totals_heading", "zh"), *aligned([heads, *rows])])

"""A one- or two-page policy brief (PDF) and its figures (PNG and SVG) from a run.

Page 1: title, description, headline figures, the map, and progress toward both yearly
targets. Page 2: output against the baseline, the output bridge, platform growth and
money. Every figure is also written on its own, sized for a brief column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from matplotlib import pyplot as plt
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from landsim import plots
from landsim.io.atomic import atomic_folder
from landsim.plots.common import series, style_for
from landsim.plots.labels import cause
from landsim.plots.style import Style
from landsim.runs import Results
from landsim.version import __version__

A4 = (8.27, 11.69)
FIGURES: dict[str, Callable] = {
    "progress_contiguous": lambda r, st, ax=None: plots.target_progress(
        r, "contiguous", style=st, ax=ax
    ),
    "progress_revitalized": lambda r, st, ax=None: plots.target_progress(
        r, "revitalized", style=st, ax=ax
    ),
    "output": lambda r, st, ax=None: plots.output_paths(r, style=st, ax=ax),
    "tax": lambda r, st, ax=None: plots.output_paths(r, "tax", style=st, ax=ax),
    "bridge": lambda r, st, ax=None: plots.output_bridge(r, style=st, ax=ax),
    "platform_growth": lambda r, st, ax=None: plots.platform_growth(r, style=st, ax=ax),
    "money": lambda r, st, ax=None: plots.money_flows(r, style=st, ax=ax),
    "map": lambda r, st, ax=None: plots.parcel_map(r, style=st, ax=ax),
    "map_by_year": lambda r, st, ax=None: plots.parcel_map(r, "year", style=st, ax=ax),
}
#: Extra figures of Monte Carlo runs.
UNCERTAINTY_FIGURES: dict[str, Callable] = {
    "target_probability": lambda r, st, ax=None: plots.target_probability(r, style=st, ax=ax),
    "fan_output": lambda r, st, ax=None: plots.fan_chart(r, "output|difference", style=st, ax=ax),
    "fan_contiguous": lambda r, st, ax=None: plots.fan_chart(
        r, "area|contiguous|cumulative", style=st, ax=ax
    ),
    "fan_revitalized": lambda r, st, ax=None: plots.fan_chart(
        r, "area|revitalized|cumulative", style=st, ax=ax
    ),
}


def write_brief(res: Results, folder: Path, *, lang: str = "zh", force: bool = False) -> list[str]:
    """Write ``brief.pdf`` and every figure as PNG and SVG into *folder* (atomically).

    Returns the file names written. Falls back to English, with a warning, when no font
    can draw the Chinese labels.
    """
    st = style_for(res, lang)
    written = []
    with plt.rc_context(st.rc()), atomic_folder(folder, force=force) as tmp:
        figures = FIGURES | (UNCERTAINTY_FIGURES if res.quantiles is not None else {})
        for name, draw in figures.items():
            ax = draw(res, st)
            for ext in ("png", "svg"):
                ax.figure.savefig(tmp / f"{name}.{ext}")
                written.append(f"{name}.{ext}")
            plt.close(ax.figure)
        with PdfPages(
            tmp / "brief.pdf",
            metadata={"Title": _title(res, st), "Creator": f"landsim {__version__}"},
        ) as pdf:
            for page in (_page_one(res, st), _page_two(res, st)):
                pdf.savefig(page)
                plt.close(page)
        written.insert(0, "brief.pdf")
    return written


def _title(res: Results, st: Style) -> str:
    return res.scenario.title.get(st.lang) if res.scenario.title else res.scenario.name


def _page_one(res: Results, st: Style) -> Figure:
    fig = plt.figure(figsize=A4, layout="constrained")
    grid = fig.add_gridspec(4, 2, height_ratios=[0.7, 2.0, 1.2, 1.2], width_ratios=[1.0, 1.0])
    head = fig.add_subfigure(grid[0, :])
    _header(head, res, st)
    text = fig.add_subfigure(grid[1, 0])
    _headline(text, res, st)
    plots.parcel_map(res, style=st, ax=fig.add_subplot(grid[1, 1]))
    plots.target_progress(res, "contiguous", style=st, ax=fig.add_subplot(grid[2, :]))
    if res.probabilities is not None:
        plots.target_probability(res, style=st, ax=fig.add_subplot(grid[3, :]))
    else:
        plots.target_progress(res, "revitalized", style=st, ax=fig.add_subplot(grid[3, :]))
    return fig


def _page_two(res: Results, st: Style) -> Figure:
    fig = plt.figure(figsize=A4, layout="constrained")
    grid = fig.add_gridspec(4, 1)
    if res.quantiles is not None:
        plots.fan_chart(res, "output|difference", style=st, ax=fig.add_subplot(grid[0]))
        plots.fan_chart(res, "area|contiguous|cumulative", style=st, ax=fig.add_subplot(grid[1]))
    else:
        plots.output_paths(res, style=st, ax=fig.add_subplot(grid[0]))
        plots.output_bridge(res, style=st, ax=fig.add_subplot(grid[1]))
    plots.platform_growth(res, style=st, ax=fig.add_subplot(grid[2]))
    plots.money_flows(res, style=st, ax=fig.add_subplot(grid[3]))
    return fig


def _header(fig: Figure, res: Results, st: Style) -> None:
    s = res.scenario
    fig.text(0.0, 0.92, _title(res, st), fontproperties=st.fp(size=16, weight="bold"), va="top")
    fig.text(
        0.0,
        0.62,
        st.t(
            "brief_subtitle",
            name=s.name,
            start=s.horizon.start,
            end=s.horizon.end,
            version=__version__,
        ),
        fontproperties=st.fp(size=8.5),
        color="#555555",
        va="top",
    )
    if s.describe(st.lang):
        fig.text(
            0.0,
            0.38,
            wrap(s.describe(st.lang), 110),
            fontproperties=st.fp(size=8.5),
            va="top",
            linespacing=1.4,
        )


def _headline(fig: Figure, res: Results, st: Style) -> None:
    fig.text(0.0, 0.98, st.t("headline"), fontproperties=st.fp(size=10.5, weight="bold"), va="top")
    lines = headline_lines(res, st)
    fig.text(
        0.0,
        0.88,
        "\n".join(wrap(line, 50, bullet="• ") for line in lines),
        fontproperties=st.fp(size=7.5),
        va="top",
        linespacing=1.45,
    )


def headline_lines(res: Results, st: Style) -> list[str]:
    """Write the brief's headline figures as sentences in the style's language."""
    s = res.scenario
    last = s.horizon.end
    lines = [_targets_line(res, st)]
    cum = {k: series(res, f"area|{k}").sum() for k in ("vacated", "contiguous", "revitalized")}
    lines.append(st.t("cum_vacated", mu=cum["vacated"], cont=cum["contiguous"]))
    lines.append(st.t("cum_revitalized", mu=cum["revitalized"]))
    gain = series(res, "output|difference")[last]
    base = series(res, "output|baseline")[last]
    lines.append(
        st.t(
            "output_gain",
            year=last,
            sign="+" if gain >= 0 else "−",
            value=abs(gain) / 1e4,
            pct=gain / base if base else 0.0,
        )
    )
    tax = series(res, "tax|difference")[last]
    lines.append(st.t("tax_gain", year=last, sign="+" if tax >= 0 else "−", value=abs(tax) / 1e4))
    lines.append(
        st.t(
            "net_money",
            value=series(res, "money|net").sum() / 1e4,
            comp=series(res, "money|compensation").sum() / 1e4,
            land=series(res, "money|land_revenue").sum() / 1e4,
        )
    )
    if len(res.projects):
        lines.append(
            st.t(
                "projects_line",
                text="; ".join(_project_text(row, st) for _, row in res.projects.iterrows()),
            )
        )
    lines.append(st.t("shortfall_line", text=_shortfall_text(res, st)))
    if res.probabilities is not None:
        prob = res.probabilities.pivot(index="year", columns="target", values="probability")

        def summary(item: str) -> str:
            return ", ".join(f"{span} {v:.0%}" for span, v in _runs(prob[item].round(2)))

        lines.append(
            st.t("prob_line", n=res.draws, cont=summary("contiguous"), rev=summary("revitalized"))
        )
    return lines


def _runs(values) -> list[tuple[str, float]]:
    """Group consecutive years with the same value: [("2024–2028", 1.0), ("2029", 0.11)]."""
    out: list[tuple[str, float]] = []
    start = prev = None
    for year, v in values.items():
        if out and v == out[-1][1] and prev == year - 1:
            out[-1] = (f"{start}–{year}", v)
        else:
            start = year
            out.append((str(year), v))
        prev = year
    return out


def _targets_line(res: Results, st: Style) -> str:
    parts = []
    for item in ("contiguous", "revitalized"):
        share = series(res, f"target_share|{item}")
        met = [str(y) for y, v in share.items() if v >= 1 - 1e-9]
        word = st.t(f"{item}_short")
        years = ", ".join(met) if met else "—"
        parts.append(f"{word} {st.t('met')} {len(met)}/{len(share)} ({years})")
    return f"{st.t('targets_met')}: " + "; ".join(parts)


def _project_text(row, st: Style) -> str:
    name = row["name_zh"] if st.lang == "zh" else row["name_en"]
    if row["status"] == "placed":
        return st.t("project_placed", name=name, year=int(row["year_placed"]))
    return st.t("project_failed", name=name, reason=str(row["reason"])[:60])


def _shortfall_text(res: Results, st: Style) -> str:
    sf = res.shortfalls
    big = sf[(sf["kind"] == "quota") & (sf["missing"] >= 1)]
    if big.empty:
        return st.t("no_shortfalls")
    grouped = big.groupby(["item", "cause"])["year"].agg(["min", "max"]).reset_index()
    words = {"vacate": st.t("vacate"), "upgrade": st.t("upgrade"), "reactivate": st.t("reactivate")}
    return "; ".join(
        f"{words.get(r['item'], r['item'])} {r['min']}–{r['max']}: {cause(r['cause'], st.lang)}"
        for _, r in grouped.iterrows()
    )


def wrap(text: str, width: int, bullet: str = "") -> str:
    """Wrap *text* to *width* columns, counting a Chinese character as two.

    Lines break between Chinese characters or at spaces, never inside a number or a word.
    """
    tokens = re.findall(
        r"\s+|[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]+",
        text,
    )
    indent = " " * len(bullet)
    lines, line = [], bullet
    for token in tokens:
        if _width(line) + _width(token) > width and line.strip():
            lines.append(line.rstrip())
            line = indent + ("" if token.isspace() else token)
        else:
            line += token
    lines.append(line.rstrip())
    return "\n".join(lines)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

"""Back-test and calibration figures.

The map of hits, misses and false alarms, the scores against random selection, and the
profile of a fit.

Every text goes through the style's labels (:mod:`landsim.plots.labels`), every colour is
asked for by meaning (:mod:`landsim.plots.palette`: ``hit``, ``miss``, ``false_alarm``,
``model``, ``chance``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.patches import Patch

from landsim.errors import LandsimError
from landsim.plots.cartography import make_room, scale_bar
from landsim.plots.common import axes, finish, legend, thousands
from landsim.plots.labels import TEXT
from landsim.plots.maps import drawn_geometry
from landsim.plots.palette import COLOURS, HATCH
from landsim.plots.platforms import platform_outlines
from landsim.plots.style import WIDTH_IN, Style, make_style
from landsim.units import M2_PER_MU

if TYPE_CHECKING:
    import pandas as pd

    from landsim.analysis.backtest import Backtest
    from landsim.analysis.calibrate import Fit

OUTCOMES = ("hit", "miss", "false_alarm", "correct_rejection")


def backtest_style(bt: Backtest, lang: str, style: Style | None = None) -> Style:
    """Return the style of a back-test's figures (fonts checked against platform names)."""
    if style is not None:
        return style
    scn = bt.prepared.scenario
    names = [p.name.get(lang) for p in scn.platforms.values()]
    return make_style(lang, names, scn.plots.font_path)


def backtest_map(
    bt: Backtest,
    *,
    platform: str | None = None,
    lang: str = "en",
    ax: Axes | None = None,
    style: Style | None = None,
) -> Axes:
    """Parcels coloured by the back-test's outcome over its years, any treatment.

    A **hit** was treated in the run at central values and in reality, a **miss** in
    reality only, a **false alarm** in the model only; the legend gives each one's count
    and area. Parcels are drawn as their polygons, or as squares of their area at x/y;
    platforms are outlined and named, as on :func:`landsim.plots.parcel_map`, with a scale
    bar and a north arrow.
    """
    st = backtest_style(bt, lang, style)
    p = bt.parcels
    keep = np.ones(len(p), bool) if platform is None else (p["platform"] == platform).to_numpy()
    shapes = _shapes(bt, keep)
    corners = np.concatenate(shapes) if shapes else np.zeros((1, 2))
    if not np.isfinite(corners).all():
        raise LandsimError(
            "a back-test map needs coordinates: the inventory has neither polygons nor x/y "
            "for every parcel (map x and y in inventory.columns)"
        )
    (x0, y0), (x1, y1) = corners.min(axis=0), corners.max(axis=0)
    pad = 0.03 * max(x1 - x0, y1 - y0, 1.0)
    if ax is None:
        width = WIDTH_IN * 0.62
        height = float(np.clip(width * (y1 - y0 + 2 * pad) / (x1 - x0 + 2 * pad) + 0.4, 2.2, 8))
        ax = axes(None, height=height, style=st)
    outcome = np.where(p["outcome"] == "", "correct_rejection", p["outcome"])[keep]
    area = p["area_mu"].to_numpy(float)[keep]
    handles = []
    for key in OUTCOMES:
        mine = np.flatnonzero(outcome == key)
        ax.add_collection(
            PolyCollection(
                [shapes[i] for i in mine],
                facecolors=COLOURS[key],
                edgecolors="none",
                hatch=HATCH.get(key),
                linewidths=0,
            )
        )
        count = st.t("bt_count", n=len(mine), mu=area[mine].sum())
        handles.append(
            Patch(facecolor=COLOURS[key], hatch=HATCH.get(key), label=f"{st.t(key)}\n{count}")
        )
    ax.set_xlim(x0 - pad, x1 + pad)
    ax.set_ylim(y0 - pad, y1 + pad)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_visible(False)
    make_room(ax)
    boxes = drawn_geometry(bt.parcels, bt.prepared).bounds()
    drawn = (bt.prepared.boundaries, boxes, keep)
    handles += platform_outlines(ax, (bt.prepared.scenario, p["platform"]), drawn, platform, st)
    scale_bar(ax, st)
    ax.legend(
        handles=handles,
        prop=st.fp(size=6.5),
        frameon=False,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        labelspacing=1.0,
    )
    years = bt.model.years.astype(int)
    title = st.t("bt_map_title", years=st.years(years[0], years[-1]))
    if platform is not None:
        title = st.aside(title, bt.prepared.scenario.platforms[platform].name.get(st.lang))
    ax.set_title(title, fontproperties=st.fp(weight="bold"), loc="left")
    return ax


def _shapes(bt: Backtest, keep: np.ndarray) -> list[np.ndarray]:
    """Each kept parcel's outline: its polygon's shell, or a square of its area."""
    geometry = bt.prepared.inventory.geometry
    idx = np.flatnonzero(keep)
    if geometry is not None and geometry.kind == "polygon":
        first: dict[int, np.ndarray] = {}
        for shell, owner in zip(geometry.shells(), geometry.shell_parcels(), strict=True):
            first.setdefault(int(owner), shell)
        return [first[i] for i in idx]
    p = bt.parcels
    x, y = p["x"].to_numpy(float)[idx], p["y"].to_numpy(float)[idx]
    half = np.sqrt(p["area_mu"].to_numpy(float)[idx] * M2_PER_MU) / 2
    corners = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]], dtype=float)
    return list(np.stack([x, y], axis=1)[:, None, :] + half[:, None, None] * corners[None])


def backtest_scores(
    bt: Backtest,
    *,
    platform: str = "district",
    lang: str = "en",
    ax: Axes | None = None,
    style: Style | None = None,
) -> Axes:
    """Plot the Figure of Merit of each year and of the whole back-test, by area.

    Each next to random selection with the same quotas (its mean, with a bar to its 90th
    percentile).
    """
    st = backtest_style(bt, lang, style)
    ax = axes(ax, height=2.6, style=st)
    yearly = bt.score("figure_of_merit", scope="year", platform=platform)
    window = bt.score("figure_of_merit", scope="cumulative", platform=platform).iloc[[-1]]
    years = bt.model.years.astype(int)
    labels = [str(y) for y in yearly.index] + [
        st.t("bt_window", years=st.years(years[0], years[-1]))
    ]
    table = np.vstack([yearly.to_numpy(), window.to_numpy()])
    x = np.arange(len(labels), dtype=float)
    draws = bt.draws > 1
    width = 0.27 if draws else 0.38
    series = [("model", "model", "bt_model", {})]
    if draws:
        series.append(("model_draws", "model", "bt_model_draws", {"n": bt.draws}))
    series.append(("baseline", "chance", "bt_chance", {"n": bt.baseline_draws}))
    columns = ["model", "model_draws", "baseline", "baseline_p90"]
    for k, (name, colour, label, values) in enumerate(series):
        pos = x + (k - (len(series) - 1) / 2) * width
        heights = table[:, columns.index(name)]
        ax.bar(
            pos,
            heights,
            width,
            color=COLOURS[colour],
            alpha=0.55 if name == "model_draws" else 1.0,
            hatch=HATCH.get(colour),
            edgecolor="white",
            label=st.t(label, **values),
        )
        if name == "baseline":
            top = table[:, columns.index("baseline_p90")]
            ax.vlines(pos, heights, top, color="#333333", linewidth=1.0)
    ax.set_ylim(0, 1.0)
    ax.set_xticks(x, labels)
    legend(ax, st, loc="lower left", bbox_to_anchor=(0.0, 1.02), ncols=1)
    finish(ax, st, st.t("bt_scores_title"), st.t("figure_of_merit"), years=False)
    ax.set_title(ax.get_title(loc="left"), fontproperties=st.fp(weight="bold"), loc="left", pad=52)
    if draws:
        auc = bt.score("auc", platform=platform).iloc[-1]
        ax.annotate(
            st.t("bt_auc_note", model=auc["model_draws"], chance=auc["baseline"]),
            (1.0, 1.0),
            xycoords="axes fraction",
            ha="right",
            va="bottom",
            fontproperties=st.fp(size=6.5),
        )
    return ax


def fit_profile(
    fit: Fit,
    parameter: str | None = None,
    *,
    lang: str = "en",
    ax: Axes | None = None,
    style: Style | None = None,
) -> Axes:
    """Plot the history's log score along one fitted parameter.

    The best score over the other parameters, with the estimate, its interval and the
    scenario's own value.
    """
    st = style or make_style(lang)
    ax = axes(ax, height=2.4, style=st)
    path = parameter or fit.fitted[0].path
    row = fit.parameters.set_index("parameter").loc[path]
    ax.axvspan(
        row["low"],
        row["high"],
        color=COLOURS["band_outer"],
        linewidth=0,
        label=st.t("fit_interval", level=fit.level),
    )
    _profile_lines(ax, fit.grid, path, st)
    ax.axvline(row["fitted"], color=COLOURS["hit"], linewidth=1.4, label=st.t("fit_estimate"))
    if np.isfinite(row["scenario_value"]):
        ax.axvline(
            row["scenario_value"],
            color=COLOURS["baseline"],
            linestyle="--",
            linewidth=1.0,
            label=st.t("fit_scenario"),
        )
    legend(ax, st, outside=True)  # a profile can run anywhere inside the axes
    thousands(ax)
    name = fit_parameter_label(path, st)
    finish(ax, st, st.t("fit_title", name=name), st.t("log_score"), years=False)
    ax.set_xlabel(name, fontproperties=st.fp())
    return ax


def _profile_lines(ax: Axes, grid: pd.DataFrame, path: str, st: Style) -> None:
    """Draw the best log score along *path*: the coarse grid, and the finer grids apart.

    The grids use different numbers of draws, so their scores are not joined in one line
    (neighbouring values of two grids would make a step that is only noise).
    """
    fine = grid["grid"] >= 2
    for part, colour, label in (
        (~fine, COLOURS["baseline"] if fine.any() else COLOURS["model"], "fit_coarse"),
        (fine, COLOURS["model"], "fit_fine"),
    ):
        if not part.any():
            continue
        best = grid[part].groupby(path)["log_score"].max().sort_index()
        shown = st.t(label) if fine.any() else None
        ax.plot(best.index, best.to_numpy(), color=colour, marker="o", markersize=3, label=shown)


def fit_parameter_label(path: str, style: Style) -> str:
    """Name a fitted parameter in the style's language (its key when it has no label)."""
    key = f"fit:{path}"
    return style.t(key) if key in TEXT else path

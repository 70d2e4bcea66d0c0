"""A map of parcels by treatment or by year treated, with clusters and project blocks outlined.

Parcels are drawn as their polygons when the inventory has them, otherwise as squares of
their true area centred on their x/y. Contiguous clusters and major-project blocks are
outlined by the convex hull of their parcels' corners.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.patches import Patch, Polygon
from scipy.spatial import ConvexHull, QhullError

from landsim.errors import LandsimError
from landsim.plots.common import axes, style_for
from landsim.plots.style import FILLS, WIDTH_IN, Style
from landsim.units import M2_PER_MU

if TYPE_CHECKING:
    from landsim.runs import Results

STATUS_COLOURS = {
    "untreated": "#e6e6e6",
    "restricted": "#9e9e9e",
    "upgrade": FILLS[1],
    "reactivate": FILLS[2],
    "vacate": FILLS[0],
}


def parcel_map(
    res: Results,
    by: Literal["status", "year"] = "status",
    *,
    platform: str | None = None,
    lang: str = "en",
    ax: Axes | None = None,
    style: Style | None = None,
) -> Axes:
    """Parcels coloured by treatment (*by* ``"status"``) or by year treated (``"year"``).

    Parameters
    ----------
    res
        A run's results; its parcel table needs x and y.
    by
        Colour by treatment, or by the year selected (light = early, dark = late).
    platform
        Draw only this platform (a zoom); the whole district when ``None``.
    """
    st = style_for(res, lang, style)
    p = res.parcels
    keep = (
        np.ones(len(p), dtype=bool) if platform is None else (p["platform"] == platform).to_numpy()
    )
    shapes = _shapes(res, keep)
    corners = np.concatenate(shapes) if shapes else np.zeros((1, 2))
    if not np.isfinite(corners).all():
        raise LandsimError(
            "a parcel map needs coordinates: the inventory has neither polygons "
            "nor x/y for every parcel (map x and y in inventory.columns)"
        )
    (x0, y0), (x1, y1) = corners.min(axis=0), corners.max(axis=0)
    pad = 0.03 * max(x1 - x0, y1 - y0, 1.0)
    # room below the parcels for the scale bar
    y0 -= 0.08 * max(x1 - x0, y1 - y0, 1.0)
    if ax is None:
        map_width = WIDTH_IN * 0.78  # the legend takes the rest
        height = float(
            np.clip(map_width * (y1 - y0 + 2 * pad) / (x1 - x0 + 2 * pad) + 0.5, 2.2, 8.0)
        )
        ax = axes(None, height=height, style=st)
    if by == "year":
        colours, handles = _by_year(res, keep, st)
    else:
        colours, handles = _by_status(p[keep], st)
    ax.add_collection(PolyCollection(shapes, facecolors=colours, edgecolors="none", linewidths=0))
    handles += _outlines(ax, res, keep, shapes, st)
    ax.set_xlim(x0 - pad, x1 + pad)
    ax.set_ylim(y0 - pad, y1 + pad)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_visible(False)
    _scale_bar(ax, st)
    ax.legend(
        handles=handles,
        prop=st.fp(size=6.5),
        frameon=False,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
    )
    ax.set_title(
        st.t("map_year_title" if by == "year" else "map_status_title")
        + (f" · {res.scenario.platforms[platform].name.get(st.lang)}" if platform else ""),
        fontproperties=st.fp(weight="bold"),
        loc="left",
    )
    return ax


def _shapes(res: Results, keep: np.ndarray) -> list[np.ndarray]:
    geometry = _geometry(res)
    idx = np.flatnonzero(keep)
    if geometry is not None and geometry.kind == "polygon":
        owners = geometry.shell_parcels()
        shells = geometry.shells()
        first = {}
        for shell, owner in zip(shells, owners, strict=True):
            first.setdefault(int(owner), shell)
        return [first[i] for i in idx]
    p = res.parcels
    x, y = p["x"].to_numpy(float)[idx], p["y"].to_numpy(float)[idx]
    half = np.sqrt(p["area_mu"].to_numpy(float)[idx] * M2_PER_MU) / 2
    corners = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]], dtype=float)
    return list(np.stack([x, y], axis=1)[:, None, :] + half[:, None, None] * corners[None])


def _geometry(res: Results):
    """Polygons of the run's inventory: from the run, or re-read from a GeoJSON inventory."""
    if res.prepared is not None:
        return res.prepared.inventory.geometry
    spec = res.scenario.inventory
    if spec.path.lower().endswith((".geojson", ".json")) and Path(spec.path).is_file():
        from landsim.inventory.readers import read_raw

        geometry = read_raw(spec).geometry
        if geometry is not None and geometry.n == len(res.parcels):
            return geometry
    return None


def _by_status(p, st: Style):
    cat = np.where(
        p["treatment"] != "", p["treatment"], np.where(p["restricted"], "restricted", "untreated")
    )
    colours = [STATUS_COLOURS[c] for c in cat]
    handles = [
        Patch(facecolor=STATUS_COLOURS[k], label=st.t(k if k != "untreated" else "not_treated"))
        for k in ("vacate", "upgrade", "reactivate", "restricted", "untreated")
    ]
    return colours, handles


def _by_year(res: Results, keep: np.ndarray, st: Style):
    p = res.parcels[keep]
    years = sorted(int(y) for y in res.long["year"].unique() if y >= res.scenario.horizon.start)
    cmap = colormaps["cividis_r"]
    shade = {y: cmap(0.15 + 0.8 * i / max(len(years) - 1, 1)) for i, y in enumerate(years)}
    sel = p["year_selected"].to_numpy(dtype=float, na_value=np.nan)
    colours = [shade[int(y)] if not np.isnan(y) else "#eeeeee" for y in sel]
    handles = [Patch(facecolor=shade[y], label=str(y)) for y in years]
    handles.append(Patch(facecolor="#eeeeee", label=st.t("not_treated")))
    return colours, handles


def _outlines(
    ax: Axes, res: Results, keep: np.ndarray, shapes: list[np.ndarray], st: Style
) -> list:
    p = res.parcels
    position = {i: k for k, i in enumerate(np.flatnonzero(keep))}
    handles = []
    groups = [
        (
            "cluster",
            p.index[keep & p["contiguous"].to_numpy()].groupby(
                p["cluster_id"][keep & p["contiguous"].to_numpy()]
            ),
            dict(edgecolor="#c1121f", linewidth=0.9, linestyle="-"),
        )
    ]
    if (p["project"] != "").any():
        proj = keep & (p["project"] != "").to_numpy()
        groups.append(
            (
                "project",
                p.index[proj].groupby(p["project"][proj]),
                dict(edgecolor="black", linewidth=1.6, linestyle="--"),
            )
        )
    for key, members_by_group, kw in groups:
        drawn = False
        for members in members_by_group.values():
            pts = np.concatenate([shapes[position[i]] for i in members])
            hull = _hull(pts)
            if hull is not None:
                ax.add_patch(Polygon(hull, closed=True, fill=False, **kw))
                drawn = True
        if drawn:
            handles.append(Patch(fill=False, label=st.t(key), **kw))
    return handles


def _hull(points: np.ndarray) -> np.ndarray | None:
    try:
        return points[ConvexHull(points).vertices]
    except (QhullError, ValueError):
        return None


def _scale_bar(ax: Axes, st: Style) -> None:
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    span_km = (x1 - x0) / 1000
    km = next(k for k in (0.5, 1, 2, 5, 10, 20, 50) if k >= span_km / 8)
    bx, by = x0 + (x1 - x0) * 0.03, y0 + (y1 - y0) * 0.04
    ax.plot([bx, bx + km * 1000], [by, by], color="black", linewidth=2)
    ax.annotate(
        st.t("scale_km", km=km),
        (bx + km * 500, by),
        textcoords="offset points",
        xytext=(0, 3),
        ha="center",
        fontproperties=st.fp(size=6.5),
    )

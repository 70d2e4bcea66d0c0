"""Platforms on a map: their outlines and names, placed so that every name can be read.

Outlines come from the scenario's boundary layer, or are dissolved from the platform's
parcels (:mod:`landsim.plots.outlines`). Each name sits at its platform's centre, then is
moved inside the map's width and away from the names drawn before it. The run's map and
the back-test's map draw platforms with these functions.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath

from landsim.plots import outlines
from landsim.plots.cartography import HALO
from landsim.plots.style import Style
from landsim.plots.text import wrap

PLATFORM_EDGE = "#404040"
#: Columns of a platform's name on the map before it wraps (a Chinese character is two).
LABEL_COLUMNS = 18


def rings_path(coords: np.ndarray, ring_offsets: np.ndarray, rings: np.ndarray) -> MplPath:
    """Build a compound path of the chosen rings (each closed) without Python loops."""
    start, stop = ring_offsets[:-1][rings], ring_offsets[1:][rings]
    size = stop - start
    within = np.arange(size.sum()) - np.repeat(np.cumsum(size) - size, size)
    vertices = coords[np.repeat(start, size) + within]
    codes = np.full(len(vertices), MplPath.LINETO, dtype=np.uint8)
    ends = np.cumsum(size)
    codes[ends - size] = MplPath.MOVETO
    codes[ends - 1] = MplPath.CLOSEPOLY
    return MplPath(vertices, codes)


def platform_outlines(
    ax: Axes, where: tuple, drawn: tuple, platform: str | None, st: Style
) -> list:
    """Draw platform outlines and names: from the boundary layer, or dissolved from the parcels.

    Parameters
    ----------
    ax
        The map.
    where
        ``(scenario, platform_of)``: the scenario and each parcel's platform id (a Series).
    drawn
        ``(layer, boxes, keep)``: the boundary layer (or ``None``), each parcel's bounds,
        and the parcels drawn.
    platform
        The one platform drawn, or ``None`` for all of them.
    st
        The style.

    Returns
    -------
    list
        The legend's handle for the outlines (none when no platform was drawn).
    """
    s, platform_of = where
    layer, boxes, keep = drawn
    wanted = [pid for pid, p in s.platforms.items() if p.is_platform and platform in (None, pid)]
    if layer is not None:
        labels = _draw_layer(ax, layer, wanted)
    else:
        ids = list(s.platforms)
        codes = {pid: k for k, pid in enumerate(ids)}
        group = platform_of.map(codes).fillna(-1).to_numpy(dtype=int)
        group = np.where(keep, group, -1)
        regions = outlines.platform_regions(boxes, group, [codes[pid] for pid in wanted])
        labels = []
        for r in regions:  # a platform with no parcel drawn has no region
            ax.contour(r.x, r.y, r.field, levels=[0.5], colors=PLATFORM_EDGE, linewidths=0.7)
            labels.append((ids[r.key], r.label_xy))
    texts = [
        ax.text(
            x,
            y,
            wrap(s.platforms[pid].name.get(st.lang), LABEL_COLUMNS),
            ha="center",
            va="center",
            color=PLATFORM_EDGE,
            fontproperties=st.fp(size=7, weight="bold"),
            path_effects=HALO,
            zorder=5,
            linespacing=1.0,
        )
        for pid, (x, y) in labels
    ]
    _inside(ax, texts)
    _apart(ax, texts)
    if not labels:
        return []
    return [Line2D([], [], color=PLATFORM_EDGE, linewidth=0.7, label=st.t("platform_outline"))]


def _inside(ax: Axes, texts: list, margin_pt: float = 8.0) -> None:
    """Move platform names sideways until they lie within the map's width.

    A name is centred on its platform; a platform at the map's edge put half its name
    over the legend ("萧山经济技术开发区" ran into the first legend patch).
    """
    renderer = ax.figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    margin = margin_pt * ax.figure.dpi / 72
    for text in texts:
        box = text.get_window_extent(renderer)
        if box.width >= frame.width - 2 * margin:
            continue  # wider than the map: leave it centred
        dx = max(frame.x0 + margin - box.x0, 0.0) + min(frame.x1 - margin - box.x1, 0.0)
        if dx:
            x, y = ax.transData.transform(text.get_position())
            text.set_position(ax.transData.inverted().transform((x + dx, y)))


def _apart(ax: Axes, texts: list) -> None:
    """Move platform names that overlap one another apart: each later one down, below.

    Names sit at their platform's centre; two platforms side by side put their names on
    one line ("Airport Economic ZoneXianghu–Xiaobin Zone"). A few steps, in screen space.
    """
    renderer = ax.figure.canvas.get_renderer()
    placed = []
    for text in texts:
        box = text.get_window_extent(renderer)
        for _ in range(len(texts)):
            hit = next((b for b in placed if b.overlaps(box)), None)
            if hit is None:
                break
            x, y = ax.transData.transform(text.get_position())
            shift = hit.y0 - box.y1 - 2.0  # its top just under the name it hit
            text.set_position(ax.transData.inverted().transform((x, y + shift)))
            box = text.get_window_extent(renderer)
        placed.append(box)


def _draw_layer(ax: Axes, layer, wanted: list[str]) -> list:
    g = layer.geometry
    ro, po, pa = g.ring_offsets, g.polygon_offsets, g.parcel_offsets
    ring_owner = (
        np.searchsorted(pa, np.searchsorted(po, np.arange(len(ro) - 1), "right") - 1, "right") - 1
    )
    chosen = np.isin(layer.platform, wanted)
    path = rings_path(g.coords, ro, chosen[ring_owner])
    ax.add_artist(PathPatch(path, fill=False, edgecolor=PLATFORM_EDGE, linewidth=0.7))
    area, centre = g.areas_and_centroids()
    labels = []
    for pid in wanted:
        mine = np.flatnonzero(layer.platform == pid)
        if len(mine):
            labels.append((pid, tuple(centre[mine[np.argmax(area[mine])]])))
    return labels

"""Platforms on a map: their outlines and names, placed so that every name can be read.

Outlines come from the scenario's boundary layer, or are dissolved from the platform's
parcels (:mod:`landsim.plots.outlines`). A platform's name is shown once for each group
of its parts that lie close together, on the group's largest part (or the part the inset
points at), and on each part far from the others, so that no zone of it looks unnamed or
named by a neighbour, and two zones side by side do not read as two places. The names are
placed when the figure is drawn (:class:`NamePlacer`), once the layout is final: inside
their part or beside it, inside the map, apart from each other, and nearer their own part
than any other platform's. The run's map and the back-test's map draw platforms with
these functions.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.text import Text

from landsim.inventory.geometry import Geometry
from landsim.plots import outlines
from landsim.plots.cartography import HALO
from landsim.plots.name_placement import NamePlacer, PlatformName
from landsim.plots.style import Style
from landsim.plots.text import wrap

PLATFORM_EDGE = "#404040"
#: Columns of a platform's name on the map before it wraps (a Chinese character is two).
LABEL_COLUMNS = 18
#: The code of land drawn outside the platforms (its parts are outlined, not drawn).
LAND = -2
#: Marks the platforms' names among a map's texts.
NAME_GID = "platform_name"


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

    Each group of a platform's parts that lie close together carries the platform's name
    once, a part far from the others its own
    (:data:`landsim.plots.name_placement.SHARE_NAME_SHARE`); the names are placed when
    the figure is drawn, once its layout is final (see :class:`NamePlacer`).

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
    wanted = [pid for pid, p in s.platforms.items() if p.is_platform and platform in (None, pid)]
    parts, land = _outline(ax, s, platform_of, drawn, wanted)
    names = [
        PlatformName(pid, piece, _name_text(ax, s.platforms[pid].name.get(st.lang), piece, st))
        for pid, piece in parts
    ]
    ax.add_artist(NamePlacer(names, land))
    if not names:
        return []
    return [Line2D([], [], color=PLATFORM_EDGE, linewidth=0.7, label=st.t("platform_outline"))]


def _outline(ax: Axes, s, platform_of, drawn: tuple, wanted: list[str]) -> tuple[list, list]:
    """Draw the wanted platforms' outlines; return their parts and the land's outside them.

    Returns ``[(platform id, piece), …]`` and the pieces of the land drawn outside the
    platforms (not outlined: a name put beside them would read as theirs).
    """
    layer, boxes, keep = drawn
    ids = list(s.platforms)
    codes = {pid: k for k, pid in enumerate(ids)}
    group = platform_of.map(codes).fillna(-1).to_numpy(dtype=int)
    wanted_codes = [codes[pid] for pid in wanted]
    group = np.where(keep, np.where(np.isin(group, wanted_codes), group, LAND), -1)
    if layer is not None:
        parts = _draw_layer(ax, layer, wanted)
        regions = outlines.platform_regions(boxes, group, [LAND])
    else:
        regions = outlines.platform_regions(boxes, group, [*wanted_codes, LAND])
        parts = []
        for r in regions:  # a platform with no parcel drawn has no region
            if r.key != LAND:
                ax.contour(r.x, r.y, r.field, levels=[0.5], colors=PLATFORM_EDGE, linewidths=0.7)
                parts += [(ids[r.key], piece) for piece in r.pieces]
    return parts, [piece for r in regions if r.key == LAND for piece in r.pieces]


def _name_text(ax: Axes, name: str, piece: outlines.Piece, st: Style) -> Text:
    text = ax.text(
        *piece.xy,
        wrap(name, LABEL_COLUMNS),
        ha="center",
        va="center",
        color=PLATFORM_EDGE,
        fontproperties=st.fp(size=7, weight="bold"),
        path_effects=HALO,
        zorder=5,
        linespacing=1.0,
        gid=NAME_GID,
    )
    text.set_in_layout(False)  # placed inside the map, it never widens the figure
    return text


def _draw_layer(ax: Axes, layer, wanted: list[str]) -> list:
    """Draw the boundary layer's outlines; return ``(platform, piece)`` for each polygon.

    Each polygon of a feature (a multi-polygon's parts too) is a piece of its platform.
    """
    g = layer.geometry
    ro, po, pa = g.ring_offsets, g.polygon_offsets, g.parcel_offsets
    polygon_owner = np.searchsorted(pa, np.arange(len(po) - 1), "right") - 1
    ring_owner = polygon_owner[np.searchsorted(po, np.arange(len(ro) - 1), "right") - 1]
    chosen = np.isin(layer.platform, wanted)
    path = rings_path(g.coords, ro, chosen[ring_owner])
    ax.add_artist(PathPatch(path, fill=False, edgecolor=PLATFORM_EDGE, linewidth=0.7))
    each = Geometry("polygon", g.coords, ro, po, np.arange(len(po)))  # a polygon per entry
    area, centre = each.areas_and_centroids()
    bounds = each.bounds()
    owner = np.asarray(layer.platform)[polygon_owner]
    return [
        (
            pid,
            outlines.Piece(
                tuple(map(float, centre[k])), tuple(map(float, bounds[k])), float(area[k])
            ),
        )
        for pid in wanted
        for k in np.flatnonzero(owner == pid)
    ]

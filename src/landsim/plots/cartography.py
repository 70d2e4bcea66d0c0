"""Map furniture: a scale bar, a north arrow, and where to put an inset.

Coordinates are metres in a projected CRS (Gauss-Krüger in China), whose grid north is
within a degree of true north over a district (the meridian convergence is
Δλ · sin φ: 0.13° at 0.26° from the central meridian, 30°N), so the arrow points up.
"""

from __future__ import annotations

import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from landsim.plots.style import Style

#: Corners of the axes, as (x, y) in axes fraction of the corner's far side.
CORNERS = {"upper left": (0, 1), "upper right": (1, 1), "lower left": (0, 0), "lower right": (1, 0)}
HALO = [patheffects.withStroke(linewidth=2.2, foreground="white")]


def emptiest_corner(ax: Axes, xy: np.ndarray, share: float) -> str:
    """Return the corner of *ax* where an inset (:func:`inset_bounds`) hides fewest points."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    fx, fy = (xy[:, 0] - x0) / (x1 - x0), (xy[:, 1] - y0) / (y1 - y0)
    counts = {}
    for name in CORNERS:
        bx, by, bw, bh = inset_bounds(ax, name, share)
        inside = (fx >= bx) & (fx <= bx + bw) & (fy >= by) & (fy <= by + bh)
        counts[name] = int(inside.sum())
    return min(counts, key=lambda k: (counts[k], list(CORNERS).index(k)))


def scale_bar(ax: Axes, st: Style, right: bool = False) -> None:
    """Draw a black-and-white scale bar and a north arrow in the strip below the parcels.

    :func:`make_room` keeps that strip free of parcels. The bar sits at the left (or the
    right), the arrow just beside it, pointing up, with N (北) beside it.
    """
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    span_km = (x1 - x0) / 1000
    km = next((k for k in (0.2, 0.5, 1, 2, 5, 10, 20, 50, 100) if k >= span_km / 7), 100)
    width, height = km * 1000, (y1 - y0) * 0.008
    bx = x1 - (x1 - x0) * 0.03 - width if right else x0 + (x1 - x0) * 0.03
    by = y0 + (y1 - y0) * 0.02
    for k, colour in enumerate(("black", "white")):
        ax.add_patch(
            Rectangle(
                (bx + k * width / 2, by),
                width / 2,
                height,
                facecolor=colour,
                edgecolor="black",
                linewidth=0.6,
                zorder=6,
            )
        )
    ax.annotate(
        st.t("scale_km", km=km),
        (bx + width / 2, by + height),
        textcoords="offset points",
        xytext=(0, 2),
        ha="center",
        va="bottom",
        fontproperties=st.fp(size=6.5),
        zorder=6,
        path_effects=HALO,
    )
    arrow_x = bx - (x1 - x0) * 0.05 if right else bx + width + (x1 - x0) * 0.05
    _north_arrow(ax, st, arrow_x, by)


def make_room(ax: Axes, share: float = 0.09) -> None:
    """Extend the axes downwards by *share* of their height: a strip for the scale bar."""
    y0, y1 = ax.get_ylim()
    ax.set_ylim(y0 - share * (y1 - y0), y1)


def _north_arrow(ax: Axes, st: Style, x: float, y: float) -> None:
    """Draw an arrow from (*x*, *y*) pointing up, 14 points long, N (北) to its right."""
    ax.annotate(
        "",
        xy=(x, y),
        xycoords="data",
        xytext=(0, 14),
        textcoords="offset points",
        arrowprops={
            "arrowstyle": "<|-,head_width=0.25,head_length=0.5",
            "color": "black",
            "lw": 1.2,
            "shrinkA": 0,
            "shrinkB": 0,
        },
        zorder=6,
    )
    ax.annotate(
        st.t("north"),
        (x, y),
        textcoords="offset points",
        xytext=(4, 8),
        ha="left",
        va="center",
        fontproperties=st.fp(size=7, weight="bold"),
        zorder=6,
        path_effects=HALO,
    )


def inset_bounds(ax: Axes, corner: str, share: float) -> list[float]:
    """Return ``[x, y, width, height]`` (axes fraction) of a square inset in *corner*.

    Its side is *share* of the map's longer side on paper, but at most 90 % of the
    shorter one, so a wide, short map (one platform) still gets a readable inset.
    """
    pos = ax.get_position()
    fig_w, fig_h = ax.figure.get_size_inches()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    box_w, box_h = pos.width * fig_w, pos.height * fig_h
    ratio = (x1 - x0) / (y1 - y0)  # the equal-aspect map shrinks to fit its box
    w, h = (box_w, box_w / ratio) if ratio > box_w / box_h else (box_h * ratio, box_h)
    side = min(share * max(w, h), 0.9 * min(w, h))
    fw, fh = side / w, side / h
    cx, cy = CORNERS[corner]
    margin = 0.01
    return [1 - fw - margin if cx else margin, 1 - fh - margin if cy else margin, fw, fh]

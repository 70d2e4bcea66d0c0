"""A map of parcels by treatment or by year treated, drawn as a planner reads one.

Parcels are drawn as their polygons when the inventory has them, otherwise as squares of
their true area centred on their x/y — one compound path per colour, so 100,000 parcels
draw as fast as 8,000. On top: each platform's outline, its name once for each group of
its parts that lie close together (from the scenario's boundary layer, or dissolved from
its parcels, see :mod:`landsim.plots.platforms`), the exact outline of every contiguous cluster and
major-project block (the union of its parcels), a scale bar, a north arrow, and an inset
that zooms on the largest block, captioned with the platform it lies in.

Colours keep their meaning across landsim's charts and stay apart for colour-blind
readers: treatments are told apart by lightness as well as hue (dark blue, orange, a
mid blue), untreated land is a light grey, and years use cividis.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Literal

import numpy as np
from matplotlib import colormaps
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba_array
from matplotlib.patches import Patch, PathPatch
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from landsim.errors import LandsimError
from landsim.inventory.geometry import Geometry, rectangles
from landsim.plots.blocks import Block, draw_blocks, find_blocks
from landsim.plots.cartography import (
    emptiest_corner,
    inset_bounds,
    make_room,
    scale_bar,
)
from landsim.plots.common import axes, style_for
from landsim.plots.palette import TREATMENT
from landsim.plots.platforms import platform_outlines, rings_path
from landsim.plots.style import WIDTH_IN, Style
from landsim.plots.text import width_of, wrap
from landsim.units import M2_PER_MU

if TYPE_CHECKING:
    import pandas as pd

    from landsim.runs import Results

#: The palette's treatment colours: brown, gold and purple differ in lightness as well as
#: hue, so they stay apart in grey and without red-green vision (tests/test_palette.py,
#: tests/test_maps.py).
STATUS_COLOURS = dict(TREATMENT)
INSET_SIZE = 0.36
#: Size of the inset's caption and its padding (points), and where it starts (a share
#: of the inset's side from its upper left corner).
CAPTION_PT = 6.5
CAPTION_PAD_PT = 1.5
CAPTION_AT = 0.02
NOT_DRAWN = -1
#: A map is dense when the median parcel is smaller than this on paper (points): treated
#: parcels then get an edge of their own colour so that none shrinks below about a point
#: (a cartographer's minimum visible size; it enlarges them a little), and block outlines
#: are drawn thinner.
DENSE_BELOW_PT = 2.5
HALO_PT = 0.5


def parcel_map(
    res: Results,
    by: Literal["status", "year"] = "status",
    *,
    platform: str | None = None,
    lang: str = "en",
    ax: Axes | None = None,
    style: Style | None = None,
    inset: bool = True,
) -> Axes:
    """Parcels coloured by treatment (*by* ``"status"``) or by year treated (``"year"``).

    Parameters
    ----------
    res
        A run's results; the inventory needs polygons, or x and y.
    by
        Colour by treatment, or by the year selected (light = early, dark = late).
    platform
        Draw only this platform (a zoom); the whole district when ``None``.
    lang
        ``"zh"`` or ``"en"``.
    ax
        Axes to draw on; a new figure one brief-column wide when ``None``.
    style
        A style from :func:`landsim.plots.make_style` (overrides *lang*).
    inset
        Add an inset zoomed on the largest block (when there is one).
    """
    st = style_for(res, lang, style)
    p = res.parcels
    keep = (
        np.ones(len(p), dtype=bool) if platform is None else (p["platform"] == platform).to_numpy()
    )
    prepared = _prepared(res)
    layer = prepared.boundaries if prepared is not None else None
    geometry = drawn_geometry(res.parcels, prepared)
    boxes = geometry.bounds()
    if not np.isfinite(boxes[keep]).all():
        raise LandsimError(
            "a parcel map needs coordinates: the inventory has neither polygons "
            "nor x/y for every parcel (map x and y in inventory.columns)"
        )
    palette, code, handles = _by_year(res, st) if by == "year" else _by_status(p, st)
    code = np.where(keep, code, NOT_DRAWN)
    extent = np.vstack([boxes[keep], _layer_boxes(layer, platform)])
    ax = _axes(ax, extent, st)
    _frame(ax, extent)
    make_room(ax)
    dense = _parcel_points(ax, boxes[keep]) < DENSE_BELOW_PT
    _draw_parcels(ax, geometry, code, palette, halo=len(palette) - 1 if dense else None)
    where = (res.scenario, res.parcels["platform"])
    handles += platform_outlines(ax, where, (layer, boxes, keep), platform, st)
    blocks = find_blocks(res, geometry, keep)
    handles += draw_blocks(ax, blocks, st, thin=dense)
    corner = emptiest_corner(ax, (boxes[keep, :2] + boxes[keep, 2:]) / 2, INSET_SIZE)
    if inset and blocks:
        _inset(ax, res, geometry, code, palette, blocks, corner, st)
    scale_bar(ax, st, right=corner == "lower left")
    _legend_and_title(ax, handles, res, by, platform, st)
    return ax


def _legend_and_title(ax, handles, res, by, platform, st) -> None:
    ax.legend(
        handles=handles,
        prop=st.fp(size=6.5),
        frameon=False,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
    )
    if by == "year":  # its legend names the years
        title = st.t("map_year_title")
    else:  # the treatments of which years: the programme's
        horizon = res.scenario.horizon
        title = st.t("map_status_title", years=st.years(horizon.start, horizon.end))
    if platform:
        title = st.aside(title, res.scenario.platforms[platform].name.get(st.lang))
    ax.set_title(title, fontproperties=st.fp(weight="bold"), loc="left")


def drawn_geometry(parcels: pd.DataFrame, prepared) -> Geometry:
    """Return the parcels' polygons, or squares of their area at their x/y.

    *parcels* is a run's (or a back-test's) parcel table; *prepared* its inventory, or
    ``None``.
    """
    geometry = prepared.inventory.geometry if prepared is not None else None
    if geometry is not None and geometry.kind == "polygon" and geometry.n == len(parcels):
        return geometry
    p = parcels
    x, y = p["x"].to_numpy(float), p["y"].to_numpy(float)
    half = np.sqrt(p["area_mu"].to_numpy(float) * M2_PER_MU) / 2
    return rectangles(x - half, y - half, x + half, y + half)


def _prepared(res: Results):
    """Return the run's inventory and layers; for a run read back from its folder, reload them."""
    if res.prepared is not None:
        return res.prepared
    from landsim.errors import InputError
    from landsim.inventory.prepare import prepare

    try:
        prepared = prepare(res.scenario)
    except (InputError, OSError):  # the inventory moved or changed: draw squares
        return None
    return prepared if prepared.inventory.n == len(res.parcels) else None


def _layer_boxes(layer, platform: str | None) -> np.ndarray:
    """Return the bounds of the boundary layer's polygons drawn (none without a layer)."""
    if layer is None:
        return np.zeros((0, 4))
    chosen = layer.platform == platform if platform else np.ones(len(layer.platform), bool)
    return layer.geometry.bounds()[chosen]


def _by_status(p, st: Style) -> tuple[np.ndarray, np.ndarray, list]:
    order = ["vacate", "upgrade", "reactivate", "restricted", "untreated"]
    treatment = p["treatment"].fillna("").astype(str).to_numpy()
    restricted = p["restricted"].to_numpy(dtype=bool)
    code = np.select(
        [treatment == "vacate", treatment == "upgrade", treatment == "reactivate", restricted],
        [0, 1, 2, 3],
        default=4,
    )
    palette = to_rgba_array([STATUS_COLOURS[k] for k in order])
    handles = [
        Patch(facecolor=STATUS_COLOURS[k], label=st.t(k if k != "untreated" else "not_treated"))
        for k in order
    ]
    return palette, code, handles


def _by_year(res: Results, st: Style) -> tuple[np.ndarray, np.ndarray, list]:
    years = list(res.scenario.horizon.years)
    cmap = colormaps["cividis_r"]
    shades = [cmap(0.15 + 0.8 * i / max(len(years) - 1, 1)) for i in range(len(years))]
    sel = res.parcels["year_selected"].to_numpy(dtype=float, na_value=np.nan)
    idx = np.where(np.isnan(sel), len(years), np.nan_to_num(sel) - years[0]).astype(int)
    code = np.clip(idx, 0, len(years))
    palette = to_rgba_array([*shades, "#e3e3e3"])
    handles = [Patch(facecolor=shades[i], label=str(y)) for i, y in enumerate(years)]
    handles.append(Patch(facecolor="#e3e3e3", label=st.t("not_treated")))
    return palette, code, handles


def _axes(ax: Axes | None, boxes: np.ndarray, st: Style) -> Axes:
    if ax is not None:
        return ax
    w = np.nanmax(boxes[:, 2]) - np.nanmin(boxes[:, 0])
    h = np.nanmax(boxes[:, 3]) - np.nanmin(boxes[:, 1])
    map_width = WIDTH_IN * 0.78  # the legend takes the rest
    height = float(np.clip(map_width * h / max(w, 1.0) + 0.45, 2.4, 7.5))
    return axes(None, height=height, style=st)


def _frame(ax: Axes, boxes: np.ndarray) -> None:
    (x0, y0), (x1, y1) = np.nanmin(boxes[:, :2], axis=0), np.nanmax(boxes[:, 2:], axis=0)
    pad = 0.04 * max(x1 - x0, y1 - y0, 1.0)
    ax.set_xlim(x0 - pad, x1 + pad)
    ax.set_ylim(y0 - pad, y1 + pad)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for side in ax.spines.values():
        side.set_visible(False)


def _parcel_points(ax: Axes, boxes: np.ndarray) -> float:
    """Return the median parcel's side on paper, in points (from the planned width)."""
    fig_w = ax.figure.get_figwidth() * ax.get_position().width * 72
    span = np.diff(ax.get_xlim())[0]
    side = np.sqrt((boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1]))
    return float(np.nanmedian(side) / span * fig_w)


def _draw_parcels(
    ax: Axes, geometry: Geometry, code: np.ndarray, palette: np.ndarray, halo: int | None = None
) -> None:
    """One compound path per colour; parcels with code NOT_DRAWN are left out.

    With *halo*, every colour but the code *halo* (untreated land) gets an edge of its own
    colour, :data:`HALO_PT` wide.
    """
    ro, po, pa = geometry.ring_offsets, geometry.polygon_offsets, geometry.parcel_offsets
    assert ro is not None and po is not None and pa is not None
    ring_parcel = (
        np.searchsorted(pa, np.searchsorted(po, np.arange(len(ro) - 1), "right") - 1, "right") - 1
    )
    for k in np.unique(code[code != NOT_DRAWN]):
        path = rings_path(geometry.coords, ro, code[ring_parcel] == k)
        edge = halo is not None and k != halo
        # add_artist, not add_patch: no per-vertex walk to update data limits (set later)
        ax.add_artist(
            PathPatch(
                path,
                facecolor=palette[k],
                edgecolor=palette[k] if edge else "none",
                linewidth=HALO_PT if edge else 0,
            )
        )


def _inset(ax, res, geometry, code, palette, blocks, corner, st) -> None:
    """Zoom on the largest project block (else cluster), in the emptiest corner."""
    big = next((b for b in blocks if b.kind == "project"), blocks[0])
    pts = np.concatenate(big.rings)
    (x0, y0), (x1, y1) = pts.min(axis=0), pts.max(axis=0)
    cx, cy, half = (x0 + x1) / 2, (y0 + y1) / 2, 0.65 * max(x1 - x0, y1 - y0, 200.0)
    sub = ax.inset_axes(inset_bounds(ax, corner, INSET_SIZE))
    box = geometry.bounds()
    near = (box[:, 2] >= cx - half) & (box[:, 0] <= cx + half)
    near &= (box[:, 3] >= cy - half) & (box[:, 1] <= cy + half)
    _draw_parcels(sub, geometry, np.where(near, code, NOT_DRAWN), palette)
    draw_blocks(sub, [b for b in blocks if b.rings], st)
    sub.set_xlim(cx - half, cx + half)
    sub.set_ylim(cy - half, cy + half)
    sub.set_aspect("equal")
    sub.set_xticks([])
    sub.set_yticks([])
    sub.set_facecolor("white")
    for side in sub.spines.values():  # a closed frame, whatever the style's spines
        side.set_visible(True)
        side.set_linewidth(0.8)
    if big.kind == "project":
        caption = partial(_project_caption, res, big, st)
    else:
        caption = partial(wrap, st.t("largest_block", mu=big.area_mu))
    text = sub.text(
        CAPTION_AT,
        1 - CAPTION_AT,
        caption(_columns(sub.get_position().width * ax.figure.get_figwidth() * 72)),
        transform=sub.transAxes,
        ha="left",
        va="top",
        fontproperties=st.fp(size=CAPTION_PT),
        bbox={"facecolor": "white", "edgecolor": "none", "pad": CAPTION_PAD_PT},
        zorder=7,
        linespacing=1.1,
    )
    sub.add_artist(FitCaption(text, caption))
    ax.indicate_inset_zoom(sub, edgecolor="#333333", linewidth=0.6)


def _columns(width_pt: float) -> int:
    """Columns of caption text that fit across an inset *width_pt* wide.

    The caption starts :data:`CAPTION_AT` in, on a white box padded
    :data:`CAPTION_PAD_PT`; a column is half an em.
    """
    room = (1 - 2 * CAPTION_AT) * width_pt - 2 * CAPTION_PAD_PT
    return max(int(room / (CAPTION_PT / 2) + 1e-6), 16)


class FitCaption(Artist):
    """Wraps the inset's caption to the inset's width when the figure is drawn.

    The inset's width is known only once the layout is final (a brief's page narrows the
    map): wrapped before, a caption that would have fitted on a line broke a name in two.
    Drawn just before the caption (its z-order is lower), it draws nothing itself.
    """

    zorder = 6.9

    def __init__(self, text: Text, caption: Callable[[int], str]) -> None:
        super().__init__()
        self.text = text
        self.caption = caption
        self.set_in_layout(False)

    def draw(self, renderer) -> None:  # noqa: D102 - matplotlib's Artist.draw
        sub = self.text.axes
        width_pt = sub.get_window_extent(renderer).width * 72 / sub.figure.dpi
        self.text.set_text(self.caption(_columns(width_pt)))

    def get_window_extent(self, renderer=None) -> Bbox:  # noqa: D102 - nothing is drawn
        return Bbox.null()


def _project_caption(res: Results, big: Block, st: Style, columns: int) -> str:
    """Caption the inset: the project and its area, then where it lies, on lines of its own.

    The place is the project's platform, whole on its line ("位于萧山经济技术开发区"), then
    its towns in Chinese: a platform of parts far apart is named on each, and the caption
    says which one the inset is in, so that a reader does not take the name nearest the
    pointer for the project's platform. A line break never falls inside a name of a
    platform or a town: "萧山经济技术开发/区" read as two places.
    """
    head = wrap(_project_name(res, big.key, st.lang), columns)
    parts = [st.t("inset_area", mu=big.area_mu)]
    project = res.scenario.major_projects.get(big.key)
    if project is not None and project.platform in res.scenario.platforms:
        platform = res.scenario.platforms[project.platform].name.get(st.lang)
        parts[0] += "，" if st.lang == "zh" else ", "
        parts.append(st.t("inset_within", place=platform))
        if st.lang == "zh" and project.towns:  # towns are named in Chinese only
            parts.append(f"（{'、'.join(project.towns)}）")
    return "\n".join([head, *whole_parts(parts, columns)])


def whole_parts(parts: list[str], columns: int) -> list[str]:
    """Join *parts* into lines of at most *columns*, never splitting a part.

    A part wider than *columns* takes a line of its own (a name is never broken).
    """
    lines: list[str] = []
    for part in parts:
        if lines and width_of(lines[-1] + part) <= columns:
            lines[-1] += part
        else:
            lines.append(part)
    return [line.rstrip() for line in lines]


def _project_name(res: Results, key: str, lang: str) -> str:
    project = res.scenario.major_projects.get(key)
    return project.name.get(lang) if project is not None else key

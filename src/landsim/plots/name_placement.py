"""Where a map's platform names go: inside their part or beside it, readable and unambiguous.

:class:`NamePlacer` places the names of :func:`landsim.plots.platforms.platform_outlines`
when the figure is drawn, once the layout is final: inside the map and off its furniture
(insets, the scale bar), apart from each other, and nearer their own part than any other
platform's (:func:`place_names`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from landsim.plots import outlines

#: A platform's part other than its largest carries a name of its own when the side of
#: the square of its area is at least this on paper (points): smaller specks do not.
MIN_PART_PT = 6.0
#: Parts of one platform share one name when the gap between a part and the part that
#: carries the name is less than this share of the map's longer side. An assumption, not
#: a measured threshold: on the Xiaoshan map (42 km across) the zones of one platform that
#: a reader takes for one place lie 1.4–2 km apart (3–5 %), and zones that need names of
#: their own lie 5.7 km or more apart (14 %); two names that close read as two places or
#: a slip, a zone that far without its own name looks unnamed. Relative to the map, the
#: rule is the same at every size.
SHARE_NAME_SHARE = 0.08
#: A name closer than this (points) to another platform's part may be read as its name.
AMBIGUOUS_PT = 8.0
#: Least space between two names (points).
NAME_SPACE_PT = 3.0
#: Space between a part and a name beside it, and between names and the map's edge (points).
GAP_PT = 1.5
EDGE_PT = 4.0


@dataclass(frozen=True)
class PlatformName:
    """A platform's name for one part of its outline (shown or hidden when drawn)."""

    platform: str
    piece: outlines.Piece
    text: Text


class NamePlacer(Artist):
    """Places the platforms' names just before they are drawn, once the layout is final.

    Drawn below the names (its z-order is lower), it does nothing visible: it chooses,
    for each platform part or group of nearby parts, one name and where it goes, and
    hides the others. A name goes inside its part when it fits there, else beside it;
    of the places around a part, it takes the one that covers no other name, keeps off
    the inset, the area the inset zooms on and the map's furniture, covers least of other
    platforms' parts, and lies nearer its own part than any other platform's (a name
    beside another platform read as that one's: the 合盛 inset pointed at an unnamed part of
    经开区 just under the name of 湘湖). Placing again from the same start, every draw
    gives the same map.
    """

    zorder = 4.9

    def __init__(self, names: list[PlatformName], land: list[outlines.Piece]) -> None:
        super().__init__()
        self.names = names
        self.land = land
        self.set_in_layout(False)

    def draw(self, renderer) -> None:  # noqa: D102 - matplotlib's Artist.draw
        if self.names and self.axes is not None:
            place_names(self.axes, self.names, renderer, self.land)

    def get_window_extent(self, renderer=None) -> Bbox:  # noqa: D102 - nothing is drawn
        return Bbox.null()


class _Scene(NamedTuple):
    """What a name is placed among, as arrays of ``x0, y0, x1, y1`` on paper."""

    placed: np.ndarray  #: names placed so far (with the space kept between names)
    others: np.ndarray  #: other parts: of platforms and of the land outside them
    foreign: np.ndarray  #: whether each of *others* is not the name's own platform's
    avoid: np.ndarray  #: the inset, the area it zooms on, the map's furniture
    frame: Bbox  #: the map, less a margin
    near: float  #: closer than this to another's part, a name is ambiguous (pixels)


def place_names(
    ax: Axes, names: list[PlatformName], renderer, land: list[outlines.Piece] = ()
) -> None:
    """Show one name per platform part (or group of nearby parts) and place it; hide the rest.

    *land* are the parts of the land drawn outside the platforms: a name keeps off them
    as it keeps off other platforms.
    """
    for n in names:
        n.text.set_position(n.piece.xy)
        n.text.set_visible(False)
    pixels = ax.figure.dpi / 72
    boxes = [_paper_box(ax, n.piece.bounds) for n in names]
    insets = [sub.get_window_extent(renderer) for sub in ax.child_axes]
    # a part hidden under the inset gets no name: its name would name the inset
    seen = [i for i, b in enumerate(boxes) if not any(_share_inside(b, s) >= 0.5 for s in insets)]
    land_boxes = _extents([_paper_box(ax, piece.bounds) for piece in land])
    avoid = _extents(_furniture(ax, names, renderer))
    whole = ax.get_window_extent(renderer)
    frame = whole.padded(-EDGE_PT * pixels)
    near = SHARE_NAME_SHARE * max(whole.width, whole.height)
    placed: list[Bbox] = []
    for members in _groups(names, boxes, seen, _zoomed_on(ax, names), (pixels, near)):
        lead = names[members[0]]
        own = boxes[members[0]]  # the name goes on the group's first part
        rest = [i for i in range(len(names)) if i not in members]
        scene = _Scene(
            _extents(placed),
            np.vstack([_extents([boxes[i] for i in rest]), land_boxes]),
            np.array([names[i].platform != lead.platform for i in rest] + [True] * len(land)),
            avoid,
            frame,
            AMBIGUOUS_PT * pixels,
        )
        lead.text.set_visible(True)
        best = min(
            _candidates(ax, lead.text, own, frame, renderer),
            key=lambda c: _cost(c[1], own, scene, c[2]),
        )
        lead.text.set_position(best[0])
        # kept apart by a space: two names side by side read as one ("Xiaoshan ETDZ Xiaoshan ETDZ")
        placed.append(lead.text.get_window_extent(renderer).padded(NAME_SPACE_PT * pixels))
    shown = [n.text for n in names if n.text.get_visible()]
    _inside(ax, shown, renderer=renderer)
    _apart(ax, shown, renderer=renderer)


def _extents(boxes: list[Bbox]) -> np.ndarray:
    return np.array([b.extents for b in boxes], dtype=float).reshape(-1, 4)


def _paper_box(ax: Axes, bounds: tuple[float, float, float, float]) -> Bbox:
    (x0, y0), (x1, y1) = ax.transData.transform([bounds[:2], bounds[2:]])
    return Bbox.from_extents(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _groups(
    names: list[PlatformName],
    boxes: list[Bbox],
    seen: list[int],
    pointed: set[int],
    scale: tuple[float, float],
) -> list[list[int]]:
    """Group each platform's parts that lie close on paper, each group's named part first.

    Of the parts *seen* (not under the inset), a platform's part the inset zooms on
    (*pointed*) names its group, then the largest part not yet in a group; another part
    joins the group when its gap to that named part is less than ``scale[1]`` (pixels),
    else it starts a group of its own (a part far from the others keeps its name). A part
    whose side (of the square of its area) is under :data:`MIN_PART_PT` on paper gets no
    name of its own. *scale* is ``(pixels per point, gap in pixels)``; groups come
    largest first.
    """
    pixels_per_pt, near = scale
    out: list[list[int]] = []
    for pid in dict.fromkeys(n.platform for n in names):
        mine = sorted(
            (i for i in seen if names[i].platform == pid),
            key=lambda i: (i not in pointed, -names[i].piece.area),
        )
        side = [np.sqrt(boxes[i].width * boxes[i].height) / pixels_per_pt for i in mine]
        mine = [i for k, i in enumerate(mine) if k == 0 or i in pointed or side[k] >= MIN_PART_PT]
        groups: list[list[int]] = []
        for i in mine:  # the named parts first: a part joins the group whose named part is near
            home = next((g for g in groups if _gap(boxes[i], boxes[g[0]]) < near), None)
            if home is None:
                groups.append([i])
            else:
                home.append(i)
        out += groups
    return sorted(out, key=lambda g: -sum(names[i].piece.area for i in g))


def _zoomed_on(ax: Axes, names: list[PlatformName]) -> set[int]:
    """Return the parts that hold the centre of the area an inset zooms on (its pointer).

    Each carries a name of its own: the 合盛 inset pointed at an unnamed part of 经开区
    beside the name of 湘湖, and the part was read as 湘湖's.
    """
    out = set()
    for sub in ax.child_axes:
        x, y = np.mean(sub.get_xlim()), np.mean(sub.get_ylim())
        out |= {
            i
            for i, n in enumerate(names)
            if n.piece.bounds[0] <= x <= n.piece.bounds[2]
            and n.piece.bounds[1] <= y <= n.piece.bounds[3]
        }
    return out


def _gap(a: Bbox, b: Bbox) -> float:
    """Distance between two boxes (0 when they overlap)."""
    dx = max(a.x0 - b.x1, b.x0 - a.x1, 0.0)
    dy = max(a.y0 - b.y1, b.y0 - a.y1, 0.0)
    return float(np.hypot(dx, dy))


def _furniture(ax: Axes, names: list[PlatformName], renderer) -> list[Bbox]:
    """Boxes a name must keep off: insets, the area each zooms on, and the map's other texts."""
    ours = {id(n.text) for n in names}
    boxes = []
    for sub in ax.child_axes:
        boxes.append(sub.get_window_extent(renderer))
        (x0, x1), (y0, y1) = sub.get_xlim(), sub.get_ylim()
        boxes.append(_paper_box(ax, (x0, y0, x1, y1)))
    boxes += [t.get_window_extent(renderer) for t in ax.texts if id(t) not in ours]
    boxes += [p.get_window_extent(renderer) for p in ax.patches if isinstance(p, Rectangle)]
    return boxes


def _candidates(ax: Axes, text: Text, own: Bbox, frame: Bbox, renderer) -> list[tuple]:
    """Places for a name: inside its part, then above, below, right and left of it.

    Above and below, the name is centred on the part or flush with either of its sides.
    Each place is slid inside *frame* (a name centred on a part at the map's edge ran
    past it, and was then pushed over the next platform). Returns ``(xy in data, box on
    paper, rank)`` for each; the rank adds a small cost so that, all else equal, the
    earlier place wins.
    """
    box = text.get_window_extent(renderer)  # at the point deepest inside the part
    w, h = box.width, box.height
    gap = GAP_PT * ax.figure.dpi / 72
    fits = w <= own.width and h <= own.height
    centres = [((box.x0 + w / 2, box.y0 + h / 2), 0.0 if fits else 5.0)]
    across = [(own.x0 + own.x1) / 2, own.x0 + w / 2, own.x1 - w / 2]
    for rank, y in ((1.0, own.y1 + gap + h / 2), (2.0, own.y0 - gap - h / 2)):
        centres += [((x, y), rank + 0.3 * k) for k, x in enumerate(across)]
    cy = (own.y0 + own.y1) / 2
    centres += [((own.x1 + gap + w / 2, cy), 3.0), ((own.x0 - gap - w / 2, cy), 4.0)]
    to_data = ax.transData.inverted()
    out = []
    for (x, y), rank in centres:
        x = _slide(x, w, frame.x0, frame.x1)
        y = _slide(y, h, frame.y0, frame.y1)
        paper = Bbox.from_extents(x - w / 2, y - h / 2, x + w / 2, y + h / 2)
        out.append((tuple(to_data.transform((x, y))), paper, rank))
    return out


def _slide(centre: float, size: float, low: float, high: float) -> float:
    """Move *centre* so that a box of *size* around it lies between *low* and *high*."""
    if size >= high - low:
        return (low + high) / 2
    return float(np.clip(centre, low + size / 2, high - size / 2))


def _cost(box: Bbox, own: Bbox, scene: _Scene, rank: float) -> float:
    """Cost of a name at *box* (on paper) for its part(s) *own*: lower is better."""
    e = np.asarray(box.extents)
    area = max(box.width * box.height, 1.0)
    cost = float(rank)
    cost += 1000.0 * np.count_nonzero(_overlaps(e, scene.placed))
    cost += 300.0 * np.count_nonzero(_overlaps(e, scene.avoid))
    cost += 300.0 * (1.0 - _share_inside(box, scene.frame))
    covered = _overlaps(e, scene.others) / area
    cost += float(np.sum(np.where(scene.foreign, 60.0, 10.0) * covered))
    if scene.foreign.any():
        nearest = float(_gaps(e, scene.others[scene.foreign]).min())
        if nearest <= _gap(box, own):
            cost += 40.0  # nearer another platform's part than its own: read as that one's name
        cost += 20.0 * max(1.0 - nearest / scene.near, 0.0)  # close beside another's: ambiguous
    return cost


def _overlaps(e: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Area that the box *e* shares with each of *boxes* (``x0, y0, x1, y1`` rows)."""
    w = np.minimum(e[2], boxes[:, 2]) - np.maximum(e[0], boxes[:, 0])
    h = np.minimum(e[3], boxes[:, 3]) - np.maximum(e[1], boxes[:, 1])
    return np.clip(w, 0.0, None) * np.clip(h, 0.0, None)


def _gaps(e: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Distance from the box *e* to each of *boxes* (0 where they overlap)."""
    dx = np.maximum(np.maximum(boxes[:, 0] - e[2], e[0] - boxes[:, 2]), 0.0)
    dy = np.maximum(np.maximum(boxes[:, 1] - e[3], e[1] - boxes[:, 3]), 0.0)
    return np.hypot(dx, dy)


def _share_inside(box: Bbox, frame: Bbox) -> float:
    """Share of *box* that lies inside *frame*."""
    shared = _overlaps(np.asarray(box.extents), _extents([frame]))[0]
    return float(shared) / max(box.width * box.height, 1.0)


def _inside(ax: Axes, texts: list, margin_pt: float = 8.0, renderer=None) -> None:
    """Move platform names sideways until they lie within the map's width.

    A name is centred on its platform; a platform at the map's edge put half its name
    over the legend ("萧山经济技术开发区" ran into the first legend patch).
    """
    renderer = renderer or ax.figure.canvas.get_renderer()
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


def _apart(ax: Axes, texts: list, renderer=None) -> None:
    """Move platform names that overlap one another apart: each later one down, below.

    Names sit at their platform's centre; two platforms side by side put their names on
    one line ("Airport Economic ZoneXianghu–Xiaobin Zone"). A few steps, in screen space.
    """
    renderer = renderer or ax.figure.canvas.get_renderer()
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

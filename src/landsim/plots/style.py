"""The look of every landsim figure: language, fonts, sizes and a print-safe palette.

Figures must paste into an A4 brief and survive black-and-white printing: series differ
by lightness, hatching, line style and marker, not by hue alone. Every text carries its
font explicitly, so a figure drawn later (in a notebook) keeps its Chinese font.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from matplotlib.font_manager import FontProperties

from landsim.plots.fonts import FALLBACK, FontChoice, find_cjk_font
from landsim.plots.labels import all_texts, t

#: Width of a figure in a brief (16 cm: A4 minus margins), inches.
WIDTH_IN = 6.3
BASE_SIZE = 8.5

#: Fill colours from dark to light (distinct in grey), with hatches for a second cue.
FILLS = (
    "#1d3557",
    "#e09f3e",
    "#6a994e",
    "#9d4edd",
    "#457b9d",
    "#c1121f",
    "#8d99ae",
    "#bc6c25",
    "#2a9d8f",
    "#adb5bd",
)
HATCHES = ("", "///", "...", "xxx", "\\\\\\", "+++", "ooo", "---", "|||", "**")
LINES = ("-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)))
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
TARGET_COLOR = "#b2182b"
BASELINE_COLOR = "#555555"


class FontWarning(UserWarning):
    """No font that draws Chinese was found; labels fall back to English."""


@dataclass(frozen=True)
class Style:
    """Language and fonts of a figure."""

    lang: str
    font: FontChoice | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def family(self) -> list[str]:
        """Font families, in fallback order (a list, so matplotlib falls back per glyph)."""
        return [self.font.family, FALLBACK] if self.font else [FALLBACK]

    def fp(self, size: float | None = None, weight: str = "normal") -> FontProperties:
        """Font properties for a text."""
        return FontProperties(family=self.family, size=size or BASE_SIZE, weight=weight)

    def t(self, key: str, **values: object) -> str:
        """Return a label in this style's language."""
        return t(key, self.lang, **values)

    def rc(self) -> dict[str, Any]:
        """Matplotlib settings for figures in this style."""
        return {
            "font.family": self.family,
            "font.size": BASE_SIZE,
            "axes.titlesize": BASE_SIZE + 1,
            "axes.labelsize": BASE_SIZE,
            "xtick.labelsize": BASE_SIZE - 1,
            "ytick.labelsize": BASE_SIZE - 1,
            "legend.fontsize": BASE_SIZE - 1,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.color": "#dddddd",
            "grid.linewidth": 0.5,
            "axes.axisbelow": True,
            "hatch.linewidth": 0.6,
            "pdf.fonttype": 3,
            "svg.fonttype": "path",
            "figure.dpi": 100,
            "savefig.dpi": 200,
            "savefig.bbox": "tight",
        }


def make_style(
    lang: str = "en", texts: Iterable[str] = (), font_path: str | Path | None = None
) -> Style:
    """Choose fonts for *lang*; fall back to English, with one warning, if Chinese cannot be drawn.

    Parameters
    ----------
    lang
        ``"zh"`` or ``"en"``.
    texts
        Extra texts that will be drawn (platform, industry and project names).
    font_path
        A font file to try first.
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    font = find_cjk_font([*all_texts(), *texts], font_path)
    if lang == "zh" and font is None:
        warnings.warn(
            "no installed font draws every Chinese character needed (tried Noto Sans CJK SC, "
            "Source Han Sans, Microsoft YaHei, SimHei, PingFang SC, WenQuanYi); drawing English "
            "labels instead. Install one (Debian/Ubuntu: apt install fonts-noto-cjk), or name a "
            "font file in plots.font_path or the LANDSIM_CJK_FONT environment variable.",
            FontWarning,
            stacklevel=2,
        )
        return Style("en", None, ["fell back to English: no CJK font"])
    return Style(lang, font)

"""The look of every landsim figure: language, fonts, sizes; colours come from the palette.

Figures must paste into an A4 brief and survive black-and-white printing: series differ
by lightness, hatching, line style and marker, not by hue alone, and every colour has one
meaning (:mod:`landsim.plots.palette`). Every text carries its font explicitly, so a
figure drawn later (in a notebook) keeps its Chinese font.

Fonts are checked before anything is drawn: Chinese labels need a font that draws every
character; without one, ``lang="zh"`` fails with one line saying what to install, unless
the caller asks for an English fallback. English labels go through the same check (a
platform name or a description may contain Chinese).
"""

from __future__ import annotations

import contextlib
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from matplotlib.font_manager import FontProperties

from landsim.errors import LandsimError
from landsim.plots.fonts import ENV_VAR, FALLBACK, FontChoice, find_cjk_font, missing_glyphs
from landsim.plots.labels import Words, all_texts
from landsim.plots.palette import COLOURS, LINES, MARKERS, TREATMENT

#: Width of a figure in a brief (16 cm: A4 minus margins), inches.
WIDTH_IN = 6.3
BASE_SIZE = 8.5

#: Deprecated: colours by position. Kept for code that indexes it (the parcel map reads
#: ``FILLS[0:3]`` as vacate, upgrade, reactivate); new code asks the palette by meaning.
FILLS = (
    TREATMENT["vacate"],
    TREATMENT["upgrade"],
    TREATMENT["reactivate"],
    COLOURS["achieved"],
    COLOURS["investment"],
    COLOURS["missed"],
    COLOURS["land_revenue"],
    COLOURS["project"],
    COLOURS["median"],
    COLOURS["other"],
)
HATCHES = ("", "....", "////", "xxxx", "\\\\", "++++", "oo", "----", "||||", "**")
TARGET_COLOR = COLOURS["target"]
BASELINE_COLOR = COLOURS["baseline"]
__all__ = [
    "BASELINE_COLOR",
    "FILLS",
    "HATCHES",
    "LINES",
    "MARKERS",
    "TARGET_COLOR",
    "FontError",
    "FontWarning",
    "Style",
    "glyph_guard",
    "make_style",
]

INSTALL_HINT = (
    "install a Chinese font (Debian/Ubuntu: apt install fonts-noto-cjk; Fedora: dnf install "
    f"google-noto-sans-cjk-fonts) or point {ENV_VAR} at a font file"
)


class FontError(LandsimError):
    """No installed font draws every character of the labels to be drawn."""


class FontWarning(UserWarning):
    """No font that draws Chinese was found; labels fall back to English."""


@dataclass(frozen=True)
class Style(Words):
    """Language and fonts of a figure (labels and money unit from :class:`Words`)."""

    font: FontChoice | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def family(self) -> list[str]:
        """Font families, in fallback order (a list, so matplotlib falls back per glyph)."""
        return [self.font.family, FALLBACK] if self.font else [FALLBACK]

    def fp(self, size: float | None = None, weight: str = "normal") -> FontProperties:
        """Font properties for a text."""
        return FontProperties(family=self.family, size=size or BASE_SIZE, weight=weight)

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
    lang: str = "en",
    texts: Iterable[str] = (),
    font_path: str | Path | None = None,
    *,
    fallback: bool = False,
    english_texts: Iterable[str] | None = None,
) -> Style:
    """Choose fonts for *lang*, after checking that they draw every text.

    Parameters
    ----------
    lang
        ``"zh"`` or ``"en"``.
    texts
        Extra texts that will be drawn in *lang* (platform, industry and project names,
        descriptions); checked glyph by glyph with the fixed labels.
    font_path
        A font file to try first.
    fallback
        With ``lang="zh"`` and no usable Chinese font, draw English labels (with one
        :class:`FontWarning`) instead of raising :class:`FontError`.
    english_texts
        The texts to draw if the fallback to English happens (default: *texts*).

    Raises
    ------
    FontError
        When no installed font draws every character (one line: what to install).
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    texts = [*texts]
    needed = [*_labels(lang), *texts]
    font = find_cjk_font(needed, font_path)
    if font is not None:
        return Style(lang, font)
    if lang == "zh":
        if not fallback:
            raise FontError(
                f"no installed font draws the Chinese labels; {INSTALL_HINT}, "
                "or ask for English labels (--lang en, or --font-fallback)"
            )
        warnings.warn(
            f"no installed font draws the Chinese labels; drawing English labels instead "
            f"({INSTALL_HINT})",
            FontWarning,
            stacklevel=2,
        )
        english = [*(texts if english_texts is None else english_texts)]
        style = make_style("en", english, font_path)
        return Style("en", style.font, ["fell back to English: no CJK font"])
    missing = missing_glyphs(needed)
    if missing:
        raise FontError(
            f"no installed font draws {''.join(missing[:10])!r} "
            f"(in {_first_with(needed, missing)!r}); {INSTALL_HINT}"
        )
    return Style(lang, None)


def _labels(lang: str) -> list[str]:
    index = 0 if lang == "zh" else 1
    return [pair[index] for pair in all_texts(pairs=True)]


def _first_with(texts: list[str], chars: list[str]) -> str:
    text = next((x for x in texts if any(ch in x for ch in chars)), "")
    return text if len(text) <= 40 else text[:39] + "…"


_MISSING_GLYPH = re.compile(r"Glyph \d+ .*missing from font")


@contextlib.contextmanager
def glyph_guard() -> Iterator[None]:
    """Turn matplotlib's "glyph missing" warnings into :class:`FontError`.

    Whatever the checks before drawing missed (a text typed in a notebook, a tick label),
    a brief is never written with boxes in place of characters.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for w in caught:
        message = str(w.message)
        if issubclass(w.category, UserWarning) and _MISSING_GLYPH.search(message):
            raise FontError(f"{message}; {INSTALL_HINT}")
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)

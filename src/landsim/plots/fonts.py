"""Find a font that draws Chinese, and prove it draws every character we need.

Order of search:

1. a font file named in the scenario (``plots.font_path``) or in the environment variable
   ``LANDSIM_CJK_FONT``;
2. installed families, best first: Noto Sans CJK SC, Source Han Sans SC/CN, Microsoft
   YaHei, SimHei, PingFang SC, Hiragino Sans GB, WenQuanYi Zen/Micro Hei.

Matplotlib caches its list of installed fonts. A cache built before the CJK font was
installed does not know it, so when none of the families above is known, the system font
folders are scanned again for files that look like CJK fonts and those are added.

A candidate is used only if every character of the texts to draw has a *visible* glyph:
WenQuanYi, for one, maps ℃ and toned pinyin to empty glyphs without any warning, so the
glyph outline itself is checked, not just the character map.

Matplotlib before 3.11 registers only the first face of a ``.ttc`` collection — for Noto
CJK that is the Japanese face. There, the Simplified Chinese face is extracted once with
fontTools (a matplotlib dependency) into landsim's cache folder and registered.
"""

from __future__ import annotations

import os
import sys
import unicodedata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from matplotlib import font_manager

from landsim.errors import LandsimWarning

ENV_VAR = "LANDSIM_CJK_FONT"
FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Sans SC",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
)
#: Faces to extract from collections under matplotlib < 3.11: family inside the file.
TTC_FACES = {
    "Noto Sans CJK SC": ("NotoSansCJK", "SC"),
    "Source Han Sans SC": ("SourceHanSans", "SC"),
}
FALLBACK = "DejaVu Sans"


@dataclass(frozen=True)
class FontChoice:
    """A usable font: the family name matplotlib knows it by, and where it came from."""

    family: str
    source: str


def matplotlib_reads_collections() -> bool:
    """Whether matplotlib registers every face of a ``.ttc`` (3.11 and later)."""
    major, minor = (int(x) for x in matplotlib.__version__.split(".")[:2])
    return (major, minor) >= (3, 11)


def find_cjk_font(
    texts: Iterable[str] = (), font_path: str | Path | None = None
) -> FontChoice | None:
    """Return the first font that draws every character of *texts*, or ``None``.

    Parameters
    ----------
    texts
        Everything that will be drawn (labels, names); checked glyph by glyph.
    font_path
        A font file to try first (the scenario's ``plots.font_path``).
    """
    needed = sorted({ch for t in texts for ch in t if _needs_glyph(ch)})
    for family, source in _candidates(font_path):
        if all(_draws(family, ch) for ch in needed):
            return FontChoice(family, source)
    return None


def missing_glyphs(texts: Iterable[str]) -> list[str]:
    """Characters of *texts* that the Latin fallback font (DejaVu Sans) does not draw."""
    needed = sorted({ch for t in texts for ch in t if _needs_glyph(ch)})
    return [ch for ch in needed if not _draws(FALLBACK, ch)]


def _candidates(font_path: str | Path | None) -> Iterable[tuple[str, str]]:
    for path, where in ((font_path, "plots.font_path"), (os.environ.get(ENV_VAR), ENV_VAR)):
        if not path:
            continue
        family = _register(Path(path)) if Path(path).is_file() else None
        if family:
            yield family, str(path)
        else:  # it was passed over without a word, and the user thought it was used
            what = "is not a font file matplotlib reads" if Path(path).is_file() else "is no file"
            warnings.warn(
                f"{where}: {path} {what}; using an installed Chinese font instead",
                LandsimWarning,
                stacklevel=2,
            )
    known = {f.name for f in font_manager.fontManager.ttflist}
    if not known.intersection(FAMILIES):
        known |= _add_unlisted_cjk_files()
    for family in FAMILIES:
        if family in known and not _first_face_only(family):
            yield family, "installed"
        elif family in TTC_FACES:
            extracted = _extract_from_collection(family)
            if extracted:
                yield extracted, "extracted from a .ttc collection"


#: Parts of file names of the CJK fonts in :data:`FAMILIES` (case-insensitive).
CJK_FILE_HINTS = ("cjk", "sourcehan", "notosanssc", "msyh", "simhei", "pingfang", "hiragino", "wqy")


def _add_unlisted_cjk_files() -> set[str]:
    """Add CJK font files that matplotlib's (possibly stale) cache does not list.

    Returns the family names added.
    """
    listed = {str(f.fname) for f in font_manager.fontManager.ttflist}
    before = {f.name for f in font_manager.fontManager.ttflist}
    for path in _font_files():
        if str(path) not in listed and any(h in path.name.lower() for h in CJK_FILE_HINTS):
            listed.add(str(path))
            _register(path)
    return {f.name for f in font_manager.fontManager.ttflist} - before


def _register(path: Path) -> str | None:
    try:
        font_manager.fontManager.addfont(str(path))
        return font_manager.FontProperties(fname=str(path)).get_name()
    except (OSError, RuntimeError, ValueError):
        return None


def _first_face_only(family: str) -> bool:
    """Tell whether matplotlib < 3.11 would give another face of the collection instead."""
    if matplotlib_reads_collections():
        return False
    entries = [f for f in font_manager.fontManager.ttflist if f.name == family]
    return bool(entries) and all(str(f.fname).lower().endswith(".ttc") for f in entries)


def _extract_from_collection(family: str) -> str | None:
    """Extract *family*'s face from an installed collection (matplotlib < 3.11)."""
    if matplotlib_reads_collections():
        return None
    stem, region = TTC_FACES[family]
    target = cache_folder() / f"{stem}-{region}-Regular.otf"
    if not target.exists():
        ttc = next(
            (
                p
                for p in _font_files()
                if p.name.startswith(stem) and "Regular" in p.name and p.suffix.lower() == ".ttc"
            ),
            None,
        )
        if ttc is None:
            return None
        try:
            extract_face(ttc, family, target)
        except (OSError, ValueError, KeyError):
            return None
    return _register(target)


def extract_face(collection: Path, family: str, target: Path) -> None:
    """Save the face named *family* of the collection *collection* as its own font file."""
    from fontTools.ttLib import TTCollection

    with TTCollection(str(collection), lazy=True) as ttc:
        for font in ttc.fonts:
            if font["name"].getDebugName(1) == family:
                target.parent.mkdir(parents=True, exist_ok=True)
                tmp = target.with_suffix(".part")
                font.save(str(tmp))
                tmp.replace(target)
                return
    raise KeyError(f"{family} not in {collection}")


def _font_files() -> list[Path]:
    return [Path(p) for p in font_manager.findSystemFonts()] + [
        Path(p)
        for d in ("/usr/share/fonts", "/System/Library/Fonts", "C:/Windows/Fonts")
        for p in (Path(d).rglob("*.ttc") if Path(d).is_dir() else [])
    ]


def cache_folder() -> Path:
    """Where landsim keeps extracted fonts."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home()))
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "landsim" / "fonts"


def _needs_glyph(ch: str) -> bool:
    return not (ch.isspace() or unicodedata.category(ch).startswith("C") or ord(ch) < 0x80)


def _draws(family: str, ch: str) -> bool:
    """Whether *family* (with the DejaVu fallback for non-CJK) draws *ch* visibly."""
    for name in (family, FALLBACK):
        font = _font(name)
        if font is not None and ord(ch) in font.get_charmap():
            font.load_char(ord(ch))
            return len(font.get_path()[0]) > 0
    return False


def _font(family: str):
    try:
        path = font_manager.findfont(
            font_manager.FontProperties(family=family), fallback_to_default=False
        )
    except ValueError:
        return None
    return font_manager.get_font(path)

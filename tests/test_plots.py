from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib import font_manager
from matplotlib import pyplot as plt

import landsim
from landsim import plots
from landsim.plots import fonts
from landsim.plots.labels import all_texts
from landsim.plots.style import FontWarning
from tests.conftest import ROOT
from tests.plot_helpers import overlapping_texts, texts

UNITS = {"zh": ("亩", "亿元", "%"), "en": ("mu", "100 m yuan", "%")}


@pytest.fixture(scope="module")
def res():
    return landsim.run(ROOT / "scenarios" / "major_project_first.yaml")


@pytest.fixture(autouse=True)
def no_show(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("plot functions must never call show()")

    monkeypatch.setattr(plt, "show", refuse)
    yield
    plt.close("all")


def test_a_cjk_font_is_installed_and_found():
    choice = fonts.find_cjk_font(all_texts())
    assert choice is not None, "install a CJK font (Debian: apt install fonts-noto-cjk)"
    assert choice.family in fonts.FAMILIES or choice.source != "installed"


DRAWERS = {
    "progress": lambda r, lang: plots.target_progress(r, "contiguous", lang=lang),
    "progress_cumulative": lambda r, lang: plots.target_progress(
        r, "revitalized", cumulative=True, lang=lang
    ),
    "output": lambda r, lang: plots.output_paths(r, lang=lang),
    "tax": lambda r, lang: plots.output_paths(r, "tax", lang=lang),
    "bridge": lambda r, lang: plots.output_bridge(r, lang=lang),
    "growth": lambda r, lang: plots.platform_growth(r, lang=lang),
    "money": lambda r, lang: plots.money_flows(r, lang=lang),
    "map": lambda r, lang: plots.parcel_map(r, lang=lang),
    "map_year_zoom": lambda r, lang: plots.parcel_map(r, "year", platform="etdz", lang=lang),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", list(DRAWERS))
def test_each_plot_draws_cleanly(res, name, lang):
    # warnings are errors in this suite: a missing glyph ("Glyph … missing") fails here
    ax = DRAWERS[name](res, lang)
    fig = ax.figure
    assert overlapping_texts(fig) == []
    words = texts(fig)
    assert ax.get_title(loc="left"), "every plot has a title"
    if not name.startswith("map"):
        assert any(u in ax.get_ylabel() for u in UNITS[lang]), ax.get_ylabel()
    chinese = any("\u4e00" <= ch <= "\u9fff" for w in words for ch in w)
    assert chinese == (lang == "zh")


def test_plots_draw_on_the_axes_given(res):
    fig, (a, b) = plt.subplots(1, 2)
    assert plots.target_progress(res, ax=a) is a
    assert plots.money_flows(res, ax=b) is b
    assert plt.get_fignums() == [fig.number]


def test_progress_bars_are_the_results(res):
    ax = plots.target_progress(res, "contiguous")
    heights = [p.get_height() for p in ax.patches]
    np.testing.assert_allclose(heights, res.table("area|contiguous")["district"].to_numpy())


def test_bridge_adds_up(res):
    ax = plots.output_bridge(res)
    bars = ax.patches
    start, end = bars[0].get_height(), bars[-1].get_height()
    signed = [
        (-1 if p.get_facecolor()[:3] == (1.0, 1.0, 1.0) else 1) * p.get_height() for p in bars[1:-1]
    ]
    assert start + sum(signed) == pytest.approx(end)
    assert end == pytest.approx(res.table("output|programme").loc[2030, "district"] / 1e4)


def test_no_font_means_english_and_one_clear_warning(res, monkeypatch):
    monkeypatch.setattr("landsim.plots.style.find_cjk_font", lambda *a, **k: None)
    with pytest.warns(FontWarning, match="apt install fonts-noto-cjk"):
        ax = plots.target_progress(res, lang="zh")
    assert ax.get_title(loc="left") == "Contiguous area vacated"


def _font_with_empty_glyph(path):
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef", "degC", "zhong"])
    fb.setupCharacterMap({0x2103: "degC", 0x4E2D: "zhong"})
    box = TTGlyphPen(None)
    for x, y in ((100, 0), (100, 700), (600, 700), (600, 0)):
        (box.moveTo if x == 100 and y == 0 else box.lineTo)((x, y))
    box.closePath()
    fb.setupGlyf(
        {
            ".notdef": TTGlyphPen(None).glyph(),
            "degC": TTGlyphPen(None).glyph(),
            "zhong": box.glyph(),
        }
    )
    fb.setupHorizontalMetrics({n: (700, 0) for n in (".notdef", "degC", "zhong")})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "Landsim Blank Test", "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost()
    fb.save(str(path))


def test_a_font_that_draws_blank_glyphs_is_refused(tmp_path):
    # like WenQuanYi builds that map ℃ to an empty glyph: in the cmap, but invisible
    path = tmp_path / "blank.ttf"
    _font_with_empty_glyph(path)
    font_manager.fontManager.addfont(str(path))
    assert fonts._draws("Landsim Blank Test", "中")
    assert not fonts._draws("Landsim Blank Test", "℃")
    choice = fonts.find_cjk_font(["中 ℃"], font_path=path)
    assert choice is not None and choice.family != "Landsim Blank Test"
    assert fonts.find_cjk_font(["中"], font_path=path).family == "Landsim Blank Test"


def _noto_collection():
    path = font_manager.findfont(
        font_manager.FontProperties(family="Noto Sans CJK SC"), fallback_to_default=False
    )
    return str(path)


def test_the_simplified_face_is_extracted_from_a_collection(tmp_path):
    ttc = _noto_collection()
    assert ttc.lower().endswith(".ttc")
    target = tmp_path / "sc.otf"
    fonts.extract_face(fonts.Path(ttc), "Noto Sans CJK SC", target)
    assert font_manager.FontProperties(fname=str(target)).get_name() == "Noto Sans CJK SC"


def test_matplotlib_before_3_11_uses_the_extracted_face(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "matplotlib_reads_collections", lambda: False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    choice = fonts.find_cjk_font(["萧山"])
    assert choice is not None
    assert choice.source == "extracted from a .ttc collection"
    assert (tmp_path / "landsim" / "fonts" / "NotoSansCJK-SC-Regular.otf").is_file()

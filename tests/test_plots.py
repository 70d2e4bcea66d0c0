from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib import font_manager
from matplotlib import pyplot as plt
from matplotlib.text import Text

import landsim
from landsim import plots
from landsim.errors import LandsimWarning
from landsim.plots import fonts
from landsim.plots.common import UNIT_GID, style_for
from landsim.plots.labels import all_texts
from landsim.plots.style import FontError, FontWarning, glyph_guard, make_style
from tests.conftest import ROOT
from tests.plot_helpers import (
    overlapping_texts,
    texts,
    units_above,
    unmarked_axis_break,
    y_unit,
)

UNITS = {"zh": ("亩", "亿元", "%"), "en": ("mu", "CNY bn", "%")}


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


@pytest.mark.cjk
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
    if not name.startswith("map") and name != "growth":  # a ratio has no unit
        assert any(u in y_unit(ax) for u in UNITS[lang]), y_unit(ax)
    chinese = any("\u4e00" <= ch <= "\u9fff" for w in words for ch in w)
    assert chinese == (lang == "zh")
    if not name.startswith("map"):  # an axis from zero, or marked with a break
        assert not unmarked_axis_break(ax), ax.get_ylim()
    if name == "progress_cumulative":  # a running total reads from nothing
        assert ax.get_ylim()[0] == 0


@pytest.mark.parametrize("peak", [0.0, 1.0, 3.0])
def test_the_run_out_label_never_hides_a_point(res, peak):
    import numpy as np

    from landsim.plots.common import RUN_OUT_GID, axes, finish, mark_run_out, programme_end
    from landsim.plots.style import make_style

    st = make_style("en")
    ax = axes(None, height=2.8, style=st)
    years = np.array(sorted(int(y) for y in res.long["year"].unique()))
    values = np.linspace(2.0, 4.0, years.size)
    values[years == programme_end(res) + 2] = 4.0 + peak  # the highest point, under the label
    ax.plot(years, values, marker="o")
    mark_run_out(ax, res, st)
    finish(ax, st, "title", "y")
    ax.figure.canvas.draw()
    label = next(t for t in ax.texts if t.get_gid() == RUN_OUT_GID)
    box = label.get_bbox_patch().get_window_extent()
    points = ax.transData.transform(np.column_stack([years, values]))
    assert not any(box.contains(x, y) for x, y in points)  # 11.4 % growth in 2032 was hidden


def test_plots_draw_on_the_axes_given(res):
    fig, (a, b) = plt.subplots(1, 2)
    assert plots.target_progress(res, ax=a) is a
    assert plots.money_flows(res, ax=b) is b
    assert plt.get_fignums() == [fig.number]


def test_progress_bars_are_the_results(res):
    ax = plots.target_progress(res, "contiguous")
    heights = [p.get_height() for bars in ax.containers for p in bars]
    programme = res.table("area|contiguous")["district"].loc[: res.scenario.horizon.end]
    np.testing.assert_allclose(heights, programme.to_numpy())


def test_bridge_runs_from_the_baseline_to_the_programme_and_adds_up(res):
    ax = plots.output_bridge(res)  # English: CNY bn
    bars = ax.patches
    start, end = bars[0].get_height(), bars[-1].get_height()
    signed = [
        (-1 if p.get_facecolor()[:3] == (1.0, 1.0, 1.0) else 1) * p.get_height() for p in bars[1:-1]
    ]
    assert start + sum(signed) == pytest.approx(end)
    assert start == pytest.approx(res.table("output|baseline").loc[2030, "district"] / 1e5)
    assert end == pytest.approx(res.table("output|programme").loc[2030, "district"] / 1e5)
    labels = [t.get_text() for t in ax.texts]
    assert f"{end:,.1f}" in labels and f"{start:,.1f}" in labels  # both end bars labelled
    assert ax.get_ylim()[0] > 0 and len(ax.lines) == 2  # the axis break is marked
    for lang in ("en", "zh"):  # the labels add up as written (English read 581 … 618 ≠ 617)
        drawn = plots.output_bridge(res, lang=lang).texts
        shown = [t.get_text() for t in drawn if t.get_gid() != UNIT_GID]  # not "单位：亿元/年"
        numbers = [float(x.replace(",", "").replace("−", "-")) for x in shown]
        assert sum(numbers[:-1]) == pytest.approx(numbers[-1], abs=1e-6)


@pytest.mark.parametrize("digits", [0, 1])
def test_rounded_steps_add_up_to_the_rounded_total(digits):
    from landsim.plots.economy import summing_labels

    rng = np.random.default_rng(7)
    for _ in range(200):
        parts = list(rng.normal(0, 50, 5))
        parts[0] = 500 + abs(parts[0])
        shown = summing_labels(parts, sum(parts), digits)
        assert sum(shown) == pytest.approx(round(sum(parts), digits), abs=1e-9)
        assert all(abs(a - b) <= 10.0**-digits for a, b in zip(shown, parts, strict=True))


def test_money_axes_share_their_zero(res):
    ax = plots.money_flows(res)
    right = next(a for a in ax.figure.axes if a is not ax)
    (l0, l1), (r0, r1) = ax.get_ylim(), right.get_ylim()
    assert -l0 / (l1 - l0) == pytest.approx(-r0 / (r1 - r0))
    # spending fills the chart, yet investment keeps room above zero, with numbers on it
    assert -l0 / (l1 - l0) <= 0.6 + 1e-9
    ax.figure.canvas.draw()
    shown = [t.get_text() for t in right.get_yticklabels() if t.get_text()]
    assert len(shown) >= 3 and "0" in shown, shown


@pytest.mark.parametrize(
    ("name", "unit", "rotated"),
    [
        ("progress", "亩", "mu"),
        ("output", "亿元/年", "CNY bn a year"),
        ("money", "亿元/年", "CNY bn a year"),
    ],
)
def test_a_chinese_chart_writes_its_unit_level_above_the_axis(res, name, unit, rotated):
    """Chinese charts read "单位：亩" at the top left, over the axis and under the title, as
    statistical bulletins do; the rotated "亩" beside the axis is English only."""
    ax = DRAWERS[name](res, "zh")
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    assert ax.get_ylabel() == ""
    above = units_above(ax)
    assert above and above[0].get_text() == f"单位：{unit}"
    box, frame = above[0].get_window_extent(renderer), ax.get_window_extent(renderer)
    assert above[0].get_rotation() == 0
    assert box.y0 >= frame.y1 and box.x0 == pytest.approx(frame.x0, abs=2.0)
    title = next(t for t in fig.findobj(Text) if t.get_text() == ax.get_title(loc="left"))
    assert title.get_window_extent(renderer).y0 >= box.y1  # the title stands above it
    assert overlapping_texts(fig) == []
    english = DRAWERS[name](res, "en")
    assert units_above(english) == [] and english.get_ylabel() == rotated


def test_a_descriptive_axis_label_stays_rotated_in_chinese(res):
    ax = plots.platform_growth(res, lang="zh")
    assert ax.get_ylabel() == "平台与全区增速之比" and units_above(ax) == []


def test_the_chinese_investment_axis_names_itself_above_its_top(res):
    """The right axis's name and unit stand level at its top right, the left's unit at the
    top left, both under the legend."""
    ax = plots.money_flows(res, lang="zh")
    right = next(a for a in ax.figure.axes if a is not ax)
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    left_unit, right_unit = units_above(ax)
    assert right_unit.get_text() == "新项目社会投资（亿元/年）" and right.get_ylabel() == ""
    box, frame = right_unit.get_window_extent(renderer), ax.get_window_extent(renderer)
    assert box.x1 == pytest.approx(frame.x1, abs=2.0) and box.y0 >= frame.y1
    legend = ax.get_legend().get_window_extent(renderer)
    assert legend.y0 >= left_unit.get_window_extent(renderer).y1 - 1.0


@pytest.mark.parametrize("lang", ["en"])
def test_the_investment_axis_title_stands_beside_its_ticks(res, lang):
    """It was centred on the whole height, far below the investment's ticks (all above zero)."""
    ax = plots.money_flows(res, lang=lang)
    right = next(a for a in ax.figure.axes if a is not ax)
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    label = right.yaxis.label.get_window_extent(renderer)
    frame = right.get_window_extent(renderer)
    assert label.y1 == pytest.approx(frame.y1, abs=2.0)  # from the top of the axes down
    zero = right.transData.transform((0.0, 0.0))[1]
    assert (label.y0 + label.y1) / 2 > zero  # mostly beside the ticks above zero


@pytest.mark.parametrize("lang", ["en"])
def test_the_investment_axis_title_keeps_its_two_lines_apart(res, lang):
    """Its two lines touched in Chinese ("新项目社会投资" over "（亿元/年）"): spaced by the
    Latin font's height. Drawn at 300 dpi, a column of blank pixels lies between them."""
    ax = plots.money_flows(res, lang=lang)
    fig = ax.figure
    fig.set_dpi(300)
    fig.canvas.draw()
    label = next(a for a in fig.axes if a is not ax).yaxis.label
    box = label.get_window_extent()
    pixels = np.asarray(fig.canvas.buffer_rgba())[::-1, :, :3]  # rows from the bottom
    crop = pixels[int(box.y0) + 1 : int(box.y1) - 1, int(box.x0) + 1 : int(box.x1) - 1]
    inked = (crop.min(axis=2) < 250).any(axis=0)  # the columns (it is rotated) with ink
    columns = np.flatnonzero(inked)
    gaps = np.diff(columns) - 1  # blank columns between inked ones
    assert gaps.max() >= 300 / 72 * 1.0, gaps.max()  # at least a point between the lines


def test_the_platforms_markers_say_in_the_legend_which_years_met_the_goal(res):
    ax = plots.platform_growth(res, lang="zh")
    names = [t.get_text() for t in ax.get_legend().get_texts()]
    marked = {"达标年份（较低比值）", "未达标年份（较低比值）"} & set(names)
    assert marked, names
    assert len(ax.collections) >= len(marked)  # each named marker is drawn


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_growth_chart_draws_what_the_target_tests(res, lang):
    """A year is marked on the lower of output's and tax's ratios to the district's growth.

    The chart drew output growth only: 2026's platforms at 5.4 % above the district × 1.5
    at 5.0 %, marked missed, because tax grew 1.44 × the district's (the table's number).
    """
    from matplotlib.colors import to_hex

    from landsim.plots.palette import COLOURS

    ax = plots.platform_growth(res, lang=lang)
    ratios = res.table("growth_yoy_ratio|output")["district"]
    tested = np.minimum(ratios, res.table("growth_yoy_ratio|tax")["district"])
    goal = res.scenario.targets.platform_growth_ratio
    table = res.table("target_share|platform_growth")["district"] * goal  # the brief's cells
    marked = {}
    for coll in ax.collections:
        colour = to_hex(coll.get_facecolor()[0])
        for x, y in np.asarray(coll.get_offsets()):
            marked[int(x)] = (y, colour)
    programme = [y for y in tested.index if y <= res.scenario.horizon.end]
    assert sorted(marked) == programme
    for year, (y, colour) in marked.items():
        assert y == pytest.approx(tested[year]) == pytest.approx(table[year])
        met = tested[year] >= goal * (1 - 1e-9)
        assert colour == to_hex(COLOURS["achieved" if met else "missed"]), year
    dashed = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert np.nanmax(dashed[0].get_ydata()) == pytest.approx(goal)  # the goal, not a growth rate
    rule = [t.get_text() for t in ax.texts if "1.5" in t.get_text()]
    both = ("产值", "税收") if lang == "zh" else ("output", "tax")
    assert len(rule) == 1 and all(word in rule[0] for word in both), rule
    assert overlapping_texts(ax.figure) == []


def test_an_industry_keeps_its_colour_between_output_and_tax(res):
    def colours(ax):
        pairs = zip(*_legend(ax), strict=True)
        return {t.get_text(): h.get_facecolor() for h, t in pairs if hasattr(h, "get_facecolor")}

    out = colours(plots.output_paths(res))
    tax = colours(plots.output_paths(res, "tax"))
    shared = set(out) & set(tax) - {"Baseline", "Programme"}
    assert len(shared) >= 4
    assert all(out[k] == tax[k] for k in shared)
    assert "Other" in out or "…" not in out


def _legend(ax):
    legend = ax.get_legend()
    return legend.legend_handles, legend.get_texts()


def test_no_font_fails_with_one_line_unless_fallback_is_asked(res, monkeypatch):
    monkeypatch.setattr("landsim.plots.style.find_cjk_font", lambda *a, **k: None)
    with pytest.raises(FontError, match="apt install fonts-noto-cjk") as info:
        plots.target_progress(res, lang="zh")
    assert "\n" not in str(info.value) and "LANDSIM_CJK_FONT" in str(info.value)
    with pytest.warns(FontWarning, match="apt install fonts-noto-cjk"):
        style = style_for(res, "zh", fallback=True)
    ax = plots.target_progress(res, style=style)
    assert ax.get_title(loc="left") == "Contiguous area vacated"


def test_english_text_with_chinese_and_no_font_fails(monkeypatch):
    monkeypatch.setattr("landsim.plots.style.find_cjk_font", lambda *a, **k: None)
    with pytest.raises(FontError, match="亩均"):
        make_style("en", ["worst-first by their 亩均 score"])


def test_the_command_line_says_what_to_install(tmp_path, monkeypatch, capsys):
    from landsim.cli import main

    run_dir = tmp_path / "run"
    assert (
        main(
            ["run", str(ROOT / "scenarios" / "tight_budget.yaml"), "-o", str(run_dir), "--no-xlsx"]
        )
        == 0
    )
    monkeypatch.setattr("landsim.plots.style.find_cjk_font", lambda *a, **k: None)
    capsys.readouterr()
    assert main(["brief", str(run_dir), "--lang", "zh"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "fonts-noto-cjk" in err
    assert not (run_dir / "brief-zh").exists()


def test_a_glyph_missing_at_draw_time_stops_the_brief():
    with pytest.raises(FontError), glyph_guard():
        if True:
            fig = plt.figure()
            fig.text(0, 0, "亩均", fontfamily="DejaVu Sans")
            fig.canvas.draw()


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


@pytest.mark.cjk
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


@pytest.mark.cjk
def test_the_simplified_face_is_extracted_from_a_collection(tmp_path):
    ttc = _noto_collection()
    assert ttc.lower().endswith(".ttc")
    target = tmp_path / "sc.otf"
    fonts.extract_face(fonts.Path(ttc), "Noto Sans CJK SC", target)
    assert font_manager.FontProperties(fname=str(target)).get_name() == "Noto Sans CJK SC"


@pytest.mark.cjk
def test_matplotlib_before_3_11_uses_the_extracted_face(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "matplotlib_reads_collections", lambda: False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    choice = fonts.find_cjk_font(["萧山"])
    assert choice is not None
    assert choice.source == "extracted from a .ttc collection"
    assert (tmp_path / "landsim" / "fonts" / "NotoSansCJK-SC-Regular.otf").is_file()


@pytest.mark.parametrize("kind", ["missing", "not_a_font"])
def test_a_font_path_that_cannot_be_used_is_said_to_be(tmp_path, kind):
    # a font_path that was no font was passed over without a word
    path = tmp_path / "font.ttf"
    if kind == "not_a_font":
        path.write_text("seed: 1\n", encoding="utf-8")
    said = r"plots.font_path: .*font.ttf (is no file|is not a font)"
    with pytest.warns(LandsimWarning, match=said):
        fonts.find_cjk_font(["萧山"], font_path=path)


def test_a_thin_step_of_the_bridge_shows_and_a_step_of_nothing_reads_0():
    """The default's firms moved in 2026 (+13 亿元 on a 3,000 亿元 axis) were under a pixel."""
    res = landsim.run(ROOT / "scenarios" / "xiaoshan_2024.yaml")
    for lang in ("zh", "en"):
        ax = plots.output_bridge(res, year=2026, lang=lang)
        ax.figure.canvas.draw()
        steps = ax.patches[1:-1]
        labels = [t.get_text() for t in ax.texts][: len(steps)]  # then the two ends
        zero = {"0", "0.0"}  # new industries: −0.0000000004 亿元
        assert zero & set(labels) and not {"−0", "+0", "−0.0", "+0.0"} & set(labels)
        for patch, label in zip(steps, labels, strict=True):
            box = patch.get_window_extent()
            seen = box.height + (patch.get_linewidth() if patch.get_edgecolor()[3] else 0)
            visible = patch.get_facecolor()[:3] != (1.0, 1.0, 1.0) or patch.get_edgecolor()[3]
            assert (seen >= 1.5 and visible) or label in zero, label
        plt.close(ax.figure)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", ["output", "money", "growth", "progress"])
def test_a_year_axis_ends_at_the_last_year_drawn(res, name, lang):
    """No tick after the data's last year (a comparison's axes ran to 2036 for 2035)."""
    ax = DRAWERS[name](res, lang)
    last = int(res.long["year"].max()) if name != "progress" else res.scenario.horizon.end
    lo, hi = ax.get_xlim()
    assert hi <= last + 0.5, (hi, last)  # where the run-out shading ends
    assert max(t for t in ax.get_xticks() if lo <= t <= hi) <= last
    plt.close(ax.figure)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_title_with_an_aside_reads_as_its_language_writes_it(res, lang):
    """Chinese puts an aside in brackets (连片腾换产业空间（累计进展）), not after " · "."""
    ax = plots.target_progress(res, "contiguous", cumulative=True, lang=lang)
    title = ax.get_title(loc="left") or ax.get_title()
    if lang == "zh":
        assert title.endswith("（累计进展）") and "·" not in title, title
    else:
        assert " · " in title, title
    plt.close(ax.figure)

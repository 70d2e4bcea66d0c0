"""The comparison brief holds up to eight runs: every block, cell and legend in its place."""

from __future__ import annotations

import dataclasses
import itertools
import re

import matplotlib

matplotlib.use("Agg")

import pytest
from matplotlib import pyplot as plt
from matplotlib.table import Table
from matplotlib.text import Text

import landsim
from landsim.analysis.compare import indicators
from landsim.cli import main
from landsim.plots.common import style_for
from landsim.report.compare import scenario_titles
from landsim.report.compare_brief import BRIEF_RUNS_AT_MOST, CHART_IN, brief_pages
from landsim.report.layout import MARGINS_MM, paginate
from landsim.scenario.schema.base import Label
from tests.plot_helpers import (
    all_axes,
    cells_overflowing,
    overlapping_texts,
    table_texts,
    texts,
    texts_off_page,
    texts_off_their_block,
)

NAMES = ("xiaoshan_2024", "contiguity_first", "tight_budget")


@pytest.fixture(scope="module")
def loaded(three_runs):
    return [landsim.load_run(three_runs[n]) for n in NAMES]


def _many(loaded, n):
    """*n* runs: the three scenarios over again (runs alike are numbered: long titles)."""
    return [loaded[i % len(loaded)] for i in range(n)]


def _misplaced(page) -> dict[str, list]:
    """What lies out of its place on *page*: every list empty when nothing does."""
    return {
        "off the page": texts_off_page(page),
        "off their block": texts_off_their_block(page),
        "overlapping": overlapping_texts(page),
        "past their cell": cells_overflowing(page),
    }


NOTHING = {"off the page": [], "off their block": [], "overlapping": [], "past their cell": []}


def _filled(page) -> float:
    """Share of a page's height between its margins filled, down to its lowest text or chart."""
    page.canvas.draw()
    renderer = page.canvas.get_renderer()
    boxes = [
        t.get_window_extent(renderer)
        for t in page.findobj(Text)
        if t.axes is None and t.get_visible() and t.get_text().strip()
    ]
    boxes += [ax.get_tightbbox(renderer) for ax in all_axes(page) if ax.axison]
    boxes += [table.get_window_extent(renderer) for table in page.findobj(Table)]
    _, _, top, bottom = (mm / 25.4 * page.dpi for mm in MARGINS_MM)
    lowest = min(box.y0 for box in boxes)
    return (page.bbox.y1 - top - lowest) / (page.bbox.height - top - bottom)


#: Least share of a page a brief's page fills: a chart alone on the last page fills a third.
LEAST_FILLED = 0.4
#: Inches of an A4 page's height between the margins.
PAGE_IN = (842 - (MARGINS_MM[2] + MARGINS_MM[3]) / 25.4 * 72) / 72


def _pages(runs, lang):
    """Every page of the brief of *runs*, as drawn.

    Returns what lies out of its place on each page, each page's share filled and whether
    it holds a table, and the text on them all, without spaces.
    """
    st = style_for(runs, lang)
    table, period = indicators(runs)
    with plt.rc_context(st.rc()):
        pages = brief_pages(runs, st, table, period)
        found = [_misplaced(page) for page in pages]
        filled = [(_filled(page), bool(page.findobj(Table))) for page in pages]
        drawn = "".join(t for page in pages for t in [*texts(page), *table_texts(page)])
        for page in pages:
            plt.close(page)
    return found, filled, re.sub(r"\s", "", drawn)


def _room_left(filled) -> list[float]:
    """Inches left under the tables of each page of tables followed by a page of charts.

    Four runs' money table stood alone on page 2, before pages of charts only.
    """
    pairs = itertools.pairwise(filled)
    return [(1 - share) * PAGE_IN for (share, tables), (_, after) in pairs if tables and not after]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("n", range(4, BRIEF_RUNS_AT_MOST + 1))
def test_the_tables_of_many_runs_go_on_to_the_next_page(loaded, n, lang):
    # from four runs page 1 overflowed: blocks squeezed into each other, cells overlapped
    runs = _many(loaded, n)
    found, filled, drawn = _pages(runs, lang)
    assert found == [NOTHING] * len(found)
    assert 3 <= len(found) <= 5  # tables on pages 1–2 (or 3), the five charts after them
    # no page is nearly empty, and charts fill the room under the tables
    assert min(share for share, _ in filled) >= LEAST_FILLED, filled
    assert all(room < CHART_IN for room in _room_left(filled)), filled
    for title in scenario_titles(runs, lang):  # every run, in full (its title wraps)
        assert re.sub(r"\s", "", title) in drawn


@pytest.mark.parametrize(
    ("n", "lang", "pages"), [(2, "zh", 3), (2, "en", 3), (3, "zh", 3), (3, "en", 3)]
)
def test_a_few_runs_fill_page_one_and_two_of_charts(loaded, n, lang, pages):
    # three runs in English: the money table goes on to page 2 (it was squeezed in), and
    # the charts fill the page under it (it stood alone on a page before three of charts)
    found, filled, _ = _pages(loaded[:n], lang)
    assert found == [NOTHING] * pages
    assert min(share for share, _ in filled) >= LEAST_FILLED, filled
    assert all(room < CHART_IN for room in _room_left(filled)), filled


def test_charts_after_the_tables_share_their_pages_evenly():
    # a page of tables with room for one chart, then five charts of 3.1 inches
    tables, charts = [6.5], [CHART_IN] * 5
    assert paginate(tables + charts) == [[0, 1], [2, 3, 4], [5]]  # one chart alone at the end
    assert paginate(tables + charts, balance_from=1) == [[0, 1], [2, 3], [4, 5]]
    # a table page with no room for a chart: three then two, as the pages of charts were
    assert paginate([9.0, *charts], balance_from=1) == [[0], [1, 2, 3], [4, 5]]
    # room for two: both go there, and three fill the next page
    assert paginate([3.5, *charts], balance_from=1) == [[0, 1, 2], [3, 4, 5]]


#: Titles long enough to run off the page when a chart's title names the run.
LONG_TITLES = {
    "zh": "萧山区“腾笼换鸟”2024—2030年（含空港经济区、钱江世纪城与江南科技城先行试点"
    "及年度资金结转安排）",
    "en": "Xiaoshan industrial land renewal 2024–2030 with the airport zone, Qianjiang "
    "Century City and Jiangnan Science City pilots first",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_chart_title_naming_a_run_of_a_long_title_wraps_on_the_page(loaded, lang):
    # "Output gained in 2030: most in <a long title> (CNY 36.26 bn)" ran off the page
    title = Label(zh=LONG_TITLES["zh"], en=LONG_TITLES["en"])
    first = dataclasses.replace(
        loaded[0], scenario=loaded[0].scenario.model_copy(update={"title": title})
    )
    runs = [first, *loaded[1:]]
    found, _, drawn = _pages(runs, lang)
    assert found == [NOTHING] * len(found)
    assert re.sub(r"\s", "", LONG_TITLES[lang]) in drawn


def test_a_brief_of_too_many_runs_is_refused_in_one_line(three_runs, tmp_path, capsys):
    folders = [str(three_runs[NAMES[i % 3]]) for i in range(BRIEF_RUNS_AT_MOST + 1)]
    out = tmp_path / "cmp"
    assert main(["compare", *folders, "-o", str(out), "--brief"]) != 0
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "at most 8 runs; got 9" in err
    assert "groups of at most 8" in err and "leave out --brief" in err
    assert not out.exists()
    # without the brief, the tables and figures of as many runs are written
    assert main(["compare", *folders, "-o", str(out)]) == 0


def test_each_run_of_a_brief_has_a_colour_of_its_own():
    from landsim.plots.palette import SCENARIO_CYCLE, cycle_style

    # the seventh and eighth runs were drawn in the colours of the first and second
    colours = [cycle_style(SCENARIO_CYCLE, i)["color"] for i in range(BRIEF_RUNS_AT_MOST)]
    assert len(set(colours)) == BRIEF_RUNS_AT_MOST

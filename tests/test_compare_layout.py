"""The comparison brief holds up to eight runs: every block, cell and legend in its place."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import pytest
from matplotlib import pyplot as plt

import landsim
from landsim.analysis.compare import indicators
from landsim.cli import main
from landsim.plots.common import style_for
from landsim.report.compare import scenario_titles
from landsim.report.compare_brief import BRIEF_RUNS_AT_MOST, brief_pages
from tests.plot_helpers import (
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


def _pages(runs, lang):
    """Every page of the brief of *runs*, as drawn; the text on them, without spaces."""
    st = style_for(runs, lang)
    table, period = indicators(runs)
    with plt.rc_context(st.rc()):
        pages = brief_pages(runs, st, table, period)
        found = [_misplaced(page) for page in pages]
        drawn = "".join(t for page in pages for t in [*texts(page), *table_texts(page)])
        for page in pages:
            plt.close(page)
    return found, re.sub(r"\s", "", drawn)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("n", range(4, BRIEF_RUNS_AT_MOST + 1))
def test_the_tables_of_many_runs_go_on_to_the_next_page(loaded, n, lang):
    # from four runs page 1 overflowed: blocks squeezed into each other, cells overlapped
    runs = _many(loaded, n)
    found, drawn = _pages(runs, lang)
    assert found == [NOTHING] * len(found)
    assert 4 <= len(found) <= 5  # tables on pages 1–2 (or 3), the five charts after them
    for title in scenario_titles(runs, lang):  # every run, in full (its title wraps)
        assert re.sub(r"\s", "", title) in drawn


@pytest.mark.parametrize(
    ("n", "lang", "pages"), [(2, "zh", 3), (2, "en", 3), (3, "zh", 3), (3, "en", 4)]
)
def test_a_few_runs_fill_page_one_and_two_of_charts(loaded, n, lang, pages):
    # three runs in English: the money table goes on to page 2 (it was squeezed in)
    found, _ = _pages(loaded[:n], lang)
    assert found == [NOTHING] * pages


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

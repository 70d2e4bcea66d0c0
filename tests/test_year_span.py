"""Spans of years as written: 一字线 in Chinese, en dash in English, one year said once.

GB/T 15834-2011 (标点符号用法) 4.13: the 一字线 "—" joins the start and end of a span of
time ("2029—2030年"); the 浪纹线 "～" joins values ("187.7～426.5亿元"). A comparison of
runs of one programme year draws and names that year.
"""

from __future__ import annotations

import re

import matplotlib
import numpy as np
import pytest
from matplotlib import pyplot as plt

import landsim
from landsim.analysis.alignment import Period, period
from landsim.plots.labels import BRIEF, INDICATORS, TEXT, Words, year_span
from landsim.plots.text import width_of, wrap
from landsim.report.compare import readable
from landsim.report.compare_brief import TARGETS_TABLE
from landsim.report.compare_cells import targets_rows
from landsim.report.compare_names import indicator_label
from landsim.report.ruled_table import fit
from landsim.report.sentences import year_runs
from tests.conftest import FIXTURES

matplotlib.use("Agg")

HAND = FIXTURES / "hand" / "scenario.yaml"
#: Two years joined by a dash of any kind, or a template's two years joined.
JOINED = re.compile(r"(\d{4}|\})\s*[-–—‒―]\s*(\d{4}|\{)")


def test_a_span_of_years_takes_the_yizixian_in_chinese_and_the_en_dash_in_english():
    assert year_span(2029, 2030, "zh") == "2029\u20142030年"
    assert year_span(2029, 2030, "en") == "2029\u20132030"
    assert Words("zh").years(2024, 2030) == "2024—2030年"


def test_one_year_is_said_once():
    assert year_span(2024, 2024, "zh") == "2024年"
    assert year_span(2024, 2024, "en") == "2024"
    assert year_runs([2024], "zh") == "2024年"
    assert year_runs([2026, 2029, 2030], "zh") == "2026年、2029—2030年"
    assert year_runs([2026, 2029, 2030], "en") == "2026 and 2029–2030"


def test_no_label_of_the_catalogue_joins_two_years_itself():
    # every span goes through year_span: a template says {years}, not {start}–{end}年
    from landsim.cli.advice import ADVICE
    from landsim.cli.backtest_console import BACKTEST
    from landsim.cli.validate_console import VALIDATE

    tables = {"TEXT": TEXT, "BRIEF": BRIEF, "INDICATORS": INDICATORS, "BACKTEST": BACKTEST}
    tables |= {"ADVICE": ADVICE, "VALIDATE": VALIDATE}
    joined = [
        f"{name}:{key}: {text}"
        for name, table in tables.items()
        for key, pair in table.items()
        for text in pair
        if JOINED.search(text)
    ]
    assert joined == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_chinese_span_keeps_its_width_and_its_line(lang):
    # the 一字线 is drawn nearly an em wide (0.89 em in Noto Sans CJK SC): two columns
    assert width_of("2024—2030年") == 12
    text = "政府资金收支：累计净支出94.4亿元（2024—2030年）"
    for width in range(8, 30):
        assert any("2024—2030年" in line for line in wrap(text, width).splitlines())


def test_a_one_year_comparison_names_its_year_not_one_of_one(tmp_path):
    one = Period(years=(2024, 2025, 2026), programme=(2024,))
    zh = [indicator_label(k, Words("zh"), one) for k in INDICATORS if "|" in k]
    en = [indicator_label(k, Words("en"), one) for k in INDICATORS if "|" in k]
    for label in zh + en:
        assert "2024–2024" not in label and "2024—2024" not in label, label
        assert "1年中" not in label and "of 1)" not in label, label
    assert "连片腾换产业空间达标年数（仅2024年）" in zh
    assert "连片腾换产业空间合计（亩，2024年）" in zh
    assert "Contiguous target met (years; 2024 only)" in en
    assert "Contiguous area vacated (mu, 2024)" in en


@pytest.fixture(scope="module")
def one_year_runs():
    """Two runs of the hand district over one programme year (2024), a year of run-out."""
    horizon = {"start": 2024, "end": 2024, "run_out_years": 1}
    runs = []
    for strategy in ("worst_first", "random"):
        overrides = {"horizon": horizon, "selection": {"strategy": strategy}}
        runs.append(landsim.run(landsim.load_scenario(HAND, overrides=overrides)))
    return runs


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_one_year_target_chart_shows_the_year_the_target_and_what_was_achieved(
    one_year_runs, lang
):
    ax = landsim.plots.compare_targets(one_year_runs, "revitalized", lang=lang)
    try:
        lo, hi = ax.get_xlim()
        assert 2023 < lo < 2024 < hi < 2025  # not 1925–2125
        assert [t for t in ax.get_xticks() if lo <= t <= hi] == [2024]
        named = Words(lang).t("target")
        target = next(line for line in ax.get_lines() if line.get_label() == named)
        x = np.asarray(target.get_xdata(), dtype=float)
        assert x.max() - x.min() > 0.3  # a line to see, not one point of a step
        achieved = [line for line in ax.get_lines() if line is not target]
        top = max(float(np.nanmax(line.get_ydata())) for line in [*achieved, target])
        assert 0 < top < 0.95 * ax.get_ylim()[1]  # room above the highest marker
    finally:
        plt.close(ax.figure)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_targets_tables_head_keeps_years_met_whole(one_year_runs, lang):
    w = Words(lang)
    rows, _ = targets_rows(one_year_runs, w, period(one_year_runs))
    # the shipped comparison's table: seven years, its scenario and indicator columns
    header = [w.t("col_scenario"), w.t("col_item"), *map(str, range(2024, 2031)), w.t("col_met")]
    title = "萧山区“腾笼换鸟”2024—2030年" if lang == "zh" else "Xiaoshan renewal 2024–2030"
    item = w.t("row_target_varies", item=w.t("item_contiguous"))
    seven = [header, [title, item, *["✓ 10,099"] * 7, "7/7"]]
    for table in (seven, rows):
        head = fit(table, **TARGETS_TABLE).rows[0]
        # 达标年数 is one word (never 达标年/数); "Years met" may break at its space
        assert head[-1].split() == table[0][-1].split(), head[-1]


def test_a_one_year_comparison_table_says_its_year_once(one_year_runs):
    table, p = landsim.analysis.compare.indicators(one_year_runs)
    for lang in ("zh", "en"):
        shown = readable(table, p, one_year_runs, Words(lang))
        for column in shown.columns:
            assert "2024–2024" not in column and "2024—2024" not in column, column

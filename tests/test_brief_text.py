"""Words of the briefs: relocation, jobs, risks, wrapping, axis numbers."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest
from matplotlib import pyplot as plt

import landsim
from landsim.plots.common import thousands
from landsim.plots.labels import Words
from landsim.plots.text import NO_LINE_END, NO_LINE_START, width_of, wrap
from landsim.report.answers import answer_lines
from landsim.report.economy_sentences import relocation_sentence
from landsim.report.headline import headline
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def res():
    return landsim.run(ROOT / "scenarios" / "xiaoshan_2024.yaml")


def _without_relocation(res):
    """The run's tables without the relocation variables, as a run that moves no firm."""
    long = res.long[~res.long["variable"].str.contains("relocat")]
    return landsim.Results(res.scenario, long, res.parcels, res.shortfalls, res.projects)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_relocation_is_said_with_and_without_the_firms_that_moved(res, lang):
    w = Words(lang)
    assert relocation_sentence(w, headline(_without_relocation(res))) is None
    line = relocation_sentence(w, headline(res))  # the shipped run moves firms
    end = res.scenario.horizon.end
    table = res.table("output|difference|excluding_relocation")["district"]
    digits = 1 if lang == "zh" else 2  # 0.1 亿元 = CNY 0.01 bn: the same precision
    assert f"{abs(table[end]) / w.money_divisor:,.{digits}f}" in line
    relocated = res.table("output|programme|relocated")["district"][end]
    assert relocated > 0 and f"{relocated / w.money_divisor:,.{digits}f}" in line
    assert line in answer_lines(w, headline(res), 1.5)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_relocation_line_follows_the_output_it_divides_with_draws(res, lang):
    """With draws, "其中区内搬迁企业…" came after the draws' range line: "其中" then
    referred to the range, not to the output gained."""
    import dataclasses

    h = dataclasses.replace(headline(res), draws=100, output_range=(1.0e6, 2.0e6))
    lines = answer_lines(Words(lang), h, 1.5)
    relocation = relocation_sentence(Words(lang), h)
    at = lines.index(relocation)
    assert lines[at - 1].startswith(("2030年产值", "Output 2030"))
    assert lines[at + 1].startswith(("100次抽样", "100 draws"))


def test_jobs_give_the_dip_and_the_long_run_once_each(res):
    jobs = res.table("jobs|difference")["district"]
    jobs = jobs[jobs.index >= res.scenario.horizon.start]
    line = next(x for x in answer_lines(Words("zh"), headline(res), 1.5) if x.startswith("就业"))
    last, dip_year = jobs.index[-1], jobs.idxmin()
    if dip_year == last and jobs[last] < 0:
        assert "期末仍在减少" in line and line.count(f"{abs(jobs[last]):,.0f}") == 1
        return
    assert "期末仍在减少" not in line
    # the long run is the last simulated year (run-out years included), said once
    assert f"{last}年" in line and line.count(f"{abs(jobs[last]):,.0f}") == 1
    if jobs.min() < 0:
        assert f"{dip_year}年" in line and f"{abs(jobs.min()):,.0f}" in line


def test_no_risk_line_ends_with_an_empty_cause(res):
    for lang in ("zh", "en"):
        for line in answer_lines(Words(lang), headline(res), 1.5):
            assert "：；" not in line and ": ;" not in line and not line.endswith(("：", ": "))


def test_a_scattered_contiguous_target_says_how_much_was_vacated_and_in_blocks(res):
    from landsim.report.sentences import risk_sentences

    h = headline(res)
    assert h.failures[0].item == "contiguous" and h.failures[0].cause == "scattered"
    vacated, blocks = h.get("area|vacated"), h.get("area|contiguous")
    zh, en = (risk_sentences(Words(lang), h, 1.5)[0] for lang in ("zh", "en"))
    assert f"规划期内腾退{vacated:,.0f}亩，其中位于100亩及以上连片区块的仅{blocks:,.0f}亩" in zh
    assert en.startswith("Main risk: contiguous")  # lower case inside the sentence
    assert f"of {vacated:,.0f} mu vacated in the programme years, {blocks:,.0f} mu" in en


def test_wrap_keeps_quotes_numbers_and_units_together():
    text = "萧山区“腾笼换鸟”2024—2030年：政府累计净支出94.4亿元（2024—2030年）"
    for width in range(12, 40):
        lines = wrap(text, width).splitlines()
        assert "".join(lines) == text
        for line in lines[1:]:
            assert line[0] not in NO_LINE_START, (width, line)
        for line in lines[:-1]:
            assert line[-1] not in NO_LINE_END, (width, line)
        assert all("94.4亿元" in x for x in lines if "94.4" in x)
    assert width_of("“腾笼换鸟”") == 12  # curly quotes are full-width in Chinese fonts
    assert width_of("目标≥1.5") == 4 + 2 + 3  # so is ≥ (it pushed a row past its cell)


@pytest.mark.parametrize(
    "text",
    [
        "湘湖·萧滨合作区·江南科技城",  # a map label: no line starts with "·江南科技城"
        "湘湖・萧滨合作区‧江南科技城･瓜沥镇",  # the other interpuncts
        "见【附表一】与〈说明〉「腾笼换鸟」『亩均论英雄』……——以及〔2024〕〖甲〗",
    ],
)
def test_wrap_keeps_interpuncts_closing_brackets_dashes_and_ellipses_off_line_starts(text):
    for width in range(6, 40):
        lines = wrap(text, width).splitlines()
        assert "".join(lines) == text
        for line in lines[1:]:
            assert line[0] not in "·・‧･】〉」』〕〗……——", (width, line)
        for line in lines[:-1]:
            assert line[-1] not in "【〈「『〔〖", (width, line)


def test_axis_numbers_use_a_true_minus_and_the_decimals_they_need():
    fig, ax = plt.subplots()
    ax.set_ylim(-2, 1)
    ax.set_yticks([-1.5, -1.0, -0.5, 0.0, 0.5])
    thousands(ax)
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["−1.5", "−1.0", "−0.5", "0.0", "0.5"]
    ax.set_yticks([-20000, 0, 20000])
    fig.canvas.draw()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["−20,000", "0", "20,000"]
    plt.close(fig)


def test_platform_growth_row_shows_the_ratio_against_the_goal(res):
    from landsim.report.cells import targets_table

    h = headline(res)
    row = next(r for r in h.targets if r.item == "platform_growth")
    goal = res.scenario.targets.platform_growth_ratio
    indicators = res.scenario.targets.platform_growth_indicators
    ratios = {q: res.table(f"growth_yoy_ratio|{q}")["district"] for q in indicators}
    for y, achieved, target, met in zip(row.years, row.achieved, row.target, row.met, strict=True):
        # the lowest indicator's growth ratio, against the goal itself (not a share of it)
        assert achieved == pytest.approx(min(r[y] for r in ratios.values()))
        assert target == goal and met == (achieved >= goal - 1e-9)
    cells = next(r for r in targets_table(Words("zh"), h, goal) if r[0].startswith("平台与全区"))
    assert cells[0] == f"平台与全区增速之比（目标≥{goal:g}）"
    assert cells[1] == f"{'✓' if row.met[0] else '✗'} {row.achieved[0]:.2f}"


def test_a_year_without_a_growth_ratio_is_a_dash_not_zero(res):
    """A district that shrinks has no ratio: the year is missed, shown as —, not as 0.00."""
    from landsim.report.cells import targets_table
    from landsim.report.sentences import failure_text

    first = res.scenario.horizon.years[0]
    long = res.long.copy()
    share = (long["variable"] == "target_share|platform_growth") & (long["year"] == first)
    long.loc[share, "value"] = float("nan")
    shrunk = landsim.Results(res.scenario, long, res.parcels, res.shortfalls, res.projects)
    goal = res.scenario.targets.platform_growth_ratio
    h = headline(shrunk)
    row = next(r for r in h.targets if r.item == "platform_growth")
    assert row.achieved[0] != row.achieved[0] and not row.met[0] and first in row.missed_years
    for lang in ("zh", "en"):
        cells = next(r for r in targets_table(Words(lang), h, goal) if "1.5" in r[0])
        assert cells[1] == "✗ —"
    failure = next(f for f in h.failures if f.item == "platform_growth")
    measured = [a for a, m in zip(row.achieved, row.met, strict=True) if not m and a == a]
    assert failure.measured == len(measured)
    if measured:  # the average share counts only years that have a ratio
        text = failure_text(Words("en"), failure, goal)
        assert f"on average {sum(measured) / len(measured) / goal:.0%} of the goal" in text


def test_money_rounding_to_zero_has_no_sign_and_english_keeps_the_precision():
    from landsim.report.cells import _fmt
    from landsim.report.sentences import money

    assert _fmt(Words("en"), -10.0, "money", sign=True) == "0.00"  # not "−0.0"
    assert _fmt(Words("zh"), -10.0, "money", sign=True) == "0.0"
    assert _fmt(Words("zh"), -2_000.0, "money", sign=True) == "−0.2"
    # 3,400 万元 is 0.34 亿元 and CNY 0.034 bn: both shown to the same 0.1 亿元
    assert money(Words("zh"), 3_400.0) == "0.3" and money(Words("en"), 3_400.0) == "0.03"


def test_monte_carlo_lines_write_numbers_next_to_chinese_as_the_others_do():
    import re

    from tests.conftest import FIXTURES

    scenario = FIXTURES / "hand" / "scenario.yaml"
    mc = landsim.run(scenario, draws=20)
    lines = [x for x in answer_lines(Words("zh"), headline(mc), 1.5) if "次抽样" in x]
    assert len(lines) >= 1
    for line in lines:  # "20次抽样", "可能区间为…亿元": no space between a number and Chinese
        assert re.search(r"[\u4e00-\u9fff] [0-9]|[0-9%] [\u4e00-\u9fff]", line) is None, line


def _zh_labels() -> dict[str, str]:
    """Every fixed Chinese label a user reads: the catalogue, comparison notes, sheet headers."""
    from landsim.plots.labels import BRIEF, CAUSES, INDICATORS, TEXT
    from landsim.report.compare_notes import NOTES
    from landsim.report.headers import ZH, ZH_IN_TABLE, ZH_SHEETS

    tables = {"TEXT": TEXT, "BRIEF": BRIEF, "INDICATORS": INDICATORS, "CAUSES": CAUSES}
    tables["NOTES"] = NOTES
    out = {
        f"{name}:{key}": pair[0] for name, table in tables.items() for key, pair in table.items()
    }
    out.update({f"ZH:{key}": text for key, text in ZH.items()})
    out.update({f"ZH_IN_TABLE:{key}": text for key, text in ZH_IN_TABLE.items()})
    out.update({f"ZH_SHEETS:{key}": text for key, text in ZH_SHEETS.items()})
    from landsim.accounting.variables import VARIABLES  # charts' and the workbook's names
    from landsim.analysis.history_notes import NOTES as HISTORY_NOTES  # back-test, calibration
    from landsim.cli.backtest_console import BACKTEST  # the back-test console's words
    from landsim.cli.calibrate_console import CALIBRATE  # the calibration console's words
    from landsim.cli.console import WROTE  # every command's last line
    from landsim.cli.progress import WORDS as PROGRESS  # progress lines
    from landsim.cli.run_console import RUN  # the run console's words
    from landsim.cli.sweep_console import SWEEP  # the sweep console's words
    from landsim.plots.parameters import FIELDS, SENSITIVITY  # sensitivity's words

    out.update({f"VARIABLES:{v.name}": v.zh for v in VARIABLES})
    more = (("FIELDS", FIELDS), ("SENSITIVITY", SENSITIVITY), ("RUN", RUN), ("SWEEP", SWEEP))
    more += (("HISTORY_NOTES", HISTORY_NOTES), ("BACKTEST", BACKTEST), ("CALIBRATE", CALIBRATE))
    more += (("PROGRESS", PROGRESS),)
    for name, table in (*more, ("CONSOLE", {"wrote": WROTE})):
        out.update({f"{name}:{key}": pair[0] for key, pair in table.items()})
    return out


#: CJK characters and full-width punctuation.
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
#: Labels that keep a space next to Chinese on purpose: the ✓/✗ legend reads as the
#: table's cells ("✓ 10,099"); console lines keep commands, flags and folders apart, to
#: be read and copied as typed ("请增大 --samples").
SPACED_ON_PURPOSE = {
    "BRIEF:targets_table",
    "BRIEF:targets_table_central",
    "BRIEF:compare_targets_table",
    "SENSITIVITY:oat_central",
    "SENSITIVITY:sobol_noise",
    "SENSITIVITY:wrote",
    "RUN:title",
    "RUN:title_central",
    "CONSOLE:wrote",
    "RUN:no_xlsx",
}


def test_chinese_labels_have_full_width_punctuation_and_no_spaces():
    import re

    half_width = re.compile(rf"[{_CJK}][,:;()!?]|[,:;()!?][{_CJK}]")
    spaced = re.compile(rf"[{_CJK}] +\S|\S +[{_CJK}]")
    bad = []
    for key, text in _zh_labels().items():
        filled = re.sub(r"\{[^{}]*\}", "0", text)  # a value as printed: "{n:,}次" → "0次"
        if half_width.search(filled) or (key not in SPACED_ON_PURPOSE and spaced.search(filled)):
            bad.append(f"{key}: {text!r}")
    assert bad == []


def test_the_contiguous_target_has_the_policys_one_name_in_chinese():
    """连片腾换产业空间 (the 2024 programme's words), never 连片腾退 beside it."""
    from landsim.plots.labels import t

    name = t("item_contiguous", "zh")
    assert name == "连片腾换产业空间"
    assert [k for k, text in _zh_labels().items() if "连片腾退" in text] == []
    for key in (
        "contiguous_title",  # chart titles
        "fan_contiguous_title",
        "compare_targets_title",
        "target_contiguous",  # legends
        "sweep_contiguous",  # heat maps
        "years_met|contiguous",  # key figures of a comparison, beside the targets table
        "area|contiguous",
        "prob_line",
    ):
        assert name in t(key, "zh", n=7, cont="0%", rev="0%"), key


def test_chinese_sentences_name_each_thing_one_way_with_its_unit(res):
    """Per-mu figures carry 万元/亩 each; titles say 未达标 as the table does; refusals are
    权利人不同意 in the seed note as in the causes."""
    import re

    from landsim.plots.labels import cause, t

    per_mu = [x for x in answer_lines(Words("zh"), headline(res), 1.5) if x.startswith("亩均")]
    assert len(per_mu) == 2
    for line in per_mu:  # "…2030年22.0万元/亩（基准情景20.3万元/亩）"
        assert re.findall(r"\d+\.\d+(?![\d.]|万元/亩)", line) == [], line
    titles = ("title_short_from", "title_short_some", "title_short_all")
    assert all("未达标" in t(k, "zh", item="", year=2026, years="", n=5, cause="") for k in titles)
    assert cause("refusals", "zh") in t("compare_seeds", "zh", seeds="1、2")


def test_a_later_phase_of_a_project_is_named_in_full_width_brackets():
    from types import SimpleNamespace

    from landsim.plots.common import name_of
    from landsim.scenario import load_scenario

    run = SimpleNamespace(scenario=load_scenario(ROOT / "scenarios" / "xiaoshan_2024.yaml"))
    project = next(iter(run.scenario.major_projects.values()))
    assert name_of(run, "project:hesheng#2", "zh") == project.name.get("zh") + "（第2期）"
    assert name_of(run, "project:hesheng#2", "en") == project.name.get("en") + " (phase 2)"
    assert name_of(run, "project:hesheng", "zh") == project.name.get("zh")


def test_a_chinese_brief_says_why_a_phase_was_not_placed_in_chinese():
    """It said "原因见项目表", and the project table's reason is English."""
    from landsim.report.sentences import _project_failed

    zh, en = Words("zh"), Words("en")
    reason, reason_zh = "no vacate candidates in b", "b没有腾退候选地块"
    assert _project_failed(zh, "大", reason, reason_zh) == "大（未落地：b没有腾退候选地块）"
    assert _project_failed(en, "Big", reason, reason_zh) == f"Big (not placed: {reason})"
    # a run folder written before reason_zh: the table, as before
    assert _project_failed(zh, "大", reason, None) == "大（未落地，原因见项目表）"
    assert _project_failed(zh, "大", reason, float("nan")) == "大（未落地，原因见项目表）"


def _money_sums(h, comp, sub, land):
    """*h* with these money sums over the run (万元) and their net."""
    import dataclasses

    money = {"compensation": comp, "subsidy": sub, "land_revenue": land}
    values = {**h.values, **{f"money|{k}": v for k, v in money.items()}}
    values["money|net"] = land - comp - sub
    return dataclasses.replace(h, values=values)


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("zh", ["−443.3", "−17.7", "+50.7", "−410.4"]),
        ("en", ["−44.33", "−1.77", "+5.07", "−41.04"]),
    ],
)
def test_a_money_table_whose_rounded_parts_miss_the_total_says_so_below_it(res, lang, shown):
    from landsim.plots.common import style_for
    from landsim.report.brief import page_one
    from landsim.report.cells import money_note, money_table
    from tests.plot_helpers import overlapping_texts, texts

    # 443.34 + 17.74 − 50.70 = 410.38 亿元: the parts round to −410.3, the net to −410.4
    h = _money_sums(headline(res), 4_433_400.0, 177_400.0, 507_000.0)
    w = Words(lang)
    table = money_table(w, h)
    assert table[1] == shown  # the numbers are not fudged to add up
    note = money_note(w, table)
    assert note == w.t("rounding_note")
    assert note.startswith("注：因四舍五入" if lang == "zh" else "Note: parts may not add up")
    st = style_for(res, lang)
    with plt.rc_context(st.rc()):
        page = page_one(res, st, h)
        assert note in texts(page) and overlapping_texts(page) == []
        plt.close(page)
    # parts that add up to the shown total get no note
    exact = money_table(w, _money_sums(h, 4_433_000.0, 177_000.0, 507_000.0))
    assert money_note(w, exact) is None


def test_a_long_reason_is_cut_at_a_word_with_an_ellipsis_not_mid_word():
    """The English brief cut a reason at 80 characters: "…reaches 100 mu; the l)"."""
    from landsim.report.sentences import _project_failed

    reason = "no vacate candidates left in b: the largest block reaches 100 mu; the largest needed"
    line = _project_failed(Words("en"), "Big", reason)
    shown = line.removeprefix("Big (not placed: ").removesuffix("…)")
    assert line.endswith("…)") and reason.startswith(shown) and reason[len(shown)] == " "
    zh = "甲平台没有面积达到800亩的连片可处置地块，最大的一片为323亩；" * 3
    line = _project_failed(Words("zh"), "大", reason, zh)
    shown = line.removeprefix("大（未落地：").removesuffix("…）")
    assert line.endswith("…）") and zh.startswith(shown) and zh[len(shown)] in "，；"


def _row(years, met, cause=""):
    """A contiguous target over *years*, met where *met* says (2,000 mu a year)."""
    from landsim.report.headline import TargetRow

    achieved = tuple(2100.0 if m else 100.0 for m in met)
    return TargetRow(
        "contiguous", tuple(years), achieved, (2000.0,) * len(years), tuple(met), cause
    )


#: A target over one year, met and missed: sentences and chart titles name the year.
ONE_YEAR = {
    "zh": (
        "连片腾换产业空间2024年达标",
        "连片腾换产业空间2024年未达标",
        "连片腾换产业空间：2024年达标",
        "连片腾换产业空间2024年未达标：腾退地块分散，未能成片",
    ),
    "en": (
        "Contiguous vacating: met in 2024",
        "Contiguous vacating: missed in 2024",
        "Contiguous vacating: met in 2024",
        "Contiguous vacating missed in 2024: land vacated is scattered, not in contiguous blocks",
    ),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_target_over_one_year_names_the_year_not_1_of_1(lang):
    # a one-year horizon said 连片腾换产业空间1年中1年达标 / "met every year"
    from landsim.report.sentences import finding_title, target_sentence

    w = Words(lang)
    met, missed = _row([2024], [True]), _row([2024], [False], "scattered")
    said = (
        target_sentence(w, met, 1.5),
        target_sentence(w, missed, 1.5),
        finding_title(w, met, 1.5),
        finding_title(w, missed, 1.5),
    )
    assert said == ONE_YEAR[lang]
    for text in said:
        assert "年中" not in text and "1 of 1" not in text and "every year" not in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_one_year_missed_of_many_is_named_and_two_or_more_keep_their_words(lang):
    from landsim.report.sentences import finding_title, target_sentence

    w = Words(lang)
    years = range(2024, 2031)
    one = _row(years, [y != 2026 for y in years], "scattered")  # "missed in 1 years"
    two = _row(years, [y not in (2025, 2027) for y in years], "scattered")
    tail = _row(years, [y < 2029 for y in years], "scattered")
    cause = (
        "腾退地块分散，未能成片"
        if lang == "zh"
        else "land vacated is scattered, not in contiguous blocks"
    )
    if lang == "zh":
        expected = (
            f"连片腾换产业空间2026年未达标：{cause}",
            f"连片腾换产业空间有2年未达标：{cause}",
            "连片腾换产业空间7年中5年达标，2029—2030年未达标",
            "连片腾换产业空间各年均达标",
        )
    else:
        expected = (
            f"Contiguous vacating missed in 2026: {cause}",
            f"Contiguous vacating missed in 2 years: {cause}",
            "Contiguous vacating: met in 5 of 7 years, missed in 2029–2030",
            "Contiguous vacating: met every year",
        )
    said = (
        finding_title(w, one, 1.5),
        finding_title(w, two, 1.5),
        target_sentence(w, tail, 1.5),
        target_sentence(w, _row(years, [True] * 7), 1.5),
    )
    assert said == expected

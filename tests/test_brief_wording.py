"""Words of a run's brief that a district leader could misread (a senior writer's review)."""

from __future__ import annotations

import dataclasses

import pytest

import landsim
from landsim.plots.labels import Words
from landsim.report.answers import answer_lines
from landsim.report.economy_sentences import jobs_sentence, relocation_sentence
from landsim.report.headline import TargetRow, header_notes, headline
from landsim.report.sentences import finding_title, risk_sentences, target_sentence, year_runs
from tests.conftest import ROOT

YEARS = tuple(range(2024, 2031))


@pytest.fixture(scope="module")
def res():
    return landsim.run(ROOT / "scenarios" / "xiaoshan_2024.yaml")


@pytest.fixture(scope="module")
def clusters():
    return landsim.run(ROOT / "scenarios" / "contiguity_first.yaml")


def _growth(met: tuple[bool, ...]) -> TargetRow:
    achieved = tuple(1.6 if m else 1.2 for m in met)
    return TargetRow("platform_growth", YEARS, achieved, (1.5,) * 7, met, "growth_gap")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_target_missed_every_year_names_the_years_not_7_years_on_average(lang):
    # "连片腾换产业空间7年均未达标" read as 7年年均 (a seven-year average)
    row = TargetRow("contiguous", YEARS, (100.0,) * 7, (2000.0,) * 7, (False,) * 7, "scattered")
    title = finding_title(Words(lang), row, 1.5)
    span = year_runs(YEARS, lang)
    if lang == "zh":
        assert title.startswith(f"连片腾换产业空间{span}各年均未达标：") and "7年均" not in title
    else:
        assert title.startswith(f"Contiguous vacating missed every year, {span}: ")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_monte_carlo_targets_say_central_values_and_the_draws_chance(lang):
    w = Words(lang)
    row = _growth((True, True, False, False, False, False, False))
    chances = (1.0, 0.47, 0.0, 0.01, 0.0, 0.0, 0.0)
    line = target_sentence(w, row, 1.5, chances)
    if lang == "zh":  # the central run's ✓ in 2025 is met by 47 % of draws only
        assert "中心值情景下7年中2年达标" in line and line.endswith("（2025年达标概率47%）")
    else:
        assert "at central values: met in 2 of 7" in line and "47% of draws in 2025" in line
    # every year as most draws say: the chance every year, or its range
    same = target_sentence(w, _growth((False,) * 7), 1.5, (0.0,) * 7)
    assert same.endswith(
        "（各年达标概率均为0%）" if lang == "zh" else "(met in 0% of draws every year)"
    )
    spread = target_sentence(w, _growth((True,) * 7), 1.5, (0.9, 1.0, 1.0, 0.95, 1, 1, 1))
    assert ("90%～100%" if lang == "zh" else "90% to 100%") in spread
    # one run: no chance, no central values
    assert "中心值" not in target_sentence(w, row, 1.5) and "central" not in target_sentence(
        w, row, 1.5
    )


def test_a_monte_carlo_brief_marks_its_table_and_figures_as_central_values(res):
    from landsim.report.cells import targets_title

    one = headline(res)
    mc = dataclasses.replace(one, draws=100, probabilities={"platform_growth": (0.47,) * 7})
    zh = Words("zh")
    assert targets_title(zh, one) == "年度目标完成情况（✓ 达标，✗ 未达标）"
    assert targets_title(zh, mc) == "年度目标完成情况（中心值情景；✓ 达标，✗ 未达标）"
    assert "central_note" in header_notes(mc) and "central_note" not in header_notes(one)
    lines = answer_lines(zh, mc, 1.5)
    growth = next(x for x in lines if x.startswith("平台增速目标"))
    assert "中心值情景下" in growth and "达标概率47%" in growth


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_jobs_dip_gives_the_reason_the_land_tables_give(res, lang):
    """New industries already employ people and most freed land waits: not 新项目尚未投产."""
    w = Words(lang)
    h = headline(res)
    dip_year = int(h.get("jobs|dip_year"))
    table = lambda v: res.table(v)["district"][dip_year]  # noqa: E731
    stocks = ("land|preparing", "land|reserve", "land|construction", "land|new_production")
    share = table("land|new_production") / sum(table(v) for v in stocks)
    assert h.get("jobs|new|dip") > 0 and share < 0.5
    line = jobs_sentence(w, h)
    if lang == "zh":
        assert f"（腾退企业已停产，腾出的土地仅{share:.0%}已投产）" in line
        assert "新项目尚未投产" not in line
    else:
        assert f"only {share:.0%} of the land freed is in production" in line
    # nothing new employs anyone yet: firms vacated before new ones produce
    none = dataclasses.replace(h, values={**h.values, "jobs|new|dip": 0.0})
    assert w.t("dip_nothing_new") in jobs_sentence(w, none)


def test_a_phase_that_did_not_go_ahead_is_said_as_this_scenarios_assumption():
    from landsim.report.sentences import _project_failed

    reason = "did not go ahead (probability 25%)"
    zh = _project_failed(Words("zh"), "合盛项目第2期", reason)
    assert zh == "合盛项目第2期本情景按未落地测算（落地概率25%）" and "未实施" not in zh
    en = _project_failed(Words("en"), "Hesheng, phase 2", reason)
    assert en == "Hesheng, phase 2 (not landed in this scenario; probability 25%)"


def test_the_main_risk_is_the_largest_shortfall_against_its_target(clusters):
    """Platform growth missed 4 years by ~20 % each came before contiguous blocks running
    out (86 % and 94 % short) and revitalization's candidates running out (36 % short)."""
    h = headline(clusters)
    items = [f.item for f in h.failures if f.kind == "target"]
    assert items[0] == "contiguous" and set(items) == {
        "contiguous",
        "platform_growth",
        "revitalized",
    }
    shares = [f.share for f in h.failures if f.kind == "target"]
    assert shares == sorted(shares, reverse=True)
    risk = risk_sentences(Words("zh"), h, 1.5)
    assert risk[0].startswith("主要风险：连片腾换产业空间") and "盘活低效用地" in risk[1]


def test_a_target_whose_candidates_ran_out_weighs_its_shortfall_not_its_years():
    # revitalization 36 % short in one year (candidates ran out) against growth 5 % short
    # in each of four years: by years missed, growth came first
    revitalized = TargetRow(
        "revitalized", YEARS, (10_000.0,) * 6 + (6_400.0,), (10_000.0,) * 7,
        (True,) * 6 + (False,), "no_candidates",
    )  # fmt: skip
    growth = TargetRow(
        "platform_growth", YEARS, (1.6,) * 3 + (1.425,) * 4, (1.5,) * 7,
        (True,) * 3 + (False,) * 4, "growth_gap",
    )  # fmt: skip
    assert revitalized.gap_share == pytest.approx(0.36)
    assert growth.gap_share == pytest.approx(0.2)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_relocation_figures_that_miss_their_total_by_rounding_say_so(res, lang):
    w = Words(lang)
    h = headline(res)
    shown = [round(abs(h.get(k))) for k in ("jobs|difference", "jobs|relocated")]
    without = round(abs(h.get("jobs|difference|excluding_relocation")))
    assert sum(shown) != without  # 34,080 + 4,363 beside 38,442: the numbers stay
    assert relocation_sentence(w, h).endswith(w.t("rounding_inline"))
    exact = {**h.values}
    for q, digits in (("jobs", 0), ("output", -2)):
        total, part = (round(h.get(f"{q}|{k}"), digits) for k in ("difference", "relocated"))
        exact |= {f"{q}|difference": total, f"{q}|relocated": part}
        exact[f"{q}|difference|excluding_relocation"] = total - part
    assert not relocation_sentence(w, dataclasses.replace(h, values=exact)).endswith(
        w.t("rounding_inline")
    )


def test_the_key_figures_base_year_column_is_today_not_a_second_base(res):
    from landsim.report.cells import figures_table

    h = headline(res)
    zh, en = (figures_table(Words(lang), h)[0][1] for lang in ("zh", "en"))
    assert zh == f"{h.base_year}年（现状）" and "基" not in zh
    assert en == f"{h.base_year} (current)"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_scattered_risk_says_the_blocks_threshold_from_the_scenario(res, lang):
    h = headline(res)
    blocks = f"{h.get('area|contiguous'):,.0f}"
    for mu in (100, 250):
        h = dataclasses.replace(h, values={**h.values, "contiguity|min_mu": float(mu)})
        line = risk_sentences(Words(lang), h, 1.5)[0]
        if lang == "zh":
            assert f"其中位于{mu}亩及以上连片区块的仅{blocks}亩" in line
        else:
            assert f"{blocks} mu lie in blocks of ≥ {mu} mu" in line
    assert headline(res).get("contiguity|min_mu") == res.scenario.contiguity.min_cluster_mu


def test_shortfall_details_say_none_in_blocks_and_less_than_a_tenth(res):
    from landsim.engine.details import detail, tenths

    sf = res.shortfalls
    scattered = sf[(sf["cause"] == "scattered") & (sf["achieved"] == 0)]
    assert len(scattered) > 0
    assert scattered["detail_zh"].str.contains("无一位于100亩及以上连片区块").all()
    assert not sf["detail_zh"].str.contains("仅0亩").any()
    assert scattered["detail"].str.contains("none in clusters of ≥ 100 mu").all()
    little = detail("granularity", left=tenths(0.02), smallest="1.1")
    assert little.zh == "剩余指标不足0.1亩，剩余候选地块最小为1.1亩"
    assert little.en.startswith("less than 0.1 mu left")
    assert detail("granularity", left=tenths(0.4), smallest="1.1").zh.startswith("剩余指标0.4亩")
    assert not sf["detail_zh"].str.contains("剩余指标0.0亩").any()

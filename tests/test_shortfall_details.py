"""A shortfall's detail in both languages: every cause says it in Chinese too."""

from __future__ import annotations

import re
import string

import numpy as np
import pytest

from landsim.engine.constraints import Capacity
from landsim.engine.shortfalls import diagnose, diagnose_platform
from landsim.plots.labels import t
from landsim.runs import run
from landsim.scenario import load_scenario
from tests.conftest import FIXTURES

# four parcels: area (mu), platform, cost (万元)
AREA = np.array([10.0, 8.0, 20.0, 5.0])
PLATFORM = np.array([0, 0, 1, 1])
COST = np.array([100.0, 50.0, 300.0, 40.0])
NONE = np.array([], dtype=np.int64)
FREE = np.array([np.inf, np.inf])


def chinese(text: str) -> bool:
    """Whether *text* is written as Chinese: Chinese characters, full-width punctuation,
    no spaces; digit groups (3,577), signs and percentages as in numbers."""
    numbers = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    return bool(re.search(r"[\u4e00-\u9fff]", text)) and not re.search(r"[ (),;:]", numbers)


def _district(left, refused, quota, caps=FREE, budget=np.inf, clusters=False):
    cap = Capacity(quota, caps, budget)
    return diagnose(
        np.asarray(left, dtype=np.int64),
        np.asarray(refused, dtype=np.int64),
        cap,
        AREA,
        PLATFORM,
        COST,
        contiguity_only=clusters,
    )


def _platform(left, quota, cap_left, budget=np.inf):
    cap = Capacity(quota, FREE, budget)
    return diagnose_platform(np.asarray(left, dtype=np.int64), cap, AREA, COST, cap_left)


CASES = {
    "none left": (
        lambda: _district(NONE, NONE, 30.0),
        "no_candidates",
        "no candidates of this treatment are left",
        "已无本类处置的候选地块",
    ),
    # 8 of the 30 mu missing were refused: had the owner agreed, 22 would still be missing
    "few refused": (
        lambda: _district(NONE, [1], 30.0),
        "no_candidates",
        "no candidates left; 1 owner (8 mu) refused this year: 27% of the 30 mu missing",
        "已无候选地块；本年1位权利人不同意（8亩），仅占所缺30亩的27%",
    ),
    "refused": (
        lambda: _district(NONE, [0, 1], 30.0),
        "refusals",
        "no other candidates left; 2 owners (18 mu) refused this year",
        "已无其他候选地块；本年2位权利人不同意（18亩）",
    ),
    "no cluster": (
        lambda: _district([0], NONE, 30.0, clusters=True),
        "no_cluster",
        "the candidates left are not in clusters of the minimum size",
        "剩余候选地块未形成达到最小面积的连片区块",
    ),
    "budget": (
        lambda: _district([0, 1], NONE, 30.0, budget=40.0),
        "budget",
        "40 万元 left; the cheapest candidate that fits costs 50 万元",
        "剩余资金40万元，面积符合剩余指标的候选地块最低需50万元",
    ),
    "platform caps": (
        lambda: _district([0, 1], NONE, 30.0, caps=np.array([0.0, np.inf])),
        "platform_quota",
        "the candidates left are in platforms whose caps are used up",
        "剩余候选地块所在平台的指标已用完",
    ),
    "granularity": (
        lambda: _district([2], NONE, 12.5),
        "granularity",
        "12.5 mu left; the smallest candidate left has 20.0 mu",
        "剩余指标12.5亩，剩余候选地块最小为20.0亩",
    ),
    "platform: none left": (
        lambda: _platform(NONE, 30.0, 15.0),
        "no_candidates",
        "no candidates of this treatment are left in the platform",
        "平台内已无本类处置的候选地块",
    ),
    "platform: district quota": (
        lambda: _platform([2], 5.0, 30.0),
        "district_quota",
        "the district quota ran out first",
        "全区指标已先用完",
    ),
    "platform: budget": (
        lambda: _platform([0], 30.0, 15.0, budget=60.0),
        "budget",
        "60 万元 left",
        "剩余资金60万元",
    ),
    "platform: granularity": (
        lambda: _platform([2], 30.0, 15.0),
        "granularity",
        "15.0 mu left; the smallest candidate left has 20.0 mu",
        "剩余指标15.0亩，剩余候选地块最小为20.0亩",
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_every_cause_of_a_quota_shortfall_has_its_detail_in_chinese(case):
    call, cause, en, zh = CASES[case]
    got, detail = call()
    assert (got, detail.en, detail.zh) == (cause, en, zh)  # the English as it always was
    assert chinese(detail.zh)


def test_the_causes_of_missed_targets_have_their_detail_in_chinese():
    # quotas of 10 mu each: below both targets; the district's output does not grow at
    # first (no growth ratio), then the platforms grow as much as the district (× 1.00)
    quotas = {"vacate_mu": 10, "upgrade_mu": 10, "reactivate_mu": 10}
    res = run(load_scenario(FIXTURES / "hand" / "scenario.yaml", overrides={"quotas": quotas}))
    rows = res.shortfalls[res.shortfalls["year"].isin([2024, 2027])]
    rows = rows[rows["kind"] == "target"].set_index(["year", "item"])
    assert rows.loc[(2024, "contiguous"), "detail_zh"] == "腾退指标（10亩）低于目标"
    assert rows.loc[(2024, "revitalized"), "detail_zh"] == "各项指标合计30亩，低于目标"
    assert rows.loc[(2024, "platform_growth"), "cause"] == "no_district_growth"
    assert rows.loc[(2024, "platform_growth"), "detail_zh"].startswith(
        "产值：平台-3.3%，全区-3.3%（全区未增长，无法计算倍数）；税收："
    )
    assert rows.loc[(2027, "platform_growth"), "cause"] == "growth_gap"
    assert rows.loc[(2027, "platform_growth"), "detail_zh"].startswith(
        "产值：平台+18.1%，全区+18.1%（为全区的1.00倍）；税收："
    )
    assert all(chinese(text) for text in res.shortfalls["detail_zh"])
    assert list(res.shortfalls.columns)[-2:] == ["detail", "detail_zh"]


def test_every_detail_text_is_written_in_both_languages():
    from landsim.engine.details import DETAILS, TREATMENTS

    for code, (zh, en) in DETAILS.items():
        fields = {name for _, name, _, _ in string.Formatter().parse(zh) if name}
        english = {name for _, name, _, _ in string.Formatter().parse(en) if name}
        assert fields == english - {"s"}, code  # "s": the English plural only
        assert not set(zh) & set("(),;: "), code  # full-width punctuation, no spaces
        assert re.search(r"[\u4e00-\u9fff：]", zh), code  # Chinese, or Chinese between parts
    for label, (zh, en) in TREATMENTS.items():
        assert (zh, en) == (t(label, "zh"), label)  # the words of the charts and briefs


def test_a_contiguous_target_missed_after_clusters_first_names_the_blocks_running_out(
    three_runs,
):
    """Clusters first missed the contiguous target once the blocks ran out, and the brief
    said the land vacated was "scattered" (腾退地块分散，未能成片): a wrong strategy, read
    by a leader. The cause is that the candidates left held too few blocks."""
    import landsim

    first = landsim.load_run(three_runs["contiguity_first"]).shortfalls
    missed = first[(first["kind"] == "target") & (first["item"] == "contiguous")]
    assert len(missed) and set(missed["cause"]) == {"no_cluster"}
    row = missed.iloc[0]
    assert row["detail_zh"].startswith("连片优先选择后，剩余候选地块已无足够的100亩及以上连片区块")
    assert chinese(row["detail_zh"]) and "the rest is scattered" in row["detail"]
    worst = landsim.load_run(three_runs["xiaoshan_2024"]).shortfalls
    scattered = worst[(worst["kind"] == "target") & (worst["item"] == "contiguous")]
    assert set(scattered["cause"]) == {"scattered"}  # worst first leaves land scattered
    assert scattered["detail_zh"].str.endswith("（选择策略：低效优先）").all()  # no code in Chinese
    assert scattered["detail"].str.endswith("(strategy: worst_first)").all()  # as it was

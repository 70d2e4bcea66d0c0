"""Engine behaviours on the hand fixture, one override at a time."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from landsim.engine.fill import greedy_fill, longest_prefix
from landsim.runs import run
from landsim.scenario import load_scenario
from tests.conftest import FIXTURES

HAND = FIXTURES / "hand" / "scenario.yaml"


def hand(**overrides):
    return run(load_scenario(HAND, overrides=overrides))


def causes(res, item):
    sf = res.shortfalls
    return dict(
        zip(
            sf.loc[(sf["item"] == item) & (sf["kind"] == "quota"), "year"],
            sf.loc[(sf["item"] == item) & (sf["kind"] == "quota"), "cause"],
            strict=True,
        )
    )


def test_greedy_fill_matches_a_sequential_loop():
    rng = np.random.default_rng(0)
    for _ in range(200):
        m, c = int(rng.integers(1, 60)), int(rng.integers(1, 4))
        w = rng.lognormal(1, 1, (c, m))
        cap = rng.uniform(0.0, 1.2, c) * w.sum(axis=1)
        rem, want = cap.copy(), np.zeros(m, bool)
        for i in range(m):
            if (w[:, i] <= rem + 1e-9).all():
                want[i], rem = True, rem - w[:, i]
        got, left = greedy_fill(w, cap)
        assert (got == want).all() and np.allclose(left, rem)
    assert longest_prefix(np.array([[1.0, 2.0, 3.0]]), np.array([3.5])) == 2


def test_quota_smaller_than_candidates_takes_worst_first():
    res = hand(quotas={"vacate_mu": 19})
    got = res.parcels.loc[res.parcels["year_selected"] == 2024].set_index("parcel_id")["treatment"]
    # worst first by score: unscored P1..? all unrated (no electricity) → by tax per mu:
    # P1 1.0 < P5 1.25 < P2 1.5; P1 (10) + P5 (8) = 18 ≤ 19, P2 (20) does not fit
    assert got.get("P1") == "vacate" and got.get("P5") == "vacate" and "P2" not in got.index
    assert causes(res, "vacate")[2024] == "granularity"


def test_no_candidates_cause():
    res = hand(quotas={"reactivate_mu": 100})
    assert causes(res, "reactivate") == {
        2024: "no_candidates",
        2025: "no_candidates",
        2026: "no_candidates",
        2027: "no_candidates",
    }


def test_budget_cause_and_order():
    # 700 万元: vacating P1 costs 300, P5 240, P2 600; vacate goes first
    res = hand(budget={"yearly": 700, "order": ["vacate", "reactivate", "upgrade"]})
    spent = res.parcels.groupby("year_selected")["cost_wan_yuan"].sum()
    assert (spent <= 700 + 1e-9).all()
    assert causes(res, "vacate")[2024] == "budget"


def test_refusals_cause():
    # every owner refuses; the owners of the 38 mu of vacate candidates could fill a quota
    # of 30 mu, so the refusals are the cause
    res = hand(selection={"refusal_probability": 1.0}, quotas={"vacate_mu": 30})
    assert (res.parcels["treatment"] == "").all()
    assert causes(res, "vacate")[2024] == "refusals"
    assert res.table("area|revitalized")["district"].sum() == 0


def test_refusals_that_explain_little_of_a_gap_are_not_its_cause():
    # a quota of 100 mu against 38 mu of candidates, all refused: had they agreed, 62 mu
    # would still be missing, so candidates ran out; the detail still counts the refusals
    res = hand(selection={"refusal_probability": 1.0})
    sf = res.shortfalls
    row = sf[(sf["item"] == "vacate") & (sf["year"] == 2024) & (sf["kind"] == "quota")].iloc[0]
    assert row["cause"] == "no_candidates"
    assert "3 owners (38 mu) refused this year: 38% of the 100 mu missing" in row["detail"]


def test_carry_over_adds_unmet_quota():
    res = hand(quotas={"vacate_mu": 10, "carry_over": True})
    q = res.table("quota|vacate")["district"]
    # 2024: P1 (10) exactly; 2025: P5 (8) of 10 → 2 carried; 2026: 12, P2 (20) does not
    # fit → 12 carried; 2027: 22, P2 fits
    assert list(q) == [10, 10, 12, 22]
    assert res.table("area|vacated")["district"].tolist() == [10, 8, 0, 20]


def test_platform_cap_cause():
    res = hand(quotas={"by_platform": {"a": {"vacate_mu": 15}}})
    sf = res.shortfalls
    row = sf[(sf["platform"] == "a") & (sf["year"] == 2024) & (sf["item"] == "vacate")]
    assert row["achieved"].iloc[0] == pytest.approx(10) and row["cause"].iloc[0] == "granularity"


def test_land_waits_in_reserve_without_demand():
    res = hand(target_industries={"fresh": {"demand_mu": {2024: 0, 2026: 20}}})
    reserve = res.table("land|reserve")["district"]
    # 43 mu ready in 2025, none wanted. 2026: demand 20, offered in inventory order:
    # P1 (10) taken, P2 (20) does not fit, P3 (5) taken, P5 (8) does not fit → 28 left.
    # 2027: P2 (20) taken; P5 waits.
    assert reserve.loc[2025] == pytest.approx(43)
    assert reserve.loc[2026] == pytest.approx(28)
    assert reserve.loc[2027] == pytest.approx(8)
    p = res.parcels.set_index("parcel_id")
    assert p.at["P2", "year_transfer"] == 2027 and pd.isna(p.at["P5", "year_transfer"])


def test_upgrade_lag_and_construction_lag_shift_output():
    base = hand()
    later = hand(treatments={"upgrade": {"lag_years": 2}}, pipeline={"construction_years": 2})
    out, out2 = (
        base.table("output|programme")["district"],
        later.table("output|programme")["district"],
    )
    assert out2.loc[2025] == pytest.approx(20000)  # no uplift yet, no new production
    assert out2.loc[2026] == pytest.approx(22500)  # uplift from 2024 + 2
    assert out2.loc[2027] == pytest.approx(22500 + 10750)  # production from 2025 + 2 at ramp 0.5
    assert out.loc[2027] > out2.loc[2027]


def test_contiguity_scope_cumulative_joins_earlier_clusters():
    # vacate one parcel a year: P1 (10) in 2024, then P5 and P2 ... with cumulative scope
    # P2 joins P1 in a cluster of 30 ≥ 15 mu
    yearly = hand(quotas={"vacate_mu": 10, "carry_over": True}, contiguity={"scope": "year"})
    cumulative = hand(
        quotas={"vacate_mu": 10, "carry_over": True}, contiguity={"scope": "cumulative"}
    )
    assert yearly.table("area|contiguous")["district"].loc[2027] == 20  # P2 alone ≥ 15
    assert cumulative.table("area|contiguous")["district"].loc[2027] == 20
    p = cumulative.parcels.set_index("parcel_id")
    assert p.at["P1", "cluster_id"] == p.at["P2", "cluster_id"]


def test_clusters_only_reports_no_cluster():
    res = hand(
        selection={"strategy": "clusters", "scattered": False}, contiguity={"min_cluster_mu": 40}
    )
    assert res.table("area|vacated")["district"].sum() == 0
    assert causes(res, "vacate")[2024] == "no_cluster"


def test_random_strategy_is_seeded():
    a = hand(selection={"strategy": "random"}, seed=1)
    b = hand(selection={"strategy": "random"}, seed=1)
    pd.testing.assert_frame_equal(a.parcels, b.parcels)
    # a quota of 12 takes P1 (10) or P5 (8) first, at random; the other follows a year later
    firsts = set()
    for s in range(12):
        p = hand(selection={"strategy": "random"}, quotas={"vacate_mu": 12}, seed=s).parcels
        firsts.add(p.set_index("parcel_id").at["P1", "year_selected"])
    assert firsts == {2024, 2025}


def test_major_project_is_placed_first_in_its_platform():
    res = hand(
        major_projects={
            "big": {
                "name": {"zh": "大", "en": "Big"},
                "platform": "a",
                "area_mu": 25,
                "year": 2025,
                "industry": "fresh",
                "admit": "any",
                "output_per_mu": 900,
            }
        }
    )
    p = res.parcels.set_index("parcel_id")
    # grown breadth first from the worst parcel (idle P3 counts 0) until 25 mu: P3 + P2
    assert set(p.index[p["project"] == "big"]) == {"P2", "P3"}
    assert res.projects["status"].iloc[0] == "placed"
    # its own figures: 25 mu × 900 at ramp 0.5 in 2026
    new = res.table("output|programme|new|project:big")["district"]
    assert new.loc[2026] == pytest.approx(25 * 900 * 0.5)


def test_major_project_failure_says_why():
    res = hand(
        major_projects={
            "big": {
                "name": {"zh": "大", "en": "Big"},
                "platform": "b",
                "area_mu": 100,
                "year": 2025,
                "industry": "fresh",
            }
        }
    )
    row = res.projects.iloc[0]
    assert row["status"] == "failed"
    # 2024: P5 alone (8 mu) is too small; it is then vacated, so 2025 has no candidates
    assert (
        "2024: no connected group of vacate candidates in b reaches 100 mu; the largest has 8 mu"
        in row["attempts"]
    )
    assert row["reason"] == "no vacate candidates in b"
    assert row["reason_zh"] == "乙区没有腾退候选地块"  # what a Chinese brief says: b by its name


def test_every_reason_reads_the_same_in_english_and_in_chinese():
    """Each reason has both texts, with the same placeholders and no English in Chinese."""
    import re

    from landsim.engine.reasons import REASONS, WHAT, why

    for code, (zh, en) in REASONS.items():
        slots = set(re.findall(r"\{(\w+)\}", en))
        assert set(re.findall(r"\{(\w+)\}", zh)) == slots, code
        values = {k: "candidates" if k == "what" else "1,234" for k in slots}
        chinese = why(code, **values).text("zh")
        assert not re.search(r"[A-Za-z]", chinese.replace("major_projects", "")), chinese
        assert "1,234" in chinese or not slots - {"what"}, code
    assert all(re.search(r"[\u4e00-\u9fff]", zh) for zh, _ in WHAT.values())


def test_a_project_whose_towns_the_inventory_lacks_says_so():
    res = hand(
        major_projects={
            "big": {
                "name": {"zh": "大", "en": "Big"},
                "platform": "a",
                "towns": ["江南科技城"],  # inherited from a district whose towns differ
                "area_mu": 20,
                "year": 2024,
                "industry": "fresh",
            }
        }
    )
    reason = res.projects.iloc[0]["reason"]
    assert reason.startswith("the inventory has no parcel in a (江南科技城)")
    assert "leave it out of major_projects" in reason


def test_without_target_industries_land_waits_in_reserve():
    res = run(FIXTURES / "tiny" / "scenario.yaml")
    assert res.table("output|programme|existing")["district"].iloc[-1] > 0
    reserve = res.table("land|reserve")["district"]
    vacated = res.table("area|vacated|cumulative")["district"]
    reactivated = res.table("area|reactivated")["district"].cumsum()
    # everything vacated or reactivated a year ago or more is still waiting
    assert reserve.iloc[-1] == pytest.approx(vacated.iloc[-2] + reactivated.iloc[-2])
    assert res.parcels["new_use"].isna().all()

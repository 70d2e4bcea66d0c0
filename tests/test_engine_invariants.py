"""Properties every run must have, checked on the default scenario and all its variants."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.sparse import csgraph

from landsim.engine import shortfalls as shortfalls_module
from landsim.runs import run
from landsim.scenario import load_scenario
from tests.conftest import ROOT
from tests.test_shortfall_details import chinese

SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
CAPPED = {
    "quotas": {
        "by_platform": {"etdz": {"vacate_mu": 800, "upgrade_mu": 1500}, "other": {"vacate_mu": 900}}
    },
    "budget": {"yearly": 250000},
}
#: Causes of a missed growth target (documented in docs/accounting.md, not in the engine).
TARGET_CAUSES = {"growth_gap", "no_district_growth"}
ALLOWED_CAUSES = TARGET_CAUSES | {
    "no_candidates",
    "refusals",
    "no_cluster",
    "budget",
    "platform_quota",
    "district_quota",
    "granularity",
    "quota_below_target",
    "scattered",
}


def _cases():
    for path in SCENARIOS:
        yield pytest.param((path, None), id=path.stem)
    yield pytest.param((ROOT / "scenarios" / "contiguity_first.yaml", CAPPED), id="capped")
    yield pytest.param(
        (
            ROOT / "scenarios" / "xiaoshan_2024.yaml",
            {"selection": {"strategy": "random", "refusal_probability": 0.2}},
        ),
        id="random",
    )


@pytest.fixture(scope="module", params=list(_cases()))
def case(request):
    path, overrides = request.param
    scenario = load_scenario(path, overrides=overrides)
    return scenario, run(scenario)


def test_land_is_conserved_every_year(case):
    _, res = case
    states = ("existing", "upgraded", "preparing", "reserve", "construction", "new_production")
    long = res.long
    land = long[long["variable"].isin([f"land|{s}" for s in states])]
    total = land.groupby(["platform", "year"])["value"].sum()
    area = res.parcels.groupby("platform")["area_mu"].sum()
    area["district"] = area.sum()
    expected = total.index.get_level_values("platform").map(area)
    np.testing.assert_allclose(total.to_numpy(), expected.to_numpy(), rtol=1e-9)
    assert (land["value"] >= -1e-6).all()


def test_no_quota_cap_or_budget_is_exceeded(case):
    scenario, res = case
    p = res.parcels[res.parcels["treatment"] != ""]
    sel = p.groupby(["year_selected", "treatment"])["area_mu"].sum()
    for (year, treatment), mu in sel.items():
        quota = res.table(f"quota|{treatment}").loc[year, "district"]
        assert mu <= quota + 1e-6, (year, treatment, mu, quota)
    for pid, caps in scenario.quotas.by_platform.items():
        for treatment in ("vacate", "upgrade", "reactivate"):
            cap = getattr(caps, f"{treatment}_mu")
            if cap is None:
                continue
            got = (
                p[(p["platform"] == pid) & (p["treatment"] == treatment)]
                .groupby("year_selected")["area_mu"]
                .sum()
            )
            for year, mu in got.items():
                assert mu <= cap.at(year) + 1e-6
    if scenario.budget.yearly is not None:
        spent = p.groupby("year_selected")["cost_wan_yuan"].sum().sort_index()
        available, carry = 0.0, 0.0
        for year, money in spent.items():
            available = scenario.budget.yearly.at(year) + carry
            assert money <= available + 1e-6
            carry = available - money if scenario.budget.carry_over else 0.0


def test_contiguous_clusters_are_connected_and_big_enough(case):
    scenario, res = case
    adjacency = res.prepared.adjacency
    p = res.parcels
    cont = p[p["contiguous"]]
    min_mu = scenario.contiguity.min_cluster_mu
    for cid, group in cont.groupby("cluster_id"):
        members = p.index[p["cluster_id"] == cid].to_numpy()
        assert p.loc[members, "area_mu"].sum() >= min_mu - 1e-6, cid
        sub = adjacency[members][:, members]
        n, _ = csgraph.connected_components(sub, directed=False)
        assert n == 1, f"cluster {cid} is not connected"
        if scenario.contiguity.scope == "year":
            assert group["year_selected"].nunique() == 1
    # and the reported contiguous area is exactly those parcels
    reported = res.table("area|contiguous")["district"].sum()
    assert reported == pytest.approx(cont["area_mu"].sum())


def test_every_shortfall_has_a_known_cause(case):
    _, res = case
    sf = res.shortfalls
    assert set(sf["cause"]) <= ALLOWED_CAUSES
    assert (sf["missing"] > 0).all()
    for cause in ALLOWED_CAUSES - {"quota_below_target", "scattered", *TARGET_CAUSES}:
        assert cause in shortfalls_module.__doc__  # each cause is documented where users look


def test_every_shortfall_detail_is_also_in_chinese(case):
    _, res = case
    sf = res.shortfalls
    for cause, en, zh in zip(sf["cause"], sf["detail"], sf["detail_zh"], strict=True):
        assert chinese(zh) if en else zh == "", (cause, zh)


def test_targets_missed_are_listed(case):
    _, res = case
    for item in ("contiguous", "revitalized"):
        share = res.table(f"target_share|{item}")["district"]
        missed = set(share.index[share < 1 - 1e-9])
        listed = set(res.shortfalls.query("kind == 'target' and item == @item")["year"])
        assert missed == listed


def test_major_project_blocks(case):
    scenario, res = case
    adjacency = res.prepared.adjacency
    p = res.parcels
    bridges = res.prepared.bridges
    for _, row in res.projects.iterrows():
        proj = scenario.major_projects[row["project"]]
        block = p.index[p["project"] == row["phase_id"]].to_numpy()
        if row["status"] == "placed":
            assert p.loc[block, "area_mu"].sum() >= row["area_needed"] - 1e-6
            assert (p.loc[block, "platform"] == proj.platform).all()
            if proj.towns:
                assert p.loc[block, "town"].isin(proj.towns).all()
            links = adjacency if not proj.bridge_gaps or bridges is None else adjacency + bridges
            # a later phase grows from the earlier ones: together they are one block
            earlier = res.projects[
                (res.projects["project"] == row["project"])
                & (res.projects["phase"].astype(int) <= int(row["phase"]))
            ]["phase_id"]
            whole = p.index[p["project"].isin(earlier)].to_numpy()
            assert csgraph.connected_components(links[whole][:, whole], directed=False)[0] == 1
            assert row["year_placed"] <= row["due"]
        else:
            assert len(block) == 0 and row["reason"]


def test_same_inputs_same_results(case):
    scenario, res = case
    again = run(scenario)
    pd.testing.assert_frame_equal(res.long, again.long)
    pd.testing.assert_frame_equal(res.parcels, again.parcels)
    pd.testing.assert_frame_equal(res.shortfalls, again.shortfalls)

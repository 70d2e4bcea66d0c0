"""Metamorphic checks on the default scenario, through the public API.

Each test changes one lever of the bundled 2024 programme and checks that the results
move the way the lever says they must. No number is hard-coded: every expectation is
relative to the unchanged run.
"""

from __future__ import annotations

import numpy as np
import pytest

import landsim
from landsim.analysis.diagnostics import rule_summary
from landsim.scenario import load_scenario
from tests.conftest import DEFAULT, ROOT

END = 2030


@pytest.fixture(scope="module")
def base() -> landsim.Results:
    return landsim.run(DEFAULT)


def variant(overrides: dict, path=DEFAULT) -> landsim.Results:
    return landsim.run(load_scenario(path, overrides=overrides))


def total(res: landsim.Results, variable: str, until: int = END) -> float:
    return float(res.table(variable)["district"].loc[:until].sum())


def at(res: landsim.Results, variable: str, year: int) -> float:
    return float(res.table(variable)["district"].loc[year])


def test_more_quota_treats_more_land(base):
    more = variant({"quotas": {"vacate_mu": 4000}})
    assert total(more, "area|vacated") > total(base, "area|vacated")
    assert total(more, "money|compensation") > total(base, "money|compensation")


def test_a_higher_tax_threshold_widens_the_vacate_pool(base):
    rule = {2024: 8, 2027: 9}
    higher = variant(
        {
            "candidates": {"tax_per_mu_below": rule},
            "treatments": {"vacate_when": {"tax_per_mu_below": rule}},
        }
    )

    def first_year_pool(res: landsim.Results) -> float:
        table = rule_summary(res.scenario, res.model).set_index("rule")
        return float(table.loc["→ vacate (2024)", "mu"])

    assert first_year_pool(higher) > first_year_pool(base)


def test_a_longer_construction_lag_delays_the_gain(base):
    slow = variant({"pipeline": {"construction_years": 3}})
    fast = variant({"pipeline": {"construction_years": 1}})
    for year in (2027, 2028, END):
        assert at(slow, "output|difference", year) <= at(fast, "output|difference", year)
    assert at(slow, "land|construction", END) >= at(fast, "land|construction", END)


def test_a_tight_budget_buys_back_less(base):
    tight = variant({"budget": {"yearly": 200_000}})
    assert total(tight, "money|compensation") < total(base, "money|compensation")
    assert total(tight, "area|vacated") < total(base, "area|vacated")
    assert (tight.table("money|compensation")["district"] <= 200_000 + 1e-6).all()


def test_no_money_no_buy_back():
    none = variant({"budget": {"yearly": 0}})
    assert total(none, "area|vacated") == 0 and total(none, "money|compensation") == 0


def test_a_bigger_project_is_harder_to_place(base):
    hesheng = load_scenario(DEFAULT).major_projects["hesheng"]
    phases = [p.model_dump(exclude_none=True) for p in hesheng.phases]
    phases[0]["area_mu"] = 5_000  # more than 江南科技城 holds in one piece
    big = variant({"major_projects": {"hesheng": {"phases": phases}}})
    first = big.projects.query("phase == '1'").iloc[0]
    assert first["status"] == "failed" and first["reason"]
    assert base.projects.query("phase == '1'").iloc[0]["status"] == "placed"


def test_more_output_per_mu_raises_output(base):
    rich = variant({"target_industries": {"new_materials": {"output_per_mu": 2600}}})
    assert at(rich, "output|difference", 2035) > at(base, "output|difference", 2035)
    # and changes nothing else of the selection
    assert total(rich, "area|revitalized") == pytest.approx(total(base, "area|revitalized"))


def test_more_refusals_break_more_blocks():
    blocks = ROOT / "scenarios" / "contiguity_first.yaml"
    few = variant({"selection": {"refusal_probability": 0.05}}, blocks)
    many = variant({"selection": {"refusal_probability": 0.4}}, blocks)
    assert many.parcels["refusals"].sum() > few.parcels["refusals"].sum()
    assert total(many, "area|contiguous") < total(few, "area|contiguous")


def test_relocation_keeps_firms_and_takes_land(base):
    # more relocation keeps more of the vacated firms' output in the district and takes more
    # land; the district's total can go either way, because relocated firms take reserve land
    # and investment that new industries would have had
    nobody = {"A": 0, "B": 0, "C": 0, "D": 0}
    none = variant({"relocation": {"share": 0.0, "share_by_class": nobody}})
    everyone = variant({"relocation": {"share": 1.0, "share_by_class": {k: 1 for k in nobody}}})

    def land(res: landsim.Results) -> float:
        reserve = res.parcels.query("new_use == 'relocation'")["area_mu"].sum()
        return float(reserve + total(res, "area|relocation_new_land", 2035))

    kept = [total(r, "output|programme|relocated") for r in (none, base, everyone)]
    assert kept[0] == 0 < kept[1] < kept[2]
    assert land(none) == 0 < land(base) < land(everyone)
    jobs = [at(r, "jobs|difference", 2026) for r in (none, base, everyone)]
    assert jobs[0] < jobs[1] < jobs[2]  # before new firms produce, relocation saves jobs


def test_more_investment_builds_more_and_leaves_less_waiting(base):
    rich = variant({"pipeline": {"investment_cap": 2_000_000}})
    assert at(rich, "land|new_production", END) > at(base, "land|new_production", END)
    assert at(rich, "land|reserve", END) < at(base, "land|reserve", END)


def test_contiguity_first_meets_more_of_the_contiguous_target(base):
    blocks = landsim.run(ROOT / "scenarios" / "contiguity_first.yaml")
    assert total(blocks, "area|contiguous") > total(base, "area|contiguous")
    share = blocks.table("target_share|contiguous")["district"]
    assert (share.loc[:2026] >= 1 - 1e-9).all()


def test_yearly_reevaluation_keeps_class_candidates_coming(base):
    static = variant({"evaluation": {"yearly": False}})
    chosen = lambda r: r.parcels.query("treatment != ''")  # noqa: E731
    assert (
        np.isin(chosen(base)["class_selected"], ["C", "D"]).sum()
        >= np.isin(chosen(static)["class_selected"], ["C", "D"]).sum()
    )

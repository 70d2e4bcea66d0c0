"""What ``landsim validate`` says about a valid scenario: unrated firms, unmapped
columns it knows, inherited years out of the horizon, and the resolved scenario."""

from __future__ import annotations

import yaml

from landsim.cli import main
from landsim.errors import InputError, Problem
from tests.conftest import DEFAULT, TINY, write_scenario

TAX_ONLY = (
    "parcel_id,platform,area_mu,industry,size_class,output,tax,状态,容积率,增加值\n"
    "P1,a,10,textiles,above,3000,15,在产,0.8,600\n"
    "P2,a,20,textiles,above,8000,200,在产,1.2,1800\n"
    "P3,b,30,machinery,below,1500,30,在产,1.5,300\n"
)


def test_unrated_firms_are_counted_explained_and_the_fix_named(tmp_path, capsys):
    (tmp_path / "p.csv").write_text(TAX_ONLY, encoding="utf-8")
    scn = write_scenario(tmp_path, "inventory: {path: p.csv, adjacency: {method: none}}\n")
    assert main(["validate", str(scn), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert (
        "Warning: 2 of 2 operating 规上 (above-size) firms have no 亩均 score, so no class "
        "(A–D) and no class-based selection: the indicators they have carry 30% of the "
        "weight (median), below evaluation.min_known_weight (0.5)."
    ) in out
    assert "map value_added (增加值), energy_tce (综合能耗)" in out
    assert "or set evaluation.min_known_weight: 0.29" in out
    assert "规下" not in out  # 规下 firms: tax per mu carries 50 %, enough
    assert "Did you mean to map 状态 → status? (add inventory.columns.status: 状态" in out
    assert "Did you mean to map 容积率 → far?" in out and "增加值 → value_added" in out
    assert out.rstrip().endswith("OK: the scenario and its inventory are valid (4 warnings above).")


def test_a_rated_inventory_gets_no_warning(capsys):
    assert main(["validate", str(TINY), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Warning" not in out and "Did you mean" not in out
    assert out.rstrip().endswith("OK: the scenario and its inventory are valid.")


def test_inherited_years_beyond_a_shorter_horizon_are_noted(tmp_path, capsys):
    scn = tmp_path / "short.yaml"
    scn.write_text(f"extends: {DEFAULT.as_posix()}\nhorizon: {{start: 2024, end: 2026}}\n", "utf-8")
    assert main(["validate", str(scn), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    # the default's tax threshold steps up in 2027, after this shorter horizon
    assert "Note: candidates.tax_per_mu_below[2027] (set in xiaoshan_2024.yaml:" in out
    assert "the value for 2027 never applies in the horizon 2024–2026." in out


def test_resolved_prints_the_merged_scenario(tmp_path, capsys):
    scn = write_scenario(tmp_path, "quotas: {vacate_mu: {2024: 7, 2025: 9}}\n")
    assert main(["validate", str(scn), "--resolved", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    resolved = yaml.safe_load(out.split("OK: the scenario and its inventory are valid.")[1])
    assert resolved["quotas"]["vacate_mu"] == {2024: 7.0, 2025: 9.0}
    assert resolved["inventory"]["adjacency"]["method"] == "points"  # from the tiny base
    assert resolved["horizon"]["start"] == 2024 and resolved["horizon"]["end"] == 2026


def test_repeats_are_one_line_each_with_count_and_first_places():
    problems = [
        Problem(f"p.csv, row {r} (parcel P{r})", "tax", f"value must be ≥ 0; got {-r}")
        for r in range(2, 40)
    ]
    problems.append(Problem("p.csv, row 5 (parcel P5)", "platform", "unknown platform 'zz'", "zz"))
    problems.append(Problem("p.csv, row 6 (parcel P6)", "platform", "unknown platform 'yy'", "yy"))
    text = InputError("p.csv: 40 problems", problems).render()
    lines = text.splitlines()
    assert lines[0] == "p.csv: 40 problems" and len(lines) == 4
    assert lines[1] == (
        "  p.csv, row 2 (parcel P2): tax: value must be ≥ 0; got -2 (and 37 more like it: "
        "row 3 (parcel P3), row 4 (parcel P4), row 5 (parcel P5), …)"
    )
    assert "unknown platform 'zz'" in lines[2] and "unknown platform 'yy'" in lines[3]
    every = InputError("p.csv: 40 problems", problems).render(limit_per_kind=None)
    assert len(every.splitlines()) == 41

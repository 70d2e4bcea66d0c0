"""Land that is not industrial (用地性质 outside ``inventory.industrial_land_uses``) is left
out of the programme: never treated, not scored, kept in the inventory and its totals.

The six parcels of the hand case (tests/test_engine_hand.py) with a land-use column: P1
(a 规下 firm vacated in the hand case) and P6 (a 规上 firm upgraded there) are commercial
land (商服用地); the others spell industrial land in three ways, or leave the cell empty.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from landsim.cli import main
from landsim.evaluation.candidates import industrial_land
from landsim.inventory.prepare import prepare
from landsim.model.compile import compile_model
from landsim.runs import run
from landsim.scenario.schema.inventory_spec import InventorySpec
from tests.conftest import FIXTURES

HAND = FIXTURES / "hand"
LAND_USE = {
    "P1": "商服用地",
    "P2": "工业用地",
    "P3": "",
    "P4": " m1 ",
    "P5": "industrial",
    "P6": "商服用地",
}
COMMERCIAL = ["P1", "P6"]


def _case(folder, parcels: pd.DataFrame, extra: str = "", name: str = "scenario.yaml"):
    """Write *parcels* and a scenario extending the hand case that reads them."""
    folder.mkdir(parents=True, exist_ok=True)
    parcels.to_csv(folder / f"{name}.csv", index=False)
    path = folder / name
    path.write_text(
        f"extends: {(HAND / 'scenario.yaml').as_posix()}\ninventory: {{path: {name}.csv{extra}}}\n",
        encoding="utf-8",
    )
    return path


def _hand(with_land_use: bool = True) -> pd.DataFrame:
    parcels = pd.read_csv(HAND / "parcels.csv", dtype={"parcel_id": str})
    if with_land_use:
        parcels["land_use"] = parcels["parcel_id"].map(LAND_USE)
    return parcels


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    return _case(tmp_path_factory.mktemp("mixed"), _hand())


def test_default_list_takes_the_usual_spellings_of_industrial_land():
    listed = InventorySpec(path="x.csv").industrial_land_uses
    uses = ["工业用地", "M1", " m1 ", "Ｍ１", "INDUSTRIAL", "0601", "M0", "新型产业用地", "工业"]
    uses += ["1001", "100102", "二类工业用地"]  # the 2020 用地用海分类 of territorial plans
    others = ["商服用地", "住宅用地", "R2", "工业用地2", "0901"]
    frame = pd.DataFrame({"land_use": [*uses, *others, None]})
    expected = [True] * len(uses) + [False] * len(others) + [True]
    assert industrial_land(frame, listed).tolist() == expected
    # no land-use column: every parcel is industrial, as before the column was read
    assert industrial_land(pd.DataFrame({"area_mu": [1.0, 2.0]}), listed).all()


def test_commercial_parcels_are_never_treated_but_stay_in_the_totals(mixed):
    res = run(mixed)
    p = res.parcels.set_index("parcel_id")
    assert (p.loc[COMMERCIAL, "treatment"] == "").all()
    assert p.loc[COMMERCIAL, "restricted"].all() and not p["restricted"].drop(COMMERCIAL).any()
    assert p["treatment"].drop(COMMERCIAL).to_dict() == {
        "P2": "vacate",
        "P3": "reactivate",
        "P4": "",
        "P5": "vacate",
    }
    # the inventory and its totals keep them: P1 and P6 go on producing
    assert len(p) == 6
    assert res.table("output|baseline").loc[2024, "district"] == pytest.approx(30_200)
    assert res.table("output|programme").loc[2024, "district"] == pytest.approx(1000 + 15000 + 5000)


def test_commercial_parcels_are_not_scored_and_leave_the_benchmarks_alone(mixed, tmp_path):
    model = compile_model(prepare(mixed))
    without = _hand(with_land_use=False).query("parcel_id not in @COMMERCIAL")
    alone = compile_model(prepare(_case(tmp_path, without)))
    ids = list(LAND_USE)
    out = np.isin(ids, COMMERCIAL)
    assert np.isnan(model.scores.score[out]).all() and (model.scores.klass[out] == "").all()
    assert (model.indicators.group[out] == -1).all()
    pd.testing.assert_frame_equal(
        pd.DataFrame(model.scores.benchmarks), pd.DataFrame(alone.scores.benchmarks)
    )
    assert not pd.DataFrame(model.scores.benchmarks).loc["tax_per_mu"].isna().any()
    np.testing.assert_array_equal(model.scores.score[~out], alone.scores.score)
    np.testing.assert_array_equal(model.base_sums, alone.base_sums)


def test_validate_says_which_land_uses_are_left_out(mixed, capsys):
    assert main(["validate", str(mixed), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert (
        "Note: 2 parcels (22.0 mu) are not industrial land (商服用地 2) and are left out of "
        "the programme: never selected, not scored in the 亩均 evaluation.\n"
        "  List their land use under inventory.industrial_land_uses to include them."
    ) in out
    assert out.rstrip().endswith("OK: the scenario and its inventory are valid.")


def test_validate_warns_when_no_parcel_is_industrial_land(tmp_path, capsys):
    parcels = _hand().assign(land_use=["商服用地"] * 4 + ["住宅用地"] * 2)
    assert main(["validate", str(_case(tmp_path, parcels)), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert (
        "Warning: all 6 parcels (85.0 mu) are not industrial land (商服用地 4, 住宅用地 2)" in out
    )
    assert "to include them (no parcel is in the programme now)." in out


def test_a_scenario_that_lists_commercial_land_treats_it_again(mixed, tmp_path):
    listed = ", [工业用地, M1, industrial, 商服用地]"
    again = _case(tmp_path, _hand(), extra=f", industrial_land_uses: {listed[2:]}")
    p = run(again).parcels.set_index("parcel_id")
    hand = run(HAND / "scenario.yaml").parcels.set_index("parcel_id")
    pd.testing.assert_series_equal(p["treatment"], hand["treatment"])
    np.testing.assert_array_equal(p["score"], hand["score"])
    assert not p["restricted"].any()


def test_an_empty_list_is_refused(tmp_path):
    from landsim.errors import InputError

    with pytest.raises(InputError, match="industrial_land_uses: give at least one value"):
        prepare(_case(tmp_path, _hand(), extra=", industrial_land_uses: []"))


def test_init_says_which_land_uses_are_left_out(tmp_path, capsys):
    parcels = _hand().rename(columns={"land_use": "用地性质"})
    parcels.to_csv(tmp_path / "地块.csv", index=False)
    assert main(["init", str(tmp_path / "地块.csv")]) == 0
    out = capsys.readouterr().out
    assert 'land_use: "用地性质"' in (tmp_path / "地块.yaml").read_text(encoding="utf-8")
    assert "Note: 2 parcels (22.0 mu) are not industrial land (商服用地 2)" in out


def test_validate_counts_the_rules_on_industrial_land_only(mixed, capsys):
    # P1 and P6 (commercial, FAR 0.8 and 0.9) were counted under FAR < 1, and P1 (1 万元/亩)
    # under the tax rule, though they can never be candidates
    assert main(["validate", str(mixed), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    rows = [
        "Inefficient land (低效用地) by rule, first simulated year, on industrial land only:",
        "  tax < 2 万元/亩 (2024)                       2 parcels        28.0 mu   32.9%",
        "  FAR < 1                                   0 parcels         0.0 mu    0.0%",
        "  idle                                      1 parcels         5.0 mu    5.9%",
        "  any rule                                  3 parcels        33.0 mu   38.8%",
        "  restricted (never selected)               2 parcels        22.0 mu   25.9%",
        "    of which not industrial land            2 parcels        22.0 mu   25.9%",
        "  → vacate (2024)                           2 parcels        28.0 mu   32.9%",
    ]
    assert "\n".join(rows) in out


@pytest.mark.parametrize(
    ("lang", "unlisted", "no_far"),
    [
        (
            "en",
            "\n4 parcels of industrial land have industries not in existing_industries "
            "(baseline growth 0.0): hardware, machinery, textiles\n",
            "\n1 parcels of industrial land (5.0 mu) have no FAR; their buildings are "
            "compensated at FAR 1 (treatments.vacate.default_far)\n",
        ),
        (
            "zh",
            "\n4宗工业用地地块的行业不在 existing_industries 中（按基准增速0.0计）："
            "hardware、machinery、textiles\n",
            "\n1宗工业用地地块（5.0亩）无容积率，腾退时其建筑按容积率1补偿"
            "（treatments.vacate.default_far）\n",
        ),
    ],
)
def test_validate_counts_unlisted_industries_and_missing_far_on_industrial_land_only(
    tmp_path, capsys, lang, unlisted, no_far
):
    # P1 and P6 are commercial: never vacated (no building compensated at the default FAR),
    # yet were counted with the 4 industrial parcels of unlisted industries; P6 has no FAR
    parcels = _hand()
    parcels.loc[parcels["parcel_id"] == "P6", "far"] = np.nan
    assert main(["validate", str(_case(tmp_path, parcels)), "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert unlisted in out and no_far in out


def test_the_rule_summary_leaves_out_land_that_is_not_industrial(mixed):
    from landsim.analysis.diagnostics import rule_summary

    prepared = prepare(mixed)
    model = compile_model(prepared)
    listed = prepared.scenario.inventory.industrial_land_uses
    industrial = industrial_land(prepared.inventory.parcels, listed)
    table = rule_summary(prepared.scenario, model, industrial).set_index("key")
    assert table.loc["far", "parcels"] == 0 and table.loc["tax", "mu"] == pytest.approx(28.0)
    assert table.loc["not_industrial", ["parcels", "mu"]].tolist() == [2, 22.0]
    # without the land: every parcel counts, as before (and no row for what is left out)
    every = rule_summary(prepared.scenario, model).set_index("key")
    assert every.loc["far", "parcels"] == 2 and "not_industrial" not in every.index


def test_the_parcel_table_says_each_parcels_land_use_and_whether_it_is_left_out(mixed):
    from landsim.accounting.tables import PARCEL_COLUMNS

    p = run(mixed).parcels
    assert list(p.columns) == list(PARCEL_COLUMNS)  # documented, in docs/columns.md
    columns = list(p.columns)
    assert columns.index("land_use") == columns.index("status") + 1
    assert columns.index("industrial_land") == columns.index("restricted") + 1
    p = p.set_index("parcel_id")
    # as loaded (spaces around a cell dropped): an empty cell is the default, industrial
    loaded = {pid: use.strip() or "industrial" for pid, use in LAND_USE.items()}
    assert p["land_use"].astype(str).to_dict() == loaded
    assert p["industrial_land"].dtype == bool
    assert p.index[~p["industrial_land"]].tolist() == COMMERCIAL
    assert p.loc[COMMERCIAL, "restricted"].all()


def test_without_a_land_use_column_every_parcel_is_industrial_land():
    p = run(HAND / "scenario.yaml").parcels
    assert (p["land_use"] == "industrial").all() and p["industrial_land"].all()


def test_a_run_folder_gives_back_land_uses_as_written(tmp_path):
    from landsim.report.folder import load_run

    # codes (0601: industrial land in GB/T 21010) read back as text, not the number 601
    codes = ["0601", "1001", "0601", "100101", "0601", "0901"]
    parcels = _hand().assign(land_use=codes)
    out = tmp_path / "run"
    assert main(["run", str(_case(tmp_path, parcels)), "-o", str(out), "--no-xlsx"]) == 0
    p = load_run(out).parcels.set_index("parcel_id")
    assert p["land_use"].tolist() == codes
    assert p["industrial_land"].tolist() == [True] * 5 + [False]

"""Treatment histories: read like the inventory, refused with located errors when bad.

One bad history per error message; expectations live in fixtures/bad_histories/cases.yaml.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

from landsim.cli import main
from landsim.errors import InputError
from landsim.inventory.history import HistoryWarning, load_history
from landsim.inventory.prepare import prepare
from landsim.scenario import load_scenario
from tests.conftest import FIXTURES, TINY, write_scenario

FOLDER = FIXTURES / "bad_histories"
CASES = yaml.safe_load((FOLDER / "cases.yaml").read_text(encoding="utf-8"))
START, END = 2024, 2026  # the tiny scenario's horizon: its inventory describes 2023


@pytest.fixture(scope="module")
def tiny():
    return prepare(TINY)


def _load(prepared, path, **history):
    scenario = load_scenario(TINY, overrides={"history": {"path": str(path), **history}})
    return load_history(scenario.history, prepared.inventory, START, END)


def test_every_fixture_has_a_case():
    files = {p.name for p in FOLDER.glob("*.csv")}
    assert files == set(CASES), "add each bad history to cases.yaml (and only those)"


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_bad_history_gets_its_message(tiny, name):
    case = CASES[name]
    with pytest.raises(InputError) as info:
        _load(tiny, (FOLDER / name).resolve(), **case.get("history", {}))
    lines = [str(p) for p in info.value.problems]
    for expected in case["expect"]:
        assert any(expected in line for line in lines), (expected, lines)
    assert len(lines) == case["count"], lines


def test_a_district_file_reads_with_its_own_words_and_units(tiny, tmp_path):
    path = tmp_path / "处置台账.csv"
    text = (
        "单位：万元\n"
        "宗地号,措施,年度,补偿（元）,出让年份,投产年份\n"
        'P1,关停并转,2024,"3,000,000",2025,2026\n'
        "P2,亩产提升,2025,200000,,\n"
        "P3,盘活闲置,2024,,2025,\n"
    )
    path.write_bytes(text.encode("gb18030"))
    # the back-test runs to 2026: that year is scored as one in which nothing was done
    with pytest.warns(HistoryWarning, match=r"last treatment is in 2025.*\(--to 2025\)"):
        history = _load(
            tiny,
            path,
            header_row=2,
            thousands=",",
            columns={
                "parcel_id": "宗地号",
                "treatment": "措施",
                "year": "年度",
                "compensation": "补偿（元）",
            },
            treatments={"关停并转": "vacate", "亩产提升": "upgrade"},
            units={"money": "元"},
        )
    ev = history.events
    assert history.encoding == "gb18030"
    assert list(ev["treatment"]) == ["vacate", "upgrade", "reactivate"]
    assert list(ev["row"]) == [3, 4, 5]  # the file's own rows, title row included
    np.testing.assert_allclose(ev["compensation"].to_numpy(float)[:2], [300.0, 20.0])
    assert list(history.years("vacate", 6)) == [2024, -1, -1, -1, -1, -1]
    assert list(history.land_years("year_transfer", 6)) == [2025, -1, 2025, -1, -1, -1]
    assert list(history.land_years("year_production", 6)) == [2026, -1, -1, -1, -1, -1]
    assert history.has("year_production") and not history.has("new_industry")


def test_canonical_english_headers_and_excel_need_no_mapping(tiny, tmp_path):
    frame = pd.DataFrame(
        {"parcel_id": ["P4", "P5"], "treatment": ["upgrade", "vacate"], "year": [2025, 2026]}
    )
    path = tmp_path / "history.xlsx"
    frame.to_excel(path, index=False)
    history = _load(tiny, path)
    assert list(history.events["parcel_id"]) == ["P4", "P5"]
    assert list(history.years("upgrade", 6)) == [-1, -1, -1, 2025, -1, -1]


def test_an_upgraded_parcel_may_be_vacated_later(tiny, tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("parcel_id,treatment,year\nP1,upgrade,2024\nP1,vacate,2026\n", "utf-8")
    history = _load(tiny, path)
    assert history.years("upgrade", 6)[0] == 2024 and history.years("vacate", 6)[0] == 2026


def test_backtest_refuses_a_bad_history_and_writes_nothing(tmp_path, capsys):
    scenario = write_scenario(tmp_path, "horizon: {start: 2024, end: 2026, run_out_years: 0}\n")
    out = tmp_path / "out"
    code = main(
        ["backtest", str(scenario), "--history", str(FOLDER / "many_problems.csv"), "-o", str(out)]
    )
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert "5 problems in the treatment history" in err
    assert "row 2 (parcel P9)" in err and "row 5 (parcel P2)" in err
    assert not out.exists()


def test_no_history_given_says_how_to_give_one(tmp_path, capsys):
    scenario = write_scenario(tmp_path, "")
    assert main(["backtest", str(scenario), "-o", str(tmp_path / "out")]) == 2
    assert "give the file with --history FILE, or set history.path" in capsys.readouterr().err


def test_synth_history_says_what_it_needs(tmp_path, capsys):
    out = tmp_path / "h.csv"
    assert main(["synth", "--history", str(out)]) == 2
    assert "give --scenario" in capsys.readouterr().err
    argv = ["synth", "--history", str(out), "--scenario", str(TINY), "--set", "selection"]
    assert main(argv) == 2
    assert "write KEY=VALUE" in capsys.readouterr().err
    assert not out.exists()


def test_synth_history_of_the_tiny_scenario_reads_back(tiny, tmp_path, capsys):
    out = tmp_path / "h.csv"
    argv = ["synth", "--history", str(out), "--scenario", str(TINY), "--lang", "en"]
    assert main([*argv, "--set", "quotas.upgrade_mu=20", "--set", "candidates.classes=[C, D]"]) == 0
    assert "treatments of 2024–2026" in capsys.readouterr().out
    with pytest.warns(HistoryWarning, match="would|is scored as a time when nothing was done"):
        history = _load(tiny, out)  # the tiny world's programme is done in 2024
    assert history.encoding == "utf-8" and len(history.events) > 0
    assert set(history.events["year"]) <= {2024, 2025, 2026}


def test_a_totals_row_is_named_and_notes_below_are_left_out_as_for_the_inventory(tiny, tmp_path):
    from landsim.inventory.footer import FooterWarning

    path = tmp_path / "处置台账.csv"
    rows = "P1,腾退,2024,300\nP4,整治提升,2026,20\n"
    text = f"地块编号,处置方式,处置年份,补偿金额（万元）\n{rows}合计,,,320\n,,,\n填表人：张三,,,\n"
    path.write_bytes(text.encode("gb18030"))
    with pytest.warns(FooterWarning), pytest.raises(InputError) as info:
        _load(tiny, path)
    # one problem: not an unknown parcel '合计' and an empty treatment and year
    assert [str(p) for p in info.value.problems] == [
        "处置台账.csv, row 4: parcel_id [地块编号]: looks like a totals row ('合计'), not a "
        "treatment: delete it from the file"
    ]
    path.write_bytes(text.replace("合计,,,320\n", "").encode("gb18030"))
    said = r"处置台账.csv, row 5: read as notes below the table, not as treatments, and left out"
    with pytest.warns(FooterWarning, match=said):
        history = _load(tiny, path)
    assert list(history.events["row"]) == [2, 3]


def _tiny_with_ids(tmp_path, ids, suffix):
    """The tiny scenario prepared over its inventory with *ids*, saved as *suffix*."""
    frame = pd.read_csv(TINY.parent / "parcels.csv").assign(parcel_id=ids)
    path = tmp_path / f"parcels{suffix}"
    frame.to_csv(path, index=False) if suffix == ".csv" else frame.to_excel(path, index=False)
    return prepare(load_scenario(TINY, overrides={"inventory": {"path": str(path)}}))


def test_history_ids_that_lost_their_leading_zeros_are_told_apart_from_unknown_ids(tmp_path):
    # the history saved from Excel, its ids typed as numbers: 000001 kept as 1
    prepared = _tiny_with_ids(tmp_path, [f"{i:06d}" for i in range(1, 7)], ".csv")
    path = tmp_path / "history.xlsx"
    treatments = ["upgrade", "upgrade", "vacate", "upgrade"]
    frame = pd.DataFrame({"parcel_id": [1, 2, 2, 9], "treatment": treatments})
    frame.assign(year=[2024, 2024, 2025, 2024]).to_excel(path, index=False)
    with pytest.raises(InputError) as info:
        _load(prepared, path)
    zeros, unknown = info.value.render().splitlines()[1:]  # one line for the three rows
    assert zeros.startswith(
        "  history.xlsx, row 2 (parcel 1): parcel_id: 2 ids in the history match the "
        "inventory's only once leading zeros are dropped: the history has '1' while the "
        "inventory has '000001'. The history was probably saved from Excel, which drops the "
        "zeros of ids typed as numbers: write its ids in full"
    )
    assert zeros.endswith("(and 2 more like it: row 3 (parcel 2), row 4 (parcel 2))")
    assert unknown.startswith("  history.xlsx, row 5 (parcel 9): parcel_id: parcel '9' is not")
    # the other way round: the inventory's workbook kept its ids as numbers
    prepared = _tiny_with_ids(tmp_path, list(range(1, 7)), ".xlsx")
    path = tmp_path / "history.csv"
    path.write_text("parcel_id,treatment,year\n000001,upgrade,2024\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        _load(prepared, path)
    (zeros,) = info.value.problems
    assert str(zeros) == (
        "history.csv, row 2 (parcel 000001): parcel_id: 1 id in the history matches the "
        "inventory's only once leading zeros are dropped: the inventory's ids read as numbers "
        "(1, …) while the history has '000001'. Excel keeps ids typed as numbers without "
        "their zeros: format the id column of parcels.xlsx as text and write the ids in full "
        '(=TEXT(A2,"000000") writes the number 1 in A2 as 000001), or write the ids of the '
        "history without leading zeros"
    )


def test_a_sum_paid_merged_down_in_a_history_is_refused_as_in_the_inventory(tiny, tmp_path):
    import openpyxl

    from landsim.inventory.excel_merges import MergedCellsWarning

    path = tmp_path / "处置台账.xlsx"
    frame = pd.DataFrame(
        {
            "地块编号": ["P1", "P2", "P4"],
            "处置方式": ["腾退", "腾退", "整治提升"],
            "处置年份": [2024, None, 2026],
            "补偿金额（万元）": [600, None, 20],
        }
    )
    frame.to_excel(path, index=False)
    book = openpyxl.load_workbook(path)
    book.active.merge_cells("C2:C3")  # one year for both: read in every row
    book.active.merge_cells("D2:D3")  # one sum for two parcels: counted twice if read so
    book.save(path)
    with pytest.raises(InputError) as info:
        _load(tiny, path)
    assert [str(p) for p in info.value.problems] == [
        "处置台账.xlsx, row 2: compensation [补偿金额（万元）]: merged down rows 2–3 (D2:D3): "
        "one figure (600) for 2 treatments, which read in every row would be counted 2 "
        "times. Write each treatment's own figure (split a sum paid for several parcels "
        "over them, e.g. by area)"
    ]
    book.active.unmerge_cells("D2:D3")
    book.active["D3"] = 300
    book.save(path)
    with pytest.warns(MergedCellsWarning, match=r"处置年份 \(1 merged range over 2 rows\)"):
        history = _load(tiny, path)
    assert list(history.events["year"]) == [2024, 2024, 2026]
    assert list(history.events["compensation"]) == [600.0, 300.0, 20.0]

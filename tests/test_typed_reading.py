"""Reading a CSV's number cells as numbers as they are parsed, and falling back to text.

A clean CSV is read typed (numbers as float64, short texts as categories): far less
memory and time for a million parcels. Whatever the file, the inventory must be the one
the text reading gives, and every problem must be worded as the text reading words it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import landsim.inventory.load as load
from landsim.errors import InputError
from landsim.inventory import load_inventory
from landsim.inventory.prepare import prepare
from landsim.inventory.readers import read_raw
from landsim.inventory.text_files import decodes
from landsim.scenario import load_scenario
from tests.conftest import ROOT, TINY

CSV = ROOT / "scenarios" / "xiaoshan_2024_csv.yaml"


def _text_only(monkeypatch) -> None:
    """Make the loader read every cell as text, as it did before typed reading."""
    monkeypatch.setattr(load, "_dtypes", lambda spec: {})


def _tiny(path, **inventory):
    scn = load_scenario(TINY, overrides={"inventory": {"path": str(path), **inventory}})
    return scn.inventory, scn.platforms


def test_the_bundled_csv_inventory_reads_typed_and_equals_the_text_reading(monkeypatch):
    scn = load_scenario(CSV)
    assert read_raw(scn.inventory, load._dtypes(scn.inventory)).typed
    typed = load_inventory(scn.inventory, scn.platforms)
    _text_only(monkeypatch)
    text = load_inventory(scn.inventory, scn.platforms)
    pd.testing.assert_frame_equal(typed.parcels, text.parcels)
    np.testing.assert_array_equal(typed.rows, text.rows)
    assert typed.headers == text.headers and typed.file_headers == text.file_headers


@pytest.mark.parametrize(
    ("cell", "why"),
    [("inf", "not a finite number"), ("约30", "approximate"), ("30亩", "")],
)
def test_a_number_cell_that_is_not_plain_is_read_as_text(tmp_path, cell, why):
    frame = pd.read_csv(TINY.parent / "parcels.csv", dtype=str)
    frame.loc[2, "area_mu"] = cell
    path = tmp_path / "p.csv"
    frame.to_csv(path, index=False)
    spec, platforms = _tiny(path)
    assert not read_raw(spec, load._dtypes(spec)).typed
    with pytest.raises(InputError) as err:
        load_inventory(spec, platforms)
    (problem,) = err.value.problems
    assert "row 4" in problem.where and problem.field.startswith("area_mu")
    assert why in problem.message


def test_problems_in_a_typed_file_quote_the_cells_as_written(tmp_path, monkeypatch):
    frame = pd.read_csv(TINY.parent / "parcels.csv", dtype=str)
    frame["area_mu"] = frame["area_mu"].astype(float).mul(666.67).round(0).astype(int).astype(str)
    frame.loc[1, "area_mu"] = "-500"
    path = tmp_path / "p.csv"
    frame.to_csv(path, index=False)
    spec, platforms = _tiny(path, units={"area": "平方米"})
    assert read_raw(spec, load._dtypes(spec)).typed  # plain numbers: read typed first
    with pytest.raises(InputError) as typed:
        load_inventory(spec, platforms)
    assert "(the file has -500 平方米)" in typed.value.problems[0].message
    _text_only(monkeypatch)
    with pytest.raises(InputError) as text:
        load_inventory(spec, platforms)
    assert typed.value.problems == text.value.problems


def test_columns_take_one_byte_a_parcel_where_they_can():
    scn = load_scenario(TINY)
    parcels = load_inventory(scn.inventory, scn.platforms).parcels
    assert parcels["restricted"].dtype == bool
    for name in ("platform", "town", "land_use", "status", "industry", "size_class"):
        assert isinstance(parcels[name].dtype, pd.CategoricalDtype), name
    assert not isinstance(parcels["parcel_id"].dtype, pd.CategoricalDtype)


def test_encoding_is_checked_piece_by_piece_across_split_characters():
    raw = "地块编号,平台\nZJ-001,钱江世纪城\n".encode()
    assert all(decodes(raw, "utf-8", step) for step in (1, 2, 5, 7, 1 << 22))
    assert not decodes(raw[:-3] + b"\xff\n", "utf-8", 5)
    assert decodes("萧山".encode("gb18030") * 3, "gb18030", 3)


def test_unknown_ids_in_the_neighbour_table_are_named_with_their_rows(tmp_path):
    table = tmp_path / "pairs.csv"
    table.write_text("parcel_id,neighbour_id\nP1,P4\nP6,P9\n Q2 ,P5\n", encoding="utf-8")
    scn = load_scenario(
        TINY, overrides={"inventory": {"adjacency": {"method": "table", "path": str(table)}}}
    )
    with pytest.raises(InputError) as err:
        prepare(scn)
    found = {(p.where.split(", ")[1], p.field, p.message) for p in err.value.problems}
    assert ("row 3", "neighbour_id", "parcel 'P9' is not in the inventory") in found
    assert ("row 4", "parcel_id", "parcel 'Q2' is not in the inventory") in found
    assert len(found) == 2


#: Cells a number column may hold in offices' exports: plain numbers and everything else.
NUMBER_CELLS = (
    "12", "0.8", " 7.5", "7.5 ", "+3", "-2", ".5", "5.", "1e3", "1E-2", "", " ", "—", "-",
    "nan", "NaN", "NA", "null", "无", "inf", "-inf", "1e999", "约30", "30左右", "１２",
    "12,5", "1,234", "30亩", "0x1A", "TRUE",
)  # fmt: skip
TEXT_CELLS = ("a", "b", " a ", "A", "甲区", "", "t1", "operating", "闲置", "在产", "-", "x y")


def _variants(count: int, seed: int):
    """Random edits of the tiny inventory: a few cells replaced, now and then a setting;
    each file in one of the encodings and with one of the delimiters offices use."""
    rng = np.random.default_rng(seed)
    base = pd.read_csv(TINY.parent / "parcels.csv", dtype=str, keep_default_na=False)
    numbers = ["area_mu", "far", "output", "tax", "value_added", "x", "y"]
    texts = ["platform", "town", "status", "industry"]
    settings = [{}, {"thousands": ","}, {"fullwidth_digits": True}, {"decimal": ","}]
    for _ in range(count):
        frame = base.copy()
        for _ in range(rng.integers(1, 4)):
            row = int(rng.integers(len(frame)))
            if rng.random() < 0.7:
                frame.loc[row, str(rng.choice(numbers))] = str(rng.choice(NUMBER_CELLS))
            else:
                frame.loc[row, str(rng.choice(texts))] = str(rng.choice(TEXT_CELLS))
        setting = settings[int(rng.integers(len(settings)))] if rng.random() < 0.3 else {}
        encoding = str(rng.choice(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
        sep = ";" if setting.get("decimal") == "," else str(rng.choice([",", "\t", ";"]))
        yield frame, setting, encoding, sep


def _outcome(spec, platforms):
    try:
        return load_inventory(spec, platforms)
    except InputError as exc:
        return exc


def test_typed_and_text_reading_agree_on_random_edits(tmp_path, monkeypatch):
    """Whatever the cells, the typed reading gives the text reading's inventory or errors."""
    typed_runs = 0
    for k, (frame, settings, encoding, sep) in enumerate(_variants(150, seed=14)):
        path = tmp_path / f"p{k}.csv"
        frame.to_csv(path, index=False, sep=sep, encoding=encoding)
        spec, platforms = _tiny(path, **settings)
        typed_runs += read_raw(spec, load._dtypes(spec)).typed
        fast = _outcome(spec, platforms)
        with monkeypatch.context() as m:
            _text_only(m)
            slow = _outcome(spec, platforms)
        assert type(fast) is type(slow), (k, settings, fast, slow)
        if isinstance(slow, InputError):
            assert fast.problems == slow.problems, (k, settings)
        else:
            pd.testing.assert_frame_equal(fast.parcels, slow.parcels)
    assert 20 < typed_runs < 150  # both routes were taken


def test_text_columns_of_digits_are_read_as_written(tmp_path, monkeypatch):
    # pandas 3.1 parses categories that look like numbers as numbers: the land use 0601
    # (industrial land, GB/T 21010) became 601, not industrial, and was left out
    frame = pd.read_csv(TINY.parent / "parcels.csv", dtype=str)
    frame["land_use"] = ["0601", "1001", "0601", "0601", "100101", "0601"][: len(frame)]
    frame["town"] = "007"
    path = tmp_path / "p.csv"
    frame.to_csv(path, index=False)
    spec, platforms = _tiny(path)
    typed = load_inventory(spec, platforms)
    assert typed.parcels["land_use"].tolist() == frame["land_use"].tolist()
    assert (typed.parcels["town"] == "007").all()
    _text_only(monkeypatch)
    pd.testing.assert_frame_equal(typed.parcels, load_inventory(spec, platforms).parcels)

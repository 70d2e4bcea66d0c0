"""Hostile treatment histories: garbage rows, huge cells, files that are not CSV.

Each is refused with one clear error, quickly: bad cells are counted by kind past a
limit, long cells are cut in messages, and files pandas would chew on for minutes are
refused before it parses them.
"""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest

from landsim.cli import main
from landsim.errors import InputError
from landsim.inventory.history import load_history
from landsim.inventory.prepare import prepare
from landsim.scenario import load_scenario
from tests.conftest import TINY, write_scenario

START, END = 2024, 2026  # the tiny scenario's horizon: its inventory describes 2023


@pytest.fixture(scope="module")
def tiny():
    return prepare(TINY)


def _load(prepared, path):
    scenario = load_scenario(TINY, overrides={"history": {"path": str(path)}})
    return load_history(scenario.history, prepared.inventory, START, END)


def _garbage(path, n_rows):
    """A history header over *n_rows* rows of 4 bad cells each: an unknown parcel, an
    unknown treatment (a word of its own in each row), a year and money that are text."""
    rows = (f"g{r}x,w{r},y{r},m{r}" for r in range(n_rows))
    path.write_text(
        "parcel_id,treatment,year,compensation\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )


def test_a_garbage_history_is_counted_by_kind_not_worded_cell_by_cell(tiny, tmp_path, monkeypatch):
    """50 MB of garbage rows took 45 s and 2.3 GB: every bad cell became a message and a
    Problem. Past LISTED problems each kind's first few are worded, the rest counted."""
    from landsim.errors import MAX_KINDS
    from landsim.inventory import history_table as history
    from landsim.inventory.findings import LISTED, SHOWN, CountedError

    worded = []

    def counting(*args, **kwargs):
        worded.append(args)
        return bad_cell_message(*args, **kwargs)

    bad_cell_message = history.bad_cell_message
    monkeypatch.setattr(history, "bad_cell_message", counting)
    n = 3_000
    path = tmp_path / "garbage.csv"
    _garbage(path, n)
    with pytest.raises(InputError) as info:
        _load(tiny, path)
    err = info.value
    assert 4 * n > LISTED
    assert isinstance(err, CountedError)
    assert len(worded) <= MAX_KINDS * SHOWN  # not one a cell: 6,000 before
    lines = err.render().splitlines()
    assert lines[0].endswith(f"{4 * n:,} problems in the treatment history")
    assert lines[1].startswith(
        "  garbage.csv, row 2 (parcel g0x): treatment: unknown treatment 'w0'"
    )
    assert lines[2] == (
        f"  garbage.csv, row 2 (parcel g0x): year: 'y0' is not a number (and {n - 1:,} more "
        "like it: row 3 (parcel g1x), row 4 (parcel g2x), row 5 (parcel g3x), …)"
    )
    assert lines[4].startswith(
        "  garbage.csv, row 2 (parcel g0x): parcel_id: parcel 'g0x' is not in the inventory"
    )
    assert lines[4].endswith(
        f"(and {n - 1:,} more like it: row 3 (parcel g1x), row 4 (parcel g2x), "
        "row 5 (parcel g3x), …)"
    )
    assert len(lines) == 1 + MAX_KINDS + 2
    assert lines[-2] == (
        f"  garbage.csv: problems by column: treatment {n:,}; year {n:,}; compensation {n:,}; "
        f"parcel_id {n:,}"
    )
    # each unknown word is a kind of its own, as when every problem is worded
    assert lines[-1].startswith(f"  … and {n + 3 - MAX_KINDS:,} other kinds of problem")


def test_a_huge_cell_is_cut_in_the_messages(tiny, tmp_path):
    """A cell of 100 MB made an error message of 400 MB (the id was quoted four times)."""
    path = tmp_path / "h.csv"
    long_id, long_year = "x" * 1_000_000, "9" * 500_000
    path.write_text(f"parcel_id,treatment,year\n{long_id},vacate,2024\nP1,vacate,{long_year}\n")
    with pytest.raises(InputError) as info:
        _load(tiny, path)
    text = info.value.render(limit_per_kind=None)
    assert len(text) < 2_000
    assert f"parcel '{'x' * 80}… (1,000,000 characters)' is not in the inventory" in text
    assert "(parcel xxxx" in text and "(1,000,000 characters))" in text
    assert f"'{'9' * 80}… (500,000 characters)'" in text


def _backtest(tmp_path, capsys, history):
    scenario = write_scenario(tmp_path, "horizon: {start: 2024, end: 2026, run_out_years: 0}\n")
    out = tmp_path / "out"
    code = main(["backtest", str(scenario), "--history", str(history), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err and "internal error" not in err
    assert not out.exists()
    return err


def test_a_first_row_of_millions_of_cells_is_refused_before_pandas_parses_it(
    tiny, tmp_path, monkeypatch
):
    """pandas builds a column for each extra cell of the first row: one line of 33 million
    cells ran for more than 10 minutes (300,000 cells: 12 s)."""
    from landsim.inventory import csv_reader

    def never(*args, **kwargs):
        raise AssertionError("the file reached pandas")

    monkeypatch.setattr(csv_reader.pd, "read_csv", never)
    path = tmp_path / "h.csv"
    path.write_text("parcel_id,treatment,year\n" + "ab," * 200_000 + "\nP1,vacate,2024\n")
    with pytest.raises(InputError) as info:
        _load(tiny, path)
    assert str(info.value.problems[0]).endswith(
        "h.csv: line 2 has 200,001 cells but the header 3; check the delimiter "
        "(history.delimiter) and quoting"
    )


def test_a_number_of_a_million_digits_is_refused_not_an_internal_error(tmp_path, capsys):
    """Python refuses to make an integer of more than 4,300 digits: a ValueError."""
    path = tmp_path / "h.csv"
    path.write_text(f"parcel_id,treatment,year\nP1,vacate,{'9' * 1_000_000}\n")
    err = _backtest(tmp_path, capsys, path)
    assert f"year: '{'9' * 80}… (1,000,000 characters)' is not a finite number" in err


def test_a_header_row_with_a_huge_cell_is_refused_without_a_traceback(tmp_path, capsys):
    """The csv module refuses a cell of more than 131,072 characters: an internal error."""
    path = tmp_path / "h.csv"
    path.write_text("a" * 200_000)
    err = _backtest(tmp_path, capsys, path)
    assert "the header row is 200,000 characters long" in err
    assert "history.header_row" in err and "Is it the right file" in err


def test_a_folder_given_as_the_history_is_not_a_missing_file(tmp_path, capsys):
    folder = tmp_path / "台账.csv"
    folder.mkdir()
    err = _backtest(tmp_path, capsys, folder)
    assert "not a file" in err and "give the path of the history file itself" in err
    assert "no such file" not in err


def test_a_workbook_named_csv_is_named_a_workbook(tmp_path, capsys):
    path = tmp_path / "台账.csv"
    pd.DataFrame({"parcel_id": ["P1"], "treatment": ["vacate"], "year": [2024]}).to_excel(
        tmp_path / "x.xlsx", index=False
    )
    (tmp_path / "x.xlsx").rename(path)
    err = _backtest(tmp_path, capsys, path)
    assert "the file is a zip archive (as an Excel .xlsx workbook is), not CSV text" in err
    assert "name it .xlsx or set history.format: xlsx" in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        (b"\xef\xbb\xbf", "the file is empty"),
        (b"\xff\xfe", "the file is empty"),
        (b"parcel_id,treatment,year\n", "the history has no treatments"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "an old Excel workbook (.xls)"),
        (b"PAR1" + bytes(100), "a Parquet file"),
    ],
    ids=["empty", "utf8-bom", "utf16-bom", "header-only", "xls", "parquet"],
)
def test_odd_files_get_one_clear_error(tmp_path, capsys, content, expected):
    path = tmp_path / "h.csv"
    path.write_bytes(content)
    err = _backtest(tmp_path, capsys, path)
    assert expected in err
    assert len(err.splitlines()) == 2, err


def test_a_zip_named_csv_is_not_read_as_text(tmp_path):
    from landsim.inventory.csv_reader import read_csv_cells
    from landsim.scenario.schema.inventory_spec import InventorySpec

    path = tmp_path / "p.csv"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("a.txt", "hello")
    with pytest.raises(InputError, match="zip archive"):
        read_csv_cells(path, InventorySpec(path=str(path)), {})

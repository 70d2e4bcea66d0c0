"""One bad inventory per error message; expectations live in fixtures/bad_inventories/cases.yaml."""

from __future__ import annotations

import pytest
import yaml

from landsim.errors import InputError
from landsim.inventory.prepare import prepare
from landsim.scenario import load_scenario
from landsim.scenario.variants import deep_merge
from tests.conftest import FIXTURES, TINY

FOLDER = FIXTURES / "bad_inventories"
CASES = yaml.safe_load((FOLDER / "cases.yaml").read_text(encoding="utf-8"))


def _absolute(overrides: dict) -> dict:
    adj = overrides.get("adjacency", {})
    if "path" in adj:
        adj = {**adj, "path": str(FIXTURES / adj["path"])}
        overrides = {**overrides, "adjacency": adj}
    return overrides


def test_every_fixture_has_a_case():
    files = {p.name for p in FOLDER.glob("*.csv")}
    assert files == set(CASES), "add each bad inventory to cases.yaml (and only those)"


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_bad_inventory_gets_its_message(name):
    case = CASES[name]
    inventory = deep_merge(
        {"path": str((FOLDER / case.get("file", name)).resolve())},
        _absolute(case.get("inventory", {})),
    )
    scenario = load_scenario(TINY, overrides={"inventory": inventory})
    with pytest.raises(InputError) as info:
        prepare(scenario)
    lines = [str(p) for p in info.value.problems]
    for expected in case["expect"]:
        assert any(expected in line for line in lines), (expected, lines)
    assert len(lines) == case["count"], lines


def test_nothing_is_returned_for_a_bad_inventory():
    # the all-or-nothing contract: an exception, no partial Inventory object
    scenario = load_scenario(
        TINY, overrides={"inventory": {"path": str(FOLDER / "many_problems.csv")}}
    )
    with pytest.raises(InputError):
        result = prepare(scenario)
        del result


def test_a_header_of_thousands_of_columns_is_refused_before_parsing(tmp_path):
    """Text without line breaks (the wrong file) became millions of columns; pandas then
    renamed their duplicate names one by one, for minutes. It is refused at once."""
    path = tmp_path / "one_line.csv"
    path.write_text("abc,def;ghi\t" * 20_000, encoding="utf-8")
    scenario = load_scenario(TINY, overrides={"inventory": {"path": str(path)}})
    with pytest.raises(InputError) as info:
        prepare(scenario)
    (problem,) = info.value.problems
    assert "20,001 columns, at most 1,000" in problem.message
    assert problem.field == "inventory.header_row" and "line 1" in problem.where


def test_an_error_lists_a_screenful_of_kinds_and_counts_the_rest():
    from landsim.errors import MAX_KINDS, Problem

    problems = [Problem(f"p.csv, row {r}", f"column_{r}", f"bad value {r}") for r in range(75)]
    repeated = [Problem(f"p.csv, row {r}", "parcel_id", "duplicate id") for r in range(100, 900)]
    lines = InputError("p.csv: many problems", problems + repeated).render().splitlines()
    assert len(lines) == 1 + MAX_KINDS + 1
    assert lines[-1].startswith(f"  … and {76 - MAX_KINDS} other kinds of problem")


def _garbage(path, n_rows):
    """The tiny inventory's header over *n_rows* rows of text in every cell."""
    from tests.corpus.case import HEADER

    width = HEADER.count(",") + 1
    rows = (",".join(f"g{r}c{c}x" for c in range(width)) for r in range(n_rows))
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")


def test_a_garbage_file_is_counted_by_kind_not_worded_cell_by_cell(tmp_path, monkeypatch):
    """50 MB of garbage rows under a valid header (millions of bad cells) took half a
    minute and 2.5 GB: every cell became a message and a Problem. Past LISTED problems,
    each kind's first few are worded and the rest counted; the counts stay exact."""
    from landsim.errors import MAX_KINDS
    from landsim.inventory import load_table as load  # where cells are typed and worded
    from landsim.inventory.findings import LISTED, SHOWN, CountedError

    worded = []

    def counting(*args, **kwargs):
        worded.append(args)
        return bad_cell_message(*args, **kwargs)

    bad_cell_message = load.bad_cell_message
    monkeypatch.setattr(load, "bad_cell_message", counting)
    n = 3_000  # 7 number columns and a status: 8 bad cells a row, and an unknown platform
    path = tmp_path / "garbage.csv"
    _garbage(path, n)
    scenario = load_scenario(TINY, overrides={"inventory": {"path": str(path)}})
    with pytest.raises(InputError) as info:
        prepare(scenario)
    err = info.value
    assert 9 * n > LISTED
    assert len(worded) <= MAX_KINDS * SHOWN  # not one a cell: 24,000 before
    assert len(err.problems) <= MAX_KINDS * SHOWN
    assert isinstance(err, CountedError)
    lines = err.render().splitlines()
    assert lines[0].endswith(f"{9 * n:,} problems in the inventory")
    assert lines[1] == (
        "  garbage.csv, row 2 (parcel g0c0x): area_mu: 'g0c3x' is not a number; remove units "
        f"from cells and declare them in inventory.units (and {n - 1:,} more like it: "
        "row 3 (parcel g1c0x), row 4 (parcel g2c0x), row 5 (parcel g3c0x), …)"
    )
    assert "status: unknown value 'g0c5x'" in lines[3]
    assert len(lines) == 1 + MAX_KINDS + 2
    assert lines[-2] == (
        f"  garbage.csv: problems by column: area_mu {n:,}; far {n:,}; status {n:,}; "
        f"output {n:,}; tax {n:,}; value_added {n:,}; x {n:,}; y {n:,}; platform {n:,}"
    )
    # each unknown status and platform is a kind of its own; 7 number columns are 7
    assert lines[-1].startswith(f"  … and {7 + 2 * n - MAX_KINDS:,} other kinds of problem")


def test_a_few_bad_cells_are_each_listed_as_before(tmp_path):
    from landsim.inventory.findings import LISTED, CountedError

    path = tmp_path / "garbage.csv"
    _garbage(path, LISTED // 9)  # 9 problems a row: just under the limit
    scenario = load_scenario(TINY, overrides={"inventory": {"path": str(path)}})
    with pytest.raises(InputError) as info:
        prepare(scenario)
    assert not isinstance(info.value, CountedError)
    assert len(info.value.problems) == 9 * (LISTED // 9)
    rows = [int(p.where.split("row ")[1].split()[0]) for p in info.value.problems]
    assert rows == sorted(rows)


def test_a_counted_error_keeps_its_counts_when_an_inherited_setting_is_named_first():
    from landsim.errors import Problem
    from landsim.inventory.findings import CountedError, Kind

    shown = (Problem("p.csv, row 2", "area_mu", "bad"), Problem("p.csv, row 3", "area_mu", "bad"))
    err = CountedError("p.csv: 5,000 problems", [Kind(shown, 5_000)], 0, {"area_mu": 5_000})
    noted = err.preceded_by([Problem("s.yaml:3:3", "inventory.encoding", "inherited")])
    assert noted.render().splitlines() == [
        "p.csv: 5,000 problems",
        "  s.yaml:3:3: inventory.encoding: inherited",
        "  p.csv, row 2: area_mu: bad (and 4,999 more like it: row 3, …)",
    ]


def _error_of_edited_tiny(tmp_path, cells: dict[tuple[int, str], str]) -> str:
    """The error text of the tiny inventory with *cells* ((row, "id" or "area") → text)."""
    import pandas as pd

    frame = pd.read_csv(load_scenario(TINY).inventory.path, dtype=str)
    area = next(c for c in frame.columns if "area" in c.lower() or "面积" in c)
    columns = {"id": frame.columns[0], "area": area}
    for (row, column), text in cells.items():
        frame.loc[row, columns[column]] = text
    path = tmp_path / "edited.csv"
    frame.to_csv(path, index=False)
    scenario = load_scenario(TINY, overrides={"inventory": {"path": str(path)}})
    with pytest.raises(InputError) as info:
        prepare(scenario)
    return info.value.render()


def test_a_huge_cell_is_cut_in_the_inventorys_messages(tmp_path):
    """A cell of 1 MB made an error of 1 MB (the history's messages were already cut)."""
    huge = {(0, "area"): "9" * 10 + "x" * 1_000_000, (1, "area"): "x", (1, "id"): "P" * 500_000}
    text = _error_of_edited_tiny(tmp_path, huge)
    assert len(text) < 2_000
    assert "… (1,000,010 characters)' is not a number" in text
    assert f"(parcel {'P' * 80}… (500,000 characters))" in text


def test_a_parcel_id_cannot_send_escape_codes_to_the_terminal(tmp_path):
    """An id read from a file is printed in the error's place: its control characters
    are written as escapes, not sent to the terminal (which would obey them)."""
    escape = {(0, "id"): "P\x1b[2J\x1b]0;owned\x07", (0, "area"): "x"}
    text = _error_of_edited_tiny(tmp_path, escape)
    assert "\x1b" not in text and "\x07" not in text
    assert "(parcel P\\x1b[2J\\x1b]0;owned\\x07)" in text

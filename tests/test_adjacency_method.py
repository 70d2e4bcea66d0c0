"""Which adjacency rule a run used: recorded, read back, and said where contiguity is shown.

The point rule only approximates which parcels touch (docs/inventory.md, "How good is the
point rule?"); a run that used it says so in its manifest, its console, validate's
summary and the brief's header. A run without adjacency (``none``) says that contiguous
targets cannot be met.
"""

from __future__ import annotations

import dataclasses
import json

import matplotlib

matplotlib.use("Agg")

import pytest

import landsim
from landsim.cli import main
from landsim.cli.run_console import headline as console
from landsim.inventory.adjacency import resolved_method
from landsim.inventory.load import load_inventory
from landsim.plots.common import style_for
from landsim.plots.labels import t
from landsim.report.brief import header_height, header_lines
from landsim.report.headline import headline
from landsim.scenario import load_scenario
from tests.conftest import TINY, write_scenario

NOTES = ("points_note", "none_note")


def _table_scenario(folder):
    """The tiny fixture with its touching pairs from a table."""
    pairs = folder / "pairs.csv"
    pairs.write_text("parcel_id,neighbour_id\nP1,P2\nP2,P3\nP4,P5\n", encoding="utf-8")
    text = f"inventory:\n  adjacency: {{method: table, path: {pairs.as_posix()}}}\n"
    return write_scenario(folder, text, "table.yaml")


def _method_scenario(folder, method: str, extra: str = ""):
    text = f"inventory:\n  adjacency: {{method: {method}}}\n{extra}"
    return write_scenario(folder, text, f"{method}.yaml")


def test_auto_resolves_to_points_with_coordinates_and_none_without(tmp_path):
    scn = load_scenario(_method_scenario(tmp_path, "auto"))
    inventory = load_inventory(scn.inventory, scn.platforms)
    assert resolved_method(inventory, scn.inventory.adjacency) == "points"
    no_xy = tmp_path / "no_xy.csv"
    inventory.parcels.drop(columns=["x", "y"]).to_csv(no_xy, index=False)
    bare = load_scenario(_method_scenario(tmp_path, "auto", f"  path: {no_xy.as_posix()}\n"))
    assert (
        resolved_method(load_inventory(bare.inventory, bare.platforms), bare.inventory.adjacency)
        == "none"
    )
    table = load_scenario(_table_scenario(tmp_path))
    assert resolved_method(inventory, table.inventory.adjacency) == "table"


@pytest.mark.parametrize(("method", "expected"), [("auto", "points"), ("table", "table")])
def test_the_run_records_the_rule_it_used_and_the_run_folder_keeps_it(tmp_path, method, expected):
    scenario = (
        _table_scenario(tmp_path) if method == "table" else _method_scenario(tmp_path, method)
    )
    res = landsim.run(scenario)
    assert res.adjacency_method == expected
    out = tmp_path / "run"
    assert main(["run", str(scenario), "-o", str(out), "--no-xlsx"]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["adjacency_method"] == expected
    assert landsim.load_run(out).adjacency_method == expected


def test_a_run_folder_written_before_the_rule_was_recorded_loads_as_unknown(tmp_path):
    out = tmp_path / "old"
    assert main(["run", str(TINY), "-o", str(out), "--no-xlsx"]) == 0  # points
    manifest = out / "manifest.json"
    info = json.loads(manifest.read_text(encoding="utf-8"))
    del info["adjacency_method"]
    manifest.write_text(json.dumps(info), encoding="utf-8")
    res = landsim.load_run(out)
    assert res.adjacency_method == "unknown"
    st = style_for(res, "en")
    texts = [line[0] for line in header_lines(res, st, headline(res))]
    assert not any(t(note, "en") in texts for note in NOTES)  # no note it cannot back


@pytest.fixture(scope="module")
def tiny_run():
    return landsim.run(TINY)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("method", ["polygons", "table", "points", "none", "unknown"])
def test_the_brief_header_has_a_note_only_for_points_and_none(tiny_run, method, lang):
    st = style_for(tiny_run, lang)
    h = dataclasses.replace(headline(tiny_run), adjacency=method)
    text = "".join(line[0] for line in header_lines(tiny_run, st, h))
    for note in NOTES:
        said = t(note, lang).replace(" ", "") in text.replace(" ", "")  # wrapped in lines
        assert said == (note == f"{method}_note"), note
    exact = dataclasses.replace(h, adjacency="table")
    grows = header_height(tiny_run, st, h) > header_height(tiny_run, st, exact)
    assert grows == (method in ("points", "none"))  # page 1 makes room for the note


def test_headline_carries_the_runs_rule(tiny_run):
    assert headline(tiny_run).adjacency == "points"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_run_console_says_contiguity_is_approximate_only_for_points(tiny_run, tmp_path, lang):
    lines = console(tiny_run, lang).splitlines()
    assert lines.count(t("points_note", lang)) == 1
    table = landsim.run(_table_scenario(tmp_path))
    assert not any(t(note, lang) in console(table, lang) for note in NOTES)
    none = landsim.run(_method_scenario(tmp_path, "none"))
    assert console(none, lang).splitlines().count(t("none_note", lang)) == 1


def test_validate_names_the_rule_and_says_points_are_approximate(tmp_path, capsys):
    assert main(["validate", str(TINY), "--lang", "en"]) == 0
    out = capsys.readouterr().out.splitlines()
    at = next(i for i, line in enumerate(out) if line.startswith("Adjacency"))
    assert "touching pairs (points)" in out[at]
    assert out[at + 1].strip().startswith("approximate: from parcel centres")
    assert main(["validate", str(_table_scenario(tmp_path)), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "touching pairs (table)" in out and "approximate" not in out
    assert main(["validate", str(_method_scenario(tmp_path, "none")), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "touching pairs (none)" in out and "contiguous targets cannot be met" in out


def test_the_workbooks_headline_sheet_says_contiguity_is_approximate(tmp_path):
    """The brief said so, and the workbook analysts paste from did not."""
    import openpyxl

    def headline_sheet(scenario, out) -> str:
        assert main(["run", str(scenario), "-o", str(out), "--lang", "en"]) == 0
        book = openpyxl.load_workbook(out / "results.xlsx", read_only=True)
        sheet = book.worksheets[0]  # the headline sheet comes first
        return " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)

    lang = load_scenario(TINY).plots.lang
    assert t("points_note", lang) in headline_sheet(TINY, tmp_path / "points")
    table = headline_sheet(_table_scenario(tmp_path), tmp_path / "table")
    assert not any(t(note, lang) in table for note in NOTES)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_comparison_brief_names_the_runs_whose_contiguity_is_approximate(tmp_path, lang):
    """A run's brief said so under its title, and a comparison of it said nothing."""
    import re

    from matplotlib import pyplot as plt

    from landsim.analysis.compare import indicators
    from landsim.report.compare_brief import brief_pages
    from landsim.report.compare_names import scenario_titles
    from landsim.report.compare_notes import adjacency_notes
    from landsim.scenario.schema.base import Label
    from tests.plot_helpers import overlapping_texts, texts

    def titled(res, zh, en):
        title = Label(zh=zh, en=en)
        return dataclasses.replace(res, scenario=res.scenario.model_copy(update={"title": title}))

    table = titled(landsim.run(_table_scenario(tmp_path)), "按表相邻", "Pairs from a table")
    points = titled(landsim.run(TINY), "按中心点相邻", "Pairs from points")
    none = titled(landsim.run(_method_scenario(tmp_path, "none")), "无相邻", "No pairs")

    runs = [table, points, none]
    st = style_for(runs, lang)
    frame, period = indicators(runs)
    with plt.rc_context(st.rc()):
        pages = brief_pages(runs, st, frame, period)
        drawn = re.sub(r"\s", "", "".join(texts(pages[0])))  # the notes wrap
        assert overlapping_texts(pages[0]) == []  # the header made room for them
        for page in pages:
            plt.close(page)
    titles = scenario_titles(runs, lang)
    for key, names in (("points_note", titles[1]), ("none_note", titles[2])):
        assert re.sub(r"\s", "", t(f"compare_{key}", lang, names=names)) in drawn
    assert not any(re.sub(r"\s", "", t(key, lang)) in drawn for key in NOTES)  # unnamed
    assert adjacency_notes([table, table], st) == []  # polygons or a table: no note
    every = t("compare_points_note", lang, names=t("every_scenario", lang))
    assert adjacency_notes([points, points], st) == [every]
    assert adjacency_notes([points, table], st) == [
        t("compare_points_note", lang, names=scenario_titles([points, table], lang)[0])
    ]

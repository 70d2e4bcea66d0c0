from __future__ import annotations

import json
from datetime import datetime

import pandas as pd
import pytest

import landsim
from landsim.cli import main
from landsim.report import write as write_mod
from landsim.report.headers import sheet_name
from landsim.report.write import sha256
from tests.conftest import FIXTURES, ROOT
from tests.test_workbook import at_time

HAND = FIXTURES / "hand" / "scenario.yaml"


def test_three_lines_in_a_notebook():
    res = landsim.run(ROOT / "scenarios" / "xiaoshan_2024.yaml")
    table = res.table("area|revitalized")
    assert list(res.long.columns) == ["scenario", "platform", "variable", "unit", "year", "value"]
    assert table.index.tolist() == res.scenario.horizon.all_years and "district" in table.columns


def test_run_writes_every_table(tmp_path, capsys):
    out = tmp_path / "萧山 结果" / "第一次"
    assert main(["run", str(HAND), "-o", str(out)]) == 0
    names = {p.name for p in out.iterdir()}
    for table in ("long", "parcels", "shortfalls", "projects"):
        assert {f"{table}.csv", f"{table}.parquet"} <= names
    assert {"results.xlsx", "scenario.yaml", "manifest.json"} <= names
    raw = (out / "parcels.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel shows Chinese correctly
    long = pd.read_csv(out / "long.csv", encoding="utf-8-sig")
    pd.testing.assert_frame_equal(long, pd.read_parquet(out / "long.parquet"), check_dtype=False)
    sheets = pd.read_excel(out / "results.xlsx", sheet_name=None)
    tables = ["long", "parcels", "shortfalls", "projects"]
    assert list(sheets)[1:] == [sheet_name(t, "zh") for t in tables]  # the fixture's lang
    assert next(iter(sheets)) == "结论"  # the workbook opens on the headline
    assert len(sheets[sheet_name("parcels", "zh")]) == 6
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    hashes = {p["path"]: p["sha256"] for p in manifest["inputs"]}
    inventory = FIXTURES / "hand" / "parcels.csv"
    assert hashes[str(inventory)] == sha256(inventory)
    assert hashes[str(HAND)] == sha256(HAND)
    assert manifest["seed"] == 0 and manifest["draws"] == 1 and "simulate" in manifest["timings"]
    assert "连片腾换产业空间" in capsys.readouterr().out  # the fixture's lang


def test_a_rerun_differs_only_in_the_manifests_entries_about_the_run(tmp_path, monkeypatch):
    runs = []
    for hour in (9, 17):  # the same scenario and seed, run at two times
        at_time(monkeypatch, datetime(2030, 1, 1, hour))
        out = tmp_path / f"run{hour}"
        assert main(["run", str(HAND), "-o", str(out), "--draws", "3", "--write-draws"]) == 0
        runs.append(out)
    names = sorted(p.name for p in runs[0].iterdir())
    assert names == sorted(p.name for p in runs[1].iterdir())
    assert {"results.xlsx", "draws.parquet", "quantiles.parquet"} <= set(names)
    for name in names:
        if name != "manifest.json":
            assert (runs[0] / name).read_bytes() == (runs[1] / name).read_bytes(), name
    first, second = (json.loads((r / "manifest.json").read_text(encoding="utf-8")) for r in runs)
    varying = first["differs_between_runs"]
    assert varying == ["created", "command", "timings"]
    assert first["created"] != second["created"]

    def rest(info: dict) -> dict:
        return {k: v for k, v in info.items() if k not in varying}

    assert rest(first) == rest(second)


def test_resolved_scenario_reproduces_the_run(tmp_path):
    out = tmp_path / "first"
    assert main(["run", str(HAND), "-o", str(out), "--no-xlsx"]) == 0
    again = landsim.run(out / "scenario.yaml")
    first = pd.read_csv(out / "long.csv", encoding="utf-8-sig")
    pd.testing.assert_frame_equal(first, again.long.reset_index(drop=True), check_dtype=False)


def test_a_seed_given_on_the_command_line_is_the_resolved_scenarios(tmp_path):
    out = tmp_path / "seeded"
    assert main(["run", str(HAND), "-o", str(out), "--no-xlsx", "--seed", "7"]) == 0
    assert landsim.load_scenario(out / "scenario.yaml").seed == 7  # it kept the file's seed
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["seed"] == 7


def test_a_shorter_variants_run_folder_loads_again(tmp_path):
    # the base's {2024: 5, 2027: 6} is a note in a variant ending in 2026; flattened into
    # the run's scenario.yaml it was refused, so brief, compare and a rerun all failed
    variant = tmp_path / "short.yaml"
    base = (ROOT / "scenarios" / "xiaoshan_2024_csv.yaml").as_posix()
    variant.write_text(
        f"extends: {base}\nhorizon: {{start: 2024, end: 2026, run_out_years: 0}}\n",
        encoding="utf-8",
    )
    from landsim.scenario.consistency import unused_years

    assert list(unused_years(landsim.load_scenario(variant)))  # the case this is about
    out = tmp_path / "run"
    assert main(["run", str(variant), "-o", str(out), "--no-xlsx"]) == 0
    again = landsim.run(out / "scenario.yaml")
    first = pd.read_csv(out / "long.csv", encoding="utf-8-sig")
    pd.testing.assert_frame_equal(first, again.long.reset_index(drop=True), check_dtype=False)


def test_existing_run_is_not_overwritten_without_force(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["run", str(HAND), "-o", str(out), "--no-xlsx"]) == 0
    before = (out / "manifest.json").read_bytes()
    assert main(["run", str(HAND), "-o", str(out), "--no-xlsx"]) == 2
    assert "--force" in capsys.readouterr().err
    assert (out / "manifest.json").read_bytes() == before
    assert main(["run", str(HAND), "-o", str(out), "--no-xlsx", "--force"]) == 0
    assert (out / "manifest.json").read_bytes() != before  # new timestamp and timings


def test_force_replaces_only_a_folder_landsim_wrote(tmp_path, capsys):
    run = tmp_path / "run"
    assert main(["run", str(HAND), "-o", str(run), "--no-xlsx"]) == 0
    mine = tmp_path / "documents"
    (mine / "data").mkdir(parents=True)
    (mine / "thesis.docx").write_text("x", encoding="utf-8")
    (mine / "data" / "a.csv").write_text("x", encoding="utf-8")
    for cmd in (["run", str(HAND), "--no-xlsx"], ["brief", str(run), "--lang", "en"]):
        assert main([*cmd, "-o", str(mine), "--force"]) == 2
        err = capsys.readouterr().err
        assert "holds files landsim did not write" in err and "-o" in err
    assert sorted(str(p.relative_to(mine)) for p in mine.rglob("*")) == [
        "data",
        "data/a.csv",
        "thesis.docx",
    ]
    brief = tmp_path / "brief"  # no manifest: the marker says landsim wrote it
    assert main(["brief", str(run), "--lang", "en", "-o", str(brief)]) == 0
    assert (brief / ".landsim").is_file()
    assert main(["brief", str(run), "--lang", "en", "-o", str(brief), "--force"]) == 0


def test_a_failure_while_writing_leaves_nothing(tmp_path, monkeypatch):
    out = tmp_path / "run"

    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(write_mod, "_workbook", broken)
    assert main(["run", str(HAND), "-o", str(out)]) == 2  # the machine's problem, said plainly
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no half folder, no temporary left behind


def test_a_failure_keeps_the_previous_run(tmp_path, monkeypatch):
    out = tmp_path / "run"
    assert main(["run", str(HAND), "-o", str(out), "--no-xlsx"]) == 0
    before = sorted(p.name for p in out.iterdir())
    monkeypatch.setattr(write_mod, "_workbook", lambda *args: (_ for _ in ()).throw(OSError("x")))
    assert main(["run", str(HAND), "-o", str(out), "--force"]) == 2
    assert sorted(p.name for p in out.iterdir()) == before


@pytest.mark.parametrize(
    "name", ["accelerated", "contiguity_first", "major_project_first", "tight_budget"]
)
def test_variants_extend_the_default(name):
    from landsim.scenario import load_scenario, scenario_source

    scn = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
    src = scenario_source(scn)
    assert src is not None and any(f.name == "xiaoshan_2024.yaml" for f in src.files)
    assert scn.title is not None and scn.description


def test_a_run_folder_written_before_the_chinese_details_loads(tmp_path):
    # shortfalls.csv without detail_zh (landsim before it): empty, so every table has it
    from landsim.accounting.tables import SHORTFALL_COLUMNS
    from landsim.report.workbook import write_workbook

    out = tmp_path / "old"
    assert main(["run", str(HAND), "-o", str(out), "--no-xlsx"]) == 0
    csv = out / "shortfalls.csv"
    old = pd.read_csv(csv, encoding="utf-8-sig").drop(columns="detail_zh")
    old.to_csv(csv, index=False, encoding="utf-8-sig")
    res = landsim.load_run(out)
    assert list(res.shortfalls.columns) == SHORTFALL_COLUMNS
    assert (res.shortfalls["detail_zh"] == "").all() and (res.shortfalls["detail"] != "").all()
    tables = {"long": res.long, "parcels": res.parcels, "shortfalls": res.shortfalls}
    write_workbook(tmp_path / "old.xlsx", {**tables, "projects": res.projects}, res.scenario)
    sheets = pd.read_excel(tmp_path / "old.xlsx", sheet_name=None)
    assert sheets[sheet_name("shortfalls", "zh")].columns[-1] == "说明（中文）\ndetail_zh"


def test_load_run_reads_ids_as_written(tmp_path):
    from tests.conftest import TINY, write_scenario

    ids = [f"{i:04d}" for i in range(1, 7)]  # 0007 is an id, not the number 7
    parcels = pd.read_csv(TINY.parent / "parcels.csv").assign(parcel_id=ids)
    parcels.to_csv(tmp_path / "parcels.csv", index=False)
    inventory = (tmp_path / "parcels.csv").as_posix()
    scenario = write_scenario(
        tmp_path, f"inventory: {{path: {inventory}, adjacency: {{method: none}}}}\n"
    )
    out = tmp_path / "run"
    assert main(["run", str(scenario), "-o", str(out), "--no-xlsx", "--draws", "2"]) == 0
    res = landsim.load_run(out)
    assert res.parcels["parcel_id"].tolist() == ids
    assert pd.read_parquet(out / "parcels.parquet")["parcel_id"].tolist() == ids
    live = landsim.run(scenario)
    assert res.parcels_key == live.parcels_key  # a comparison sees the same parcels

"""The README's "Your own data" section works as written, on a GB18030 file of one's own."""

from __future__ import annotations

import json
import re

import pandas as pd

from landsim.cli import main
from tests.conftest import ROOT

SECTION = (ROOT / "README.md").read_text(encoding="utf-8").split("## Your own data")[1]
SECTION = SECTION.split("\n## ")[0]
YAML = re.search(r"```yaml\n(.*?)```", SECTION, re.S).group(1)
BASH = re.search(r"```bash\n(.*?)```", SECTION, re.S).group(1)
SIX = {
    "地块编号": "parcel_id",
    "所属平台": "platform",
    "用地面积（亩）": "area_mu",
    "行业": "industry",
    "产值（万元）": "output",
    "税收（万元）": "tax",
}


def _own_file(path, **more):
    """A district's export with the README's six headers (and *more*), GB18030."""
    parcels = pd.read_csv(ROOT / "data" / "xiaoshan_synthetic.csv").iloc[::5]
    own = pd.DataFrame({h: parcels[c] for h, c in {**SIX, **more}.items()})
    own.to_csv(path, index=False, encoding="gb18030")
    return parcels


def test_the_readme_scenario_validates_and_runs(tmp_path, capsys):
    folder = tmp_path / "我的数据"  # any folder: no scenarios/ of a checkout beside it
    folder.mkdir()
    parcels = _own_file(folder / "亩均评价2023.csv", 状态="status")
    above = int((parcels["output"] >= 2000).sum())  # 规上 by revenue: no size column mapped
    name = YAML.splitlines()[0].removeprefix("# ")
    scenario = folder / name
    scenario.write_text(YAML, encoding="utf-8")
    assert main(["validate", str(scenario), "--lang", "en"]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert f"{len(parcels):,} parcels" in out
    assert f"Warning: {above:,} of {above:,} operating 规上 (above-size) firms have no 亩均" in out
    assert "map value_added (增加值)" in out
    assert "Did you mean to map 状态 → status?" in out
    assert main(["run", str(scenario), "-o", str(tmp_path / "run"), "--no-xlsx"]) == 0
    long = pd.read_csv(tmp_path / "run" / "long.csv", encoding="utf-8-sig")
    treated = long[(long["variable"] == "area|revitalized") & (long["platform"] == "district")]
    assert treated["value"].sum() > 0  # the user's own parcels were treated


def test_the_readme_two_commands_reach_a_first_run(tmp_path, monkeypatch, capsys):
    _own_file(tmp_path / "亩均评价2023.csv", **{"增加值（万元）": "value_added", "X坐标": "x"})
    monkeypatch.chdir(tmp_path)
    commands = [line.split("#")[0].split() for line in BASH.splitlines() if line.strip()]
    assert [c[:2] for c in commands] == [["landsim", "init"], ["landsim", "run"]]
    assert main(commands[0][1:]) == 0
    said = capsys.readouterr().out
    assert "encoding gb18030" in said and "OK: the scenario is valid" in said
    assert main([*commands[1][1:], "--no-xlsx"]) == 0
    manifest = json.loads((tmp_path / "runs" / "亩均评价2023" / "manifest.json").read_text("utf-8"))
    assert "long.csv" in manifest["files"] and manifest["draws"] == 1

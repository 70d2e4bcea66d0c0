"""The README's "Your own data" section works as written, on a GB18030 file of one's own."""

from __future__ import annotations

import re
import shutil

import pandas as pd

from landsim.cli import main
from tests.conftest import DEFAULT, ROOT

SECTION = (ROOT / "README.md").read_text(encoding="utf-8").split("## Your own data")[1]
SECTION = SECTION.split("\n## ")[0]
YAML = re.search(r"```yaml\n(.*?)```", SECTION, re.S).group(1)
BASH = re.search(r"```bash\n(.*?)```", SECTION, re.S).group(1)


def _own_file(folder):
    """A district's export: the README's headers, GB18030, a subset of the bundled parcels."""
    parcels = pd.read_csv(ROOT / "data" / "xiaoshan_synthetic.csv").iloc[::5]
    own = pd.DataFrame(
        {
            "地块编号": parcels["parcel_id"],
            "所属平台": parcels["platform"],
            "用地面积（亩）": parcels["area_mu"],
            "行业": parcels["industry"],
            "产值（万元）": parcels["output"],
            "税收（万元）": parcels["tax"],
            "增加值（万元）": parcels["value_added"],
            "X坐标": parcels["x"],
            "Y坐标": parcels["y"],
            "企业状态": parcels["status"].map({"operating": "在产", "idle": "闲置"}),
        }
    )
    own.to_csv(folder / "亩均评价2023.csv", index=False, encoding="gb18030")


def test_the_readme_scenario_validates_and_runs(tmp_path, capsys):
    (tmp_path / "scenarios").mkdir()
    shutil.copy(DEFAULT, tmp_path / "scenarios")
    _own_file(tmp_path)
    scenario = tmp_path / "my_scenario.yaml"
    scenario.write_text(YAML, encoding="utf-8")
    assert main(["validate", str(scenario)]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "8,058" not in out and "1,612 parcels" in out
    assert "have no 亩均 score" not in out  # tax and value added rate 规上 firms
    assert "did you mean to map 企业状态 → status?" in out.replace("Did", "did")
    assert main(["run", str(scenario), "-o", str(tmp_path / "run"), "--no-xlsx"]) == 0
    assert (tmp_path / "run" / "long.csv").is_file()


def test_the_readme_two_commands_reach_a_first_run(tmp_path, monkeypatch, capsys):
    _own_file(tmp_path)
    monkeypatch.chdir(tmp_path)
    commands = [line.split("#")[0].split() for line in BASH.splitlines() if line.strip()]
    assert [c[:2] for c in commands] == [["landsim", "init"], ["landsim", "run"]]
    assert main(commands[0][1:]) == 0
    said = capsys.readouterr().out
    assert "encoding gb18030" in said and "OK: the scenario is valid" in said
    assert main([*commands[1][1:], "--no-xlsx"]) == 0
    assert (tmp_path / "runs" / "亩均评价2023" / "manifest.json").is_file()

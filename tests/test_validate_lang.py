"""``landsim validate --lang zh|en``: the report in the scenario's language by default.

The English report is the one scripts have read: tests/fixtures/validate_en holds it as
landsim printed it before the report spoke Chinese (paths replaced by ``<ROOT>``,
``<CASE>`` and ``<PROGRAMME>``), byte for byte.
"""

from __future__ import annotations

import re

import pytest

from landsim.cli import main
from landsim.cli.advice import ADVICE
from landsim.cli.console import display_width
from landsim.cli.validate_console import RULES_ZH, VALIDATE
from landsim.scenario import bundled
from tests.conftest import DEFAULT, FIXTURES, ROOT, write_scenario

HAND = FIXTURES / "hand" / "scenario.yaml"
EXPECTED = FIXTURES / "validate_en"

#: Firms rated on tax alone, headers left unmapped (tests/test_validate_advice.py).
TAX_ONLY = (
    "parcel_id,platform,area_mu,industry,size_class,output,tax,状态,容积率,增加值\n"
    "P1,a,10,textiles,above,3000,15,在产,0.8,600\n"
    "P2,a,20,textiles,above,8000,200,在产,1.2,1800\n"
    "P3,b,30,machinery,below,1500,30,在产,1.5,300\n"
)


def _tax_only(folder):
    (folder / "p.csv").write_text(TAX_ONLY, encoding="utf-8")
    return write_scenario(folder, "inventory: {path: p.csv, adjacency: {method: none}}\n")


def _validate(capsys, scenario, *lang: str) -> str:
    assert main(["validate", str(scenario), *lang]) == 0
    return capsys.readouterr().out


def _expected(name: str, case=None) -> str:
    text = (EXPECTED / f"{name}.txt").read_text(encoding="utf-8")
    text = text.replace("<PROGRAMME>", str(bundled.path_of("landsim:xiaoshan_2024")))
    text = text.replace("<CASE>", str(case)) if case is not None else text
    return text.replace("<ROOT>", str(ROOT))


def test_the_english_report_is_unchanged_byte_for_byte(capsys, tmp_path):
    assert _validate(capsys, HAND, "--lang", "en") == _expected("hand")
    case = _tax_only(tmp_path)
    assert _validate(capsys, case, "--lang", "en") == _expected("taxonly", tmp_path)


def test_the_english_report_of_the_bundled_scenario_is_unchanged(capsys):
    # bridges, a title, the bundled programme, every rule and the distributions
    assert _validate(capsys, DEFAULT, "--lang", "en") == _expected("default")


def test_the_report_speaks_the_scenarios_language(capsys, tmp_path):
    said = _validate(capsys, HAND)  # plots.lang is zh unless the scenario says otherwise
    assert said == _validate(capsys, HAND, "--lang", "zh")
    lines = said.splitlines()
    assert lines[1] == "规划期     2024—2027年（地块表为2023年数据，即基年）"
    assert lines[5:9] == [
        "平台       地块（宗）  面积（亩）  闲置（亩）  占全区",
        "甲区（a）           3        35.0         5.0   41.2%",
        "乙区（b）           3        50.0         0.0   58.8%",
        "全区                6        85.0         5.0  100.0%",
    ]
    assert lines[10].startswith("相邻关系   相邻地块4对（按地块中心点）；连片区块2个，最大50亩")
    at = lines.index("低效用地（按认定规则，模拟首年）：")
    assert lines[at + 1 : at + 9] == [
        "  亩均税收低于2万元/亩（2024年）  3宗  38.0亩  44.7%",
        "  容积率低于1                     2宗  22.0亩  25.9%",
        "  闲置                            1宗   5.0亩   5.9%",
        "  符合任一规则                    5宗  55.0亩  64.7%",
        "  不纳入处置（不会被选中）        0宗   0.0亩   0.0%",
        "  → 腾退（2024年候选）            3宗  38.0亩  44.7%",
        "  → 整治提升（2024年候选）        1宗  12.0亩  14.1%",
        "  → 盘活闲置（2024年候选）        1宗   5.0亩   5.9%",
    ]
    assert "1宗地块（5.0亩）无容积率，腾退时其建筑按容积率1补偿" in said
    assert "平台增速至多为全区的1.00倍；目标1.5倍无法达成。" in said
    assert said.endswith("\n检查通过：情景及其地块表有效。\n")
    words = said.replace(str(HAND.parent / "parcels.csv"), "")  # the file's name aside
    assert not re.search(r"\b(parcels|mu|Horizon|OK)\b", words)
    english = write_scenario(tmp_path, "plots: {lang: en}\n")
    assert _validate(capsys, english).startswith("Scenario   scenario\nExtends ")


def test_chinese_warnings_are_worded_and_counted(capsys, tmp_path):
    said = _validate(capsys, _tax_only(tmp_path), "--lang", "zh")
    assert (
        "\n警告：2家在产规上企业中有2家没有亩均评价得分，因此没有评价等级（A–D），不会按等级"
        "被选中：其已有指标的权重合计为30%（中位数），低于 evaluation.min_known_weight（0.5）。"
    ) in said
    assert "  如需评价：在 inventory.columns 中映射 value_added（增加值）、energy_tce" in said
    assert "；或设置 evaluation.min_known_weight: 0.29（或 evaluation.missing: zero）" in said
    assert (
        "\n是否要将 状态 映射为 status？（添加 inventory.columns.status: 状态；"
        "目前：每宗地块均为 'operating'）"
    ) in said
    assert "目前：每宗地块均缺失）" in said
    assert "相邻地块0对（无）" in said and "没有相邻的地块：每个区块只有一宗地块" in said
    assert said.endswith("\n检查通过：情景及其地块表有效（上文有4条警告）。\n")
    assert "Warning" not in said and "Did you mean" not in said


def test_chinese_land_left_out_and_the_bundled_scenario(capsys, tmp_path):
    from tests.test_land_use import _case, _hand

    said = _validate(capsys, _case(tmp_path, _hand()), "--lang", "zh")
    assert "低效用地（按认定规则，模拟首年；只计工业用地）：" in said
    assert "  　其中非工业用地（按用地性质）  2宗  22.0亩  25.9%" in said
    assert (
        "\n注：2宗地块（22.0亩）的用地性质不是工业用地（商服用地2宗），不纳入腾笼换鸟："
        "不会被选中处置，也不参加亩均评价。\n"
        "  如需纳入，请将其用地性质列入 inventory.industrial_land_uses。\n"
    ) in said
    bundled_said = _validate(capsys, DEFAULT, "--lang", "zh")
    assert "跨路连通   跨路相邻地块2,672对（来自相邻关系表）" in bundled_said
    assert "  亩均评价C、D类 " in bundled_said and "  退出类行业（印染） " in bundled_said
    assert "16个参数为概率分布（使用 --draws 时抽样；单次运行取中心值）：" in bundled_said


def test_chinese_tables_line_up_in_a_terminal(capsys):
    said = _validate(capsys, DEFAULT, "--lang", "zh").split("\n\n")
    table = next(block for block in said if block.startswith("平台"))
    rules = next(block for block in said if block.startswith("低效用地")).splitlines()[1:]
    for block in (table.splitlines(), rules):  # right-aligned: every row ends in one column
        assert len({display_width(line) for line in block}) == 1, block


@pytest.mark.parametrize(
    "texts",
    [[zh for zh, _ in VALIDATE.values()], [zh for zh, _ in ADVICE.values()], RULES_ZH.values()],
    ids=["validate", "advice", "rules"],
)
def test_chinese_words_use_full_width_punctuation(texts):
    for text in texts:
        words = re.sub(r"\{[^}]*\}", "", text)  # format fields: {n:,}
        words = re.sub(r"[\w.\[\]]+: [\w.]+", "", words)  # a scenario key and its value
        assert not set(words) & set("(),;"), text

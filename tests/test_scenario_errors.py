"""One invalid scenario fixture per error message, all through one parametrized test."""

from __future__ import annotations

import re

import pytest

from landsim.errors import InputError
from landsim.scenario import load_scenario
from landsim.scenario.hints import MISTAKES
from tests.conftest import FIXTURES

BAD = sorted((FIXTURES / "bad_scenarios").glob("*.yaml"))


def _expected(path):
    first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8")
    m = re.match(r"# expect: (.*)", first)
    assert m, f"{path.name} must start with '# expect: <message>'"
    return m.group(1)


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_each_bad_scenario_gets_its_message(path):
    with pytest.raises(InputError) as info:
        load_scenario(path)
    rendered = info.value.render()
    assert _expected(path) in rendered


def test_every_problem_is_reported_at_once(tmp_path):
    path = tmp_path / "many.yaml"
    path.write_text(
        "horizn: {start: 2024}\n"
        "seed: -1\n"
        "inventory: {path: x.csv, encodng: utf-8}\n"
        "platforms: {a: {name: {zh: 甲, en: A}, is_platfrom: true}}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_scenario(path)
    lines = [str(p) for p in info.value.problems]
    assert len(lines) == 5, lines
    assert any("horizn" in ln and "did you mean 'horizon'" in ln for ln in lines)
    assert any(ln.startswith(f"{path}:2:1: seed:") for ln in lines)
    assert any("encodng" in ln and "did you mean 'encoding'" in ln for ln in lines)
    assert any("is_platfrom" in ln and "did you mean 'is_platform'" in ln for ln in lines)
    assert any("horizon: required" in ln for ln in lines)


def test_problems_are_sorted_by_line(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(
        "zzz: 1\nhorizon: {start: 2024, end: 2025}\ninventory: {path: x.csv}\n"
        "platforms: {a: {name: {zh: 甲, en: A}}}\naaa: 2\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_scenario(path)
    assert [p.where.split(":")[-2] for p in info.value.problems] == ["1", "5"]


def test_chinese_text_keeps_its_full_width_punctuation(tmp_path):
    """Full-width characters are refused only where YAML needs ASCII, never in text."""
    path = tmp_path / "s.yaml"
    path.write_text(
        f"extends: {(FIXTURES / 'tiny' / 'scenario.yaml').as_posix()}\n"
        "title: {zh: 连片优先：三年，完成, en: “Contiguity” first}\n"
        "description: |\n"
        "  \u3000\u3000目标：每年腾退 2,000 亩，连片。\n"
        "platforms:\n"
        "  b: {name: {zh: 乙区, en: Zone B}, aliases: [乙, '乙，二']}\n"
        "inventory: {columns: {output: GDP：万元}}\n",
        encoding="utf-8",
    )
    scn = load_scenario(path)
    assert scn.title.zh == "连片优先：三年，完成"
    assert scn.title.en == "“Contiguity” first"
    assert scn.description.startswith("\u3000\u3000目标：")
    assert scn.platforms["b"].aliases == ["乙", "乙，二"]
    assert scn.inventory.columns.output == "GDP：万元"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("quotas: {vacate_mu: 15%}", "the value must be a number, got '15%'; write one number"),
        ("selection: {refusal_probability: 150}", "must be ≤ 1; got 150\n"),
        ("evaluation: {cap: 150%}", "expected a number, got '150%'\n"),
        (
            "treatments: {vacate: {land_compensation_per_mu: {dist: uniform, low: 5%, high: 9}}}",
            "low: expected a number, got '5%'\n",
        ),
        (
            "treatments: {upgrade: {lag_years: {dist: uniform, low: -5, high: 20}}}",
            "must be ≥ 0; the distribution reaches -5\n",
        ),
    ],
)
def test_percent_hints_only_for_shares_given_in_percent(tmp_path, text, message):
    """An area in percent, a share of 150, or a distribution of money or years in percent
    gets no 'write 0.15' hint."""
    path = tmp_path / "s.yaml"
    path.write_text(f"extends: {(FIXTURES / 'tiny' / 'scenario.yaml').as_posix()}\n{text}\n")
    with pytest.raises(InputError) as info:
        load_scenario(path)
    rendered = info.value.render() + "\n"
    assert message in rendered
    assert " as 0." not in rendered and "means" not in rendered


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.wrote for m in MISTAKES])
def test_each_common_mistake_in_the_reference_gets_its_message(tmp_path, mistake):
    """docs/scenario-reference.md's "Common mistakes": the message it shows, and the fix."""
    path = tmp_path / "s.yaml"
    head = f"extends: {(FIXTURES / 'tiny' / 'scenario.yaml').as_posix()}\n{mistake.section}"
    path.write_text(f"{head}{mistake.wrote}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_scenario(path)
    assert mistake.says in info.value.render()
    path.write_text(f"{head}{mistake.right}\n", encoding="utf-8")
    load_scenario(path)


UNIT = "numbers carry no unit in a scenario file: the unit is the key's, which "


@pytest.mark.parametrize(
    ("text", "where", "write"),
    [
        ("quotas: {vacate_mu: 2500亩}", "quotas.vacate_mu", "2500"),
        ("quotas:\n  vacate_mu: 2,500亩", "quotas.vacate_mu", "2500"),
        ("quotas: {vacate_mu: 2,500 亩}", "quotas.vacate_mu", "2500"),
        ("quotas: {vacate_mu: {2024: ２５００亩}}", "quotas.vacate_mu", "2500"),
        ("treatments: {vacate: {land_compensation_per_mu: 85万元}}", "compensation_per_mu", "85"),
        ("inventory: {adjacency: {bridge_gap_m: 30米}}", "adjacency.bridge_gap_m", "30"),
        ("inventory: {adjacency: {bridge_gap_m: 30 m}}", "adjacency.bridge_gap_m", "30"),
        ("horizon: {start: 2024, end: 2026, run_out_years: 5年}", "run_out_years", "5"),
        (
            "treatments: {vacate: {prep_years: {dist: uniform, low: 1年, high: 2}}}",
            "low: expected a number, got '1年'",
            "1",
        ),
    ],
)
def test_a_number_with_its_unit_is_told_to_leave_the_unit_out(tmp_path, text, where, write):
    """``2500亩``, ``85万元``, ``30米``: the number is in the key's unit; write it alone."""
    path = tmp_path / "s.yaml"
    head = f"extends: {(FIXTURES / 'tiny' / 'scenario.yaml').as_posix()}\n"
    path.write_text(f"{head}{text}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_scenario(path)
    rendered = info.value.render()
    assert where in rendered
    assert UNIT in rendered and f"docs/scenario-reference.md gives; write {write}" in rendered
    assert rendered.count("write") == 1, rendered  # one hint, not a second "write one number"


@pytest.mark.parametrize(
    ("dist", "right"),
    [
        ("{dist: uniform, low: 5, high: 20}", "{dist: uniform, low: 0.05, high: 0.2}"),
        ("{dist: uniform, low: 5%, high: 20%}", "{dist: uniform, low: 0.05, high: 0.2}"),
        ("{dist: uniform, low: ５％, high: 0.2}", "{dist: uniform, low: 0.05, high: 0.2}"),
        ("{dist: triangular, low: 1, mode: 10%, high: 20}", "low: 0.01, mode: 0.1, high: 0.2}"),
        (
            "{dist: lognormal, median: 10, sigma: 0.3, high: 40}",
            "median: 0.1, sigma: 0.3, high: 0.4",
        ),
        (
            "{dist: choice, values: [5, 10], weights: [1, 3]}",
            "values: [0.05, 0.1], weights: [1, 3]",
        ),
    ],
)
def test_a_distribution_of_a_share_in_percent_gets_the_percent_hint(tmp_path, dist, right):
    """The rule for ``15%`` and ``15``, applied to a distribution's bounds and parameters."""
    path = tmp_path / "s.yaml"
    head = f"extends: {(FIXTURES / 'tiny' / 'scenario.yaml').as_posix()}\n"
    path.write_text(f"{head}selection: {{refusal_probability: {dist}}}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_scenario(path)
    rendered = info.value.render()
    assert "selection.refusal_probability" in rendered and right in rendered, rendered
    fixed = re.search(r"write .*?(\{dist: .*\})", rendered)
    assert fixed, rendered
    path.write_text(f"{head}selection: {{refusal_probability: {fixed[1]}}}\n", encoding="utf-8")
    assert 0 < load_scenario(path).selection.refusal_probability.central() < 1

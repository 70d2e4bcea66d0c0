"""``landsim run``'s console in Chinese and English: words, alignment, the --lang default."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from landsim.cli import main, parser
from landsim.cli.run import display_width
from tests.conftest import FIXTURES

HAND = (FIXTURES / "hand" / "scenario.yaml").as_posix()
#: The hand fixture with two run-out years and three phases of major projects: one
#: placed, one that does not go ahead (probability below 50 %), one without land.
PROJECTS = """\
extends: {hand}
plots: {{lang: {lang}}}
horizon: {{start: 2024, end: 2027, run_out_years: 2}}
candidates: {{tax_per_mu_below: 1.1}}
treatments: {{vacate_when: {{tax_per_mu_below: 1.1}}}}
major_projects:
  works:
    name: {{zh: 工程, en: Works}}
    platform: b
    industry: fresh
    admit: any
    phases:
      - {{area_mu: 10, year: 2024}}
      - {{area_mu: 10, year: 2025, probability: 0.4}}
  big: {{name: {{zh: 大项目, en: Big}}, platform: b, area_mu: 100, year: 2025, industry: fresh}}
"""
CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"


def _scenario(tmp_path, lang: str = "zh"):
    path = tmp_path / "projects.yaml"
    path.write_text(PROJECTS.format(hand=HAND, lang=lang), encoding="utf-8")
    return path


def _run(tmp_path, capsys, *flags: str, lang: str = "zh") -> tuple[str, object]:
    out = tmp_path / "out"
    argv = ["run", str(_scenario(tmp_path, lang)), "-o", str(out), "--no-xlsx", *flags]
    assert main(argv) == 0
    return capsys.readouterr().out, out


def _table(out: str, first: str) -> list[str]:
    """The lines from the one starting with *first* to the next empty or footnote line."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(first))
    rows = []
    for line in lines[start:]:
        if not line.strip() or line.startswith("*"):
            break
        rows.append(line)
    return rows


def _right_edges(line: str) -> list[int]:
    """Terminal columns where the line's cells (two or more spaces apart) end."""
    return [display_width(line[: m.end()]) for m in re.finditer(r"\S+(?: \S+)*", line)]


def _number_ends(line: str) -> list[int]:
    """Terminal columns where the line's numbers end (a year's * and a ✓ or ✗ left out)."""
    return [display_width(line[: m.end()]) for m in re.finditer(r"[-+]?\d[\d,.]*%?", line)]


def _year_rows(out: str) -> list[list[str]]:
    return [line.split() for line in out.splitlines() if re.match(r" +20\d\d\*? ", line)]


def _shortfall_counts(folder) -> tuple[int, int]:
    missing = pd.read_csv(folder / "shortfalls.csv", encoding="utf-8-sig")["missing"]
    big = int((missing >= 1.0).sum())
    return big, len(missing) - big


def test_the_console_follows_the_scenarios_plots_lang(tmp_path, capsys):
    args = parser(["run"]).parse_args(["run", "s.yaml"])
    assert args.lang is None  # the scenario's plots.lang, as brief, compare and sensitivity
    zh, _ = _run(tmp_path, capsys, lang="zh")
    assert "逐年结果" in zh and "yearly results" not in zh
    en, _ = _run(tmp_path, capsys, "--force", lang="en")
    assert "yearly results (district)" in en and "逐年结果" not in en
    flag, _ = _run(tmp_path, capsys, "--force", "--lang", "en", lang="zh")
    assert flag == en  # --lang overrides the scenario's language


def test_the_chinese_console_uses_chinese_terms_and_lines_up(tmp_path, capsys):
    out, folder = _run(tmp_path, capsys)
    lines = out.splitlines()
    assert lines[0] == "projects：逐年结果（全区；✓ 达标，✗ 未达标）"
    table = _table(out, "年份")
    heads = ["年份", "连片腾换产业空间", "盘活低效用地", "产值增加", "就业增加", "政府净收支"]
    assert table[0].split() == heads
    # output gained and net money are yearly flows: 亿元 a year, as in the workbook
    assert table[1].split() == ["（亩）", "（亩）", "（亿元/年）", "（人）", "（亿元/年）"]
    assert len(table) == 2 + 6  # 2024–2027 and two run-out years
    heads, units, years = _right_edges(table[0]), _right_edges(table[1]), table[2:]
    assert units == heads[1:]  # each unit right under its name
    assert all(_right_edges(line) == heads for line in years[:4])  # cells with ✓ or ✗
    assert len({tuple(_number_ends(line)) for line in years}) == 1  # run-out years too
    assert {line.index("20") for line in years} == {2}  # years left-aligned: 2027, 2028*
    assert max(display_width(line) for line in table) <= 80
    assert "*2027年规划期结束后的年份：不设指标和目标" in lines
    big, small = _shortfall_counts(folder)
    assert f"缺口1亩及以上的共{big}项（原因见shortfalls.csv）；另有{small}项较小缺口" in out
    assert "（地块面积无法拆分）" in out
    projects = pd.read_csv(folder / "projects.csv", encoding="utf-8-sig")
    failed = projects[projects["status"] == "failed"].set_index("phase_id")["reason_zh"]
    assert "重大项目：工程（第1期），2024年落地" in lines
    assert f"重大项目：工程（第2期），未落地：{failed['works#2']}" in lines
    assert f"重大项目：大项目，未落地：{failed['big']}" in lines  # 乙区没有腾退候选地块
    wrote = next(line for line in lines if line.startswith("已写入"))
    assert wrote.startswith(f"已写入 {folder}/：long.csv、long.parquet、parcels.csv")
    said = out.replace(lines[0], "").replace(wrote, "").replace("shortfalls.csv", "")
    assert not re.search("[A-Za-z]", said), said  # no English left
    assert not re.search(rf"[{CJK}][,:;()]|[,:;()][{CJK}]", out)  # full-width punctuation
    assert not re.search(rf"[{CJK}] +[0-9]|[0-9%] +[{CJK}]", out)  # "22项", not "22 项"


def test_the_english_console_is_the_one_scripts_read(tmp_path, capsys):
    out, folder = _run(tmp_path, capsys, "--lang", "en")
    lines = out.splitlines()
    assert lines[:2] == [
        "projects: yearly results (district)",
        "  year   contiguous mu   revitalized mu  output gained 亿元  jobs gained   net money 亿元",
    ]
    assert "* run-out year after the programme's end (2027): no quotas, no targets" in lines
    big, small = _shortfall_counts(folder)
    shortfalls = f"{big} shortfalls of ≥ 1 mu (causes in shortfalls.csv)"
    assert shortfalls + f"; {small} smaller ones from parcel sizes" in lines
    projects = pd.read_csv(folder / "projects.csv", encoding="utf-8-sig")
    failed = projects[projects["status"] == "failed"].set_index("phase_id")["reason"]
    assert lines[-5:-2] == [
        "Project works, phase 1: placed in 2024",
        f"Project works, phase 2: not placed: {failed['works#2']}",
        f"Project big: not placed: {failed['big']}",
    ]
    assert lines[-1].startswith(f"Wrote {folder}/: long.csv, long.parquet, parcels.csv")
    assert not re.search(rf"[{CJK}]", out.replace("亿元", ""))
    zh, _ = _run(tmp_path, capsys, "--force")
    assert _year_rows(zh) == _year_rows(out) and len(_year_rows(out)) == 6  # the same figures


def test_monte_carlo_console_in_both_languages(tmp_path, capsys, monkeypatch):
    from landsim.cli import run as run_cmd

    labels = []
    real_bar = run_cmd.progress_bar
    monkeypatch.setattr(
        run_cmd,
        "progress_bar",
        lambda label, **kw: labels.append((label, kw["lang"])) or real_bar(label, **kw),
    )
    zh, folder = _run(tmp_path, capsys, "--draws", "3")
    assert labels == [(("年份", "抽样"), "zh")]  # the labels and the counts in Chinese
    prob = pd.read_csv(folder / "probabilities.csv", encoding="utf-8-sig")
    prob = prob.pivot(index="year", columns="target", values="probability")
    rows = [
        [str(y), f"{r['contiguous']:.0%}", f"{r['revitalized']:.0%}"] for y, r in prob.iterrows()
    ]
    table = _table(zh, "3次抽样中达成目标的概率：")
    assert table[1].split() == ["年份", "连片腾换产业空间", "盘活低效用地"]
    assert [line.split() for line in table[2:]] == rows
    assert len({tuple(_right_edges(line)) for line in table[1:]}) == 1  # aligned
    # the yearly table above is the run at central values, not a mean of the draws
    assert zh.splitlines()[0] == "projects：逐年结果（中心值情景；全区；✓ 达标，✗ 未达标）"
    en, _ = _run(tmp_path, capsys, "--draws", "3", "--lang", "en", "--force")
    assert en.splitlines()[0] == "projects: yearly results (district; run at central values)"
    assert labels[-1] == (("years", "draws"), "en")
    table = _table(en, "Probability of meeting the targets over 3 draws:")
    assert table[1] == "  year   contiguous   revitalized"
    assert [line.split() for line in table[2:]] == rows


def test_brief_says_what_it_wrote_in_the_briefs_language(tmp_path, monkeypatch, capsys):
    run = tmp_path / "run"
    assert main(["run", HAND, "-o", str(run), "--no-xlsx"]) == 0

    def written(res, folder, **kwargs):  # the brief's pages are not what is tested
        return ["brief.pdf"]

    monkeypatch.setattr("landsim.report.brief.write_brief", written)
    capsys.readouterr()
    for lang, line in (("zh", "已写入 {}/：brief.pdf"), ("en", "Wrote {}/: brief.pdf")):
        out = tmp_path / f"brief-{lang}"
        assert main(["brief", str(run), "--lang", lang, "-o", str(out)]) == 0
        assert capsys.readouterr().out.strip() == line.format(out)


@pytest.mark.cjk
def test_compare_says_what_it_wrote_in_the_comparisons_language(tmp_path, capsys):
    runs = [tmp_path / "a", tmp_path / "b"]
    for run in runs:
        assert main(["run", HAND, "-o", str(run), "--no-xlsx"]) == 0
    capsys.readouterr()
    out = tmp_path / "cmp"
    assert main(["compare", *map(str, runs), "-o", str(out), "--lang", "zh"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith(f"已写入 {out}/：headline.csv、indicators.csv、"), last

"""Comparing runs: the readable table, the machine table, the comparison brief."""

from __future__ import annotations

import re
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest
from matplotlib import pyplot as plt

import landsim
from landsim.analysis.compare import indicators, target_marks
from landsim.cli import main
from landsim.plots.common import style_for
from landsim.plots.labels import Words
from landsim.report.compare import readable, scenario_titles
from landsim.report.compare_brief import brief_pages
from landsim.report.compare_cells import figure_titles
from landsim.report.sentences import year_runs
from tests.plot_helpers import overlapping_texts, table_texts, texts, y_unit

NAMES = ("xiaoshan_2024", "contiguity_first", "tight_budget")


@pytest.fixture(scope="module")
def loaded(three_runs):
    return [landsim.load_run(three_runs[n]) for n in NAMES]


def _district(res, variable):
    return res.table(variable)["district"]


# money to 0.1 亿元, and as finely in CNY bn (0.01 bn): English lost a digit
@pytest.mark.parametrize(
    ("lang", "money", "divisor", "places"), [("zh", "亿元", 1e4, 1), ("en", "CNY bn", 1e5, 2)]
)
def test_compare_table_reads_like_the_runs_tables(loaded, lang, money, divisor, places):
    table = landsim.compare_table(loaded, lang=lang)
    assert table.columns.nlevels == 1 and len(table) == 3  # one header row, a row per run
    assert table.iloc[:, 0].tolist() == [r.scenario.title.get(lang) for r in loaded]
    end = loaded[0].scenario.horizon.end
    years = list(range(loaded[0].scenario.horizon.start, end + 1))
    out = {c: table[c].tolist() for c in table.columns}
    met = [int((_district(r, "target_share|contiguous")[years] >= 1).sum()) for r in loaded]
    assert (
        next(
            v for c, v in out.items() if c.startswith(("连片腾换产业空间达标", "Contiguous target"))
        )
        == met
    )
    gain = next(
        v for c, v in out.items() if re.match(rf"({end}年产值增加|Output gained in {end})", c)
    )
    gain_is = [round(_district(r, "output|difference")[end] / divisor, places) for r in loaded]
    assert gain == gain_is
    comp = next(v for c, v in out.items() if c.startswith(("腾退补偿", "Compensation")))
    spent = [-round(_district(r, "money|compensation").sum() / divisor, places) for r in loaded]
    assert comp == spent
    money_columns = [c for c in table.columns if money in c]
    assert len(money_columns) >= 7  # output, tax, four money items, investment: units in header
    for column in table.columns[1:]:
        values = table[column].dropna().astype(float)
        most = places if column in money_columns else 1
        assert ((values * 10**most).round(6) % 1 == 0).all(), column  # at most these decimals


@pytest.mark.cjk
def test_compare_cli_writes_a_readable_table_a_machine_table_and_a_brief(
    three_runs, tmp_path, capsys
):
    out = tmp_path / "比较"
    args = ["compare", *(str(three_runs[n]) for n in NAMES), "-o", str(out), "--lang", "zh"]
    assert main([*args, "--brief"]) == 0
    printed = capsys.readouterr().out
    assert "连片优先" in printed and "资金约束" in printed
    head = pd.read_csv(out / "headline.csv", encoding="utf-8-sig")
    assert head.columns[0] == "情景" and len(head) == 3
    raw = (out / "headline.csv").read_text(encoding="utf-8-sig")
    assert not re.search(r"\d\.\d{2,}", raw)  # rounded: no 20995.989999999998
    machine = pd.read_csv(out / "indicators.csv", encoding="utf-8-sig")
    assert list(machine.columns) == [
        "scenario",
        "indicator",
        "unit",
        "value",
        "difference",
        "flow",
    ]
    net = machine[(machine["indicator"] == "money|net") & (machine["scenario"] == "tight_budget")]
    first = machine[(machine["indicator"] == "money|net") & (machine["scenario"] == NAMES[0])]
    assert net["difference"].iloc[0] == pytest.approx(net["value"].iloc[0] - first["value"].iloc[0])
    long = pd.read_csv(out / "long.csv", encoding="utf-8-sig")
    assert set(long["scenario"]) == set(NAMES)
    pdf = (out / "brief.pdf").read_bytes()
    assert pdf.count(b"/MediaBox [ 0 0 595 842 ]") == 3  # three A4 pages
    assert b"NotoSansCJK" in pdf  # the Chinese font is embedded
    for name in ("targets_contiguous", "output_gained", "money_net", "jobs_gained"):
        assert (out / f"{name}.png").stat().st_size > 5000
    assert main(args) == 2  # not overwritten without --force
    assert (out / "brief.pdf").read_bytes() == pdf


def test_compare_without_a_chinese_font_fails_in_one_line_and_writes_nothing(
    three_runs, tmp_path, capsys, monkeypatch
):
    monkeypatch.setattr("landsim.plots.style.find_cjk_font", lambda *a, **k: None)
    out = tmp_path / "cmp"
    args = ["compare", str(three_runs[NAMES[0]]), str(three_runs[NAMES[1]]), "-o", str(out)]
    assert main([*args, "--lang", "zh", "--brief"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "fonts-noto-cjk" in err
    assert not out.exists()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_comparison_page_shows_the_tables_numbers_without_overlaps(loaded, lang):
    st = style_for(loaded, lang)
    table, period = indicators(loaded)
    shown = readable(table, period, loaded, st)
    with plt.rc_context(st.rc()):
        pages = brief_pages(loaded, st, table, period)
        drawn = "\n".join(t for page in pages for t in [*texts(page), *table_texts(page)])
        for page in pages:
            assert overlapping_texts(page) == []
            plt.close(page)
    net = shown[next(c for c in shown.columns if c.startswith(("政府净收支", "Net public")))]
    places = 1 if lang == "zh" else 2  # 0.1 亿元, 0.01 CNY bn
    for value in net:
        assert f"−{abs(value):,.{places}f}" in drawn or f"{value:,.{places}f}" in drawn
    marks = target_marks(loaded, period)
    for _, row in marks[marks["item"] == "contiguous"].iterrows():
        assert f"{'✓' if row['met'] else '✗'} {row['achieved']:,.0f}" in drawn
    if lang == "zh":
        assert not re.search(r"[A-Za-z]{3,}", drawn)  # no English in the Chinese brief
        assert ":" not in drawn.replace("：", "")


@pytest.mark.cjk
def test_comparison_titles_name_the_best_scenario(loaded):
    st = style_for(loaded, "zh")
    table, period = indicators(loaded)
    titles = figure_titles(loaded, st, table, period)
    met = table.loc["years_met|contiguous", list(NAMES)]
    best = loaded[NAMES.index(met.idxmax())].scenario.title.zh
    assert best in titles["targets_contiguous"]
    gains = table.loc["output|difference", list(NAMES)]
    assert loaded[NAMES.index(gains.idxmax())].scenario.title.zh in titles["output_gained"]


@pytest.mark.parametrize(("lang", "word"), [("zh", "减少最少"), ("en", "closest to the baseline")])
def test_when_every_run_loses_jobs_the_title_names_the_fewest_lost(loaded, lang, word):
    """It read "2030年就业：…最高（比基准情景少34,080人）": highest, with fewer jobs."""
    table, period = indicators(loaded)
    jobs = table.loc["jobs|difference", list(NAMES)].astype(float)
    table.loc["jobs|difference", list(NAMES)] = jobs - jobs.max() - 100  # all lose jobs
    title = figure_titles(loaded, Words(lang), table, period)["jobs_gained"]
    assert word in title and "最高" not in title and "highest" not in title
    table.loc["jobs|difference", list(NAMES)] = jobs - jobs.max() + 100  # the best gains
    title = figure_titles(loaded, Words(lang), table, period)["jobs_gained"]
    assert ("最高" if lang == "zh" else "highest") in title


@pytest.mark.parametrize(
    ("lang", "two", "three"),
    [("zh", "减少较少（8.5亿元）", "减少最少（8.5亿元）"), ("en", "less lost in", "least lost in")],
)
def test_when_every_run_loses_output_the_title_names_the_least_lost(loaded, lang, two, three):
    """It read "2024年产值增加：萧山区…最多（−43.8亿元）": the most of a loss.

    As the jobs title: the run that loses least, the loss in words, not with a minus
    sign (a one-year comparison's title once read "（-8.5亿元）").
    """
    w = Words(lang)
    for runs, word in ((loaded[:2], two), (loaded, three)):
        table, period = indicators(runs)
        names = list(NAMES[: len(runs)])
        output = table.loc["output|difference", names].astype(float)
        table.loc["output|difference", names] = output - output.max() - 8.5e4  # all lose
        title = figure_titles(runs, w, table, period)["output_gained"]
        best = scenario_titles(runs, lang)[int(output.to_numpy().argmax())]
        assert word in title and best in title, title
        start = f"{period.end}年产值比基准情景减少：" if lang == "zh" else "Output lost"
        assert title.startswith(start), title
        assert not re.search("最多|较多|most|more|[−-]", title.replace(best, "")), title
        if lang == "en":
            assert "(CNY 0.85 bn)" in title
        table.loc["output|difference", names] = output - output.max() + 100  # the best gains
        title = figure_titles(runs, w, table, period)["output_gained"]
        assert re.search("最多|较多" if lang == "zh" else "(most|more) in", title), title


def test_a_title_names_tied_runs_only_while_they_fit(loaded):
    from landsim.report.compare_cells import TIED_NAMES_AT_MOST, best

    shown = {}
    for lang in ("zh", "en"):
        w = Words(lang)
        joined = ("、" if lang == "zh" else " and ").join(scenario_titles(loaded, lang))
        every, top = best(loaded, w, pd.Series([1.0, 1.0, 1.0]))
        assert top == 1.0
        long = len(joined) > TIED_NAMES_AT_MOST
        assert every == (w.t("tied", n=3) if long else joined)
        shown[lang] = long
    assert shown == {"zh": False, "en": True}  # English titles ran off the page


def test_the_old_machine_table_stays(loaded):
    table = landsim.compare(loaded)
    assert table.columns.names == ["measure", "scenario"]
    assert ("years contiguous target met", "years") in table.index


def test_tables_and_workbooks_do_not_load_matplotlib():
    code = (
        "import sys, landsim.cli, landsim.report.workbook, landsim.report.compare; "
        "sys.exit('matplotlib' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_money_columns_say_the_years_they_sum(loaded, lang):
    table, period = indicators(loaded)
    shown = readable(table, period, loaded, Words(lang))
    dash = "—" if lang == "zh" else "–"  # GB/T 15834-2011 4.13: 一字线 for a span of time
    span = f"{period.years[0]}{dash}{period.years[-1]}"
    heads = ("政府净收支", "腾退补偿", "Net public", "Compensation")
    money = [c for c in shown.columns if c.startswith(heads)]
    assert len(money) == 2
    for column in money:
        assert (f"，{span}年累计）" if lang == "zh" else f", {span})") in column
        assert column.count("（" if lang == "zh" else "(") == 1  # one bracket, closed once


def test_a_runs_public_money_is_the_same_in_its_brief_and_in_a_comparison(loaded):
    from landsim.analysis.alignment import unique_names
    from landsim.report.headline import headline

    table, period = indicators(loaded)
    assert period.years[-1] > period.end  # run-out years are summed, as the brief does
    for res, name in zip(loaded, unique_names(loaded), strict=True):
        h = headline(res)
        assert period.years[-1] == h.last
        for item in ("net", "land_revenue", "compensation"):
            assert table.loc[f"money|{item}", name] == pytest.approx(h.get(f"money|{item}"))


@pytest.mark.parametrize("name", ["compare_targets", "compare_output", "compare_money"])
def test_comparison_plots_say_how_to_pass_run_folders(name):
    from landsim import plots

    with pytest.raises(TypeError, match=r"landsim.load_run\(p\) for p in folders"):
        getattr(plots, name)(["runs/a", "runs/b"])
    with pytest.raises(TypeError, match="a list of results"):
        getattr(plots, name)("runs/a")


@pytest.mark.parametrize("name", ["compare_output", "compare_money"])
def test_comparison_charts_shade_the_run_out_years(loaded, name):
    from landsim import plots
    from landsim.plots.common import programme_end

    assert len({programme_end(r) for r in loaded}) == 1  # the shipped variants share it
    ax = getattr(plots, name)(loaded, lang="en")
    assert "After the programme (no targets)" in texts(ax.figure)
    end = programme_end(loaded[0])
    spans = [p for p in ax.patches if p.get_x() == pytest.approx(end + 0.5)]
    assert len(spans) == 1
    plt.close(ax.figure)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", ["compare_targets", "compare_output", "compare_money"])
def test_comparison_year_axes_end_at_the_last_year(loaded, name, lang):
    """The axes ran to a tick of 2036 under data that end in 2035 (the run-out shading's
    half year and the axis margin)."""
    from landsim import plots

    ax = getattr(plots, name)(loaded, lang=lang)
    last = max(int(x) for line in ax.get_lines() for x in line.get_xdata() if x == int(x))
    lo, hi = ax.get_xlim()
    assert hi <= last + 0.5, (hi, last)
    assert max(t for t in ax.get_xticks() if lo <= t <= hi) <= last
    plt.close(ax.figure)


@pytest.mark.parametrize(
    ("quantity", "zh", "unit"),
    [("output", "产值", "亿元/年"), ("tax", "税收", "亿元/年"), ("jobs", "就业", "人")],
)
def test_each_gain_chart_is_titled_by_what_it_draws(loaded, quantity, zh, unit):
    from landsim import plots

    ax = plots.compare_output(loaded, quantity, lang="zh")
    assert ax.get_title(loc="left").startswith(
        f"情景比较：{zh}"
    )  # a tax chart was titled as output
    assert ax.get_ylabel() == "" and y_unit(ax) == f"单位：{unit}"  # level above the axis
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="output, tax, jobs"):
        plots.compare_output(loaded, "profit")


def test_runs_on_different_parcels_are_said_to_be_whatever_their_files(loaded):
    from pathlib import Path

    from landsim.analysis.alignment import align
    from landsim.report.compare_notes import inventory_note

    assert inventory_note(loaded, Words("zh")) is None  # the variants share the inventory
    first = loaded[0]

    def run_on(path: str, parcels):
        inv = first.scenario.inventory.model_copy(update={"path": Path(path)})
        scenario = first.scenario.model_copy(update={"inventory": inv})
        return landsim.Results(scenario, first.long, parcels, first.shortfalls, first.projects)

    # the same parcels in another file (a CSV of the GeoPackage): no note; it was one
    assert inventory_note([first, run_on("同一清单.csv", first.parcels)], Words("zh")) is None
    changed = first.parcels.copy()
    changed.loc[0, "area_mu"] += 1.0  # other parcels, even in a file of the same name
    for other in (run_on("别区地块.csv", changed), run_on(first.scenario.inventory.path, changed)):
        zh = inventory_note([first, other], Words("zh"))
        assert zh.startswith("各情景的地块不同（")
        assert "parcels differ" in inventory_note([first, other], Words("en"))
        assert any("parcels differ" in n for n in align([first, other])[1])  # the console


def test_runs_with_other_seeds_or_draws_get_a_note(loaded):
    from landsim.analysis.alignment import align
    from landsim.report.compare_notes import comparison_notes

    first = loaded[0]
    seeded = landsim.Results(
        first.scenario.model_copy(update={"seed": first.scenario.seed + 1}),
        first.long,
        first.parcels,
        first.shortfalls,
        first.projects,
        draws=20,
    )
    console = " ".join(align([first, seeded])[1])
    assert "different seeds" in console and "draws are not compared" in console
    _, p = indicators([first, seeded])
    zh = " ".join(comparison_notes([first, seeded], Words("zh"), p))
    assert "随机种子不同" in zh and "未比较各情景的抽样结果" in zh
    itself = align(loaded[:1] * 2)[1]  # a run against itself: said nothing
    assert len(itself) == 1 and "have identical results: every difference" in itself[0]
    assert not any("identical" in n for n in align(loaded)[1])


def test_runs_sharing_a_name_are_told_apart_alike_in_tables_and_in_the_brief():
    from landsim.analysis.alignment import unique_names
    from landsim.plots.names import distinct_labels
    from tests.conftest import FIXTURES

    hand = FIXTURES / "hand" / "scenario.yaml"
    runs = [landsim.run(hand), landsim.run(hand, draws=4), landsim.run(hand, seed=7)]
    name = runs[0].scenario.name
    # "(2)" was the run with draws in the tables and the seed-7 run in the brief
    assert unique_names(runs) == [name, f"{name} (4 draws)", f"{name} (2)"]
    zh = distinct_labels(runs, "zh")
    assert zh[1].endswith("（4次抽样）") and zh[2].endswith("（2）")
    en = distinct_labels(runs, "en")
    assert en[1].endswith(" (4 draws)") and en[2].endswith(" (2)")


def test_runs_of_different_horizons_say_which_years_each_figure_covers():
    from landsim.analysis.alignment import align
    from landsim.report.compare_notes import horizon_note
    from landsim.scenario import load_scenario
    from tests.conftest import FIXTURES

    hand = FIXTURES / "hand" / "scenario.yaml"
    longer = load_scenario(hand, overrides={"horizon": {"run_out_years": 2}})
    shorter = load_scenario(hand, overrides={"horizon": {"end": 2026, "run_out_years": 2}})
    runs = [landsim.run(longer), landsim.run(shorter)]
    _, p = indicators(runs)
    span = f"{p.years[0]}–{p.years[-1]}"
    assert p.end == 2026 and p.years[-1] > p.end  # money runs on past the programmes
    console = align(runs)[1][0]
    assert f"targets and gains compared on 2024–2026, money summed over {span}" in console
    zh = horizon_note(runs, Words("zh"), p)
    assert zh.endswith(
        f"目标与增量按共同年份2024—2026年比较，资金按{p.years[0]}—{p.years[-1]}年累计"
    )


def test_major_projects_are_counted_over_the_years_compared(loaded):
    from landsim.analysis.alignment import unique_names

    first = loaded[0]
    _, p = indicators([first])
    placed = first.projects["status"] == "placed"
    assert placed.any()  # the shipped scenario places a project
    later = first.projects.copy()
    later.loc[placed, "year_placed"] = p.end + 1  # after the years compared
    other = landsim.Results(first.scenario, first.long, first.parcels, first.shortfalls, later)
    runs = [first, other]
    names = unique_names(runs)
    table, _ = indicators(runs)
    # the row counted every year while the rows beside it read the years compared
    assert table.loc["projects|placed", names].tolist() == [float(placed.sum()), 0.0]
    machine = landsim.compare(runs)
    row = machine.loc[("major projects placed", "count"), "value"]
    assert row.tolist() == [float(placed.sum()), 0.0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rows_read_over_some_years_say_which(lang):
    from landsim.scenario import load_scenario
    from tests.conftest import FIXTURES

    hand = FIXTURES / "hand" / "scenario.yaml"
    longer = load_scenario(hand, overrides={"horizon": {"run_out_years": 2}})
    shorter = load_scenario(hand, overrides={"horizon": {"end": 2026, "run_out_years": 2}})
    runs = [landsim.run(longer), landsim.run(shorter)]
    table, p = indicators(runs)
    shown = readable(table, p, runs, Words(lang))
    dash = "—" if lang == "zh" else "–"  # GB/T 15834-2011 4.13: 一字线 for a span of time
    programme = f"{p.programme[0]}{dash}{p.end}"
    every = f"{p.years[0]}{dash}{p.years[-1]}"
    heads = {
        programme: ("连片腾换产业空间合计", "腾退面积", "重大项目", "就业较基准情景的最低值")
        if lang == "zh"
        else ("Contiguous area", "Area vacated", "Major projects", "Jobs at their lowest"),
        every: ("产值反超",) if lang == "zh" else ("First year output",),
    }
    for span, starts in heads.items():
        for start in starts:
            column = next(c for c in shown.columns if c.startswith(start))
            assert column.endswith(f"{span}年）" if lang == "zh" else f"{span})"), column
            assert column.count("（" if lang == "zh" else "(") == 1, column


@pytest.mark.parametrize(
    ("lang", "same"),
    [
        ("zh", "各情景结果完全相同，各项差值均为0"),
        ("en", "identical results: every difference is 0"),
    ],
)
def test_a_run_compared_with_itself_is_said_to_be_the_same(
    three_runs, tmp_path, capsys, lang, same
):
    import shutil

    from landsim.report.compare_notes import note_text

    folder = three_runs[NAMES[0]]
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    # the same folder twice (zh), two folders of one run (en)
    second = folder if lang == "zh" else copy
    out = tmp_path / "cmp"
    assert main(["compare", str(folder), str(second), "-o", str(out), "--lang", lang]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith(note_text("note", lang)) and same in printed[0]
    assert note_text("note", lang) + note_text("money_sign", lang) in printed  # signs, units
    machine = pd.read_csv(out / "indicators.csv", encoding="utf-8-sig")
    assert (machine["difference"].dropna() == 0).all()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_brief_says_which_runs_are_the_same(loaded, lang):
    from landsim.report.compare_notes import same_notes

    assert same_notes(loaded, Words(lang)) == []  # three different scenarios
    runs = [*loaded[:2], loaded[0]]  # page 1 holds three runs
    st = style_for(runs, lang)
    table, period = indicators(runs)
    (note,) = same_notes(runs, st)
    titles = scenario_titles(runs, lang)
    assert note.startswith(titles[0]) and titles[2] in note
    with plt.rc_context(st.rc()):
        first, *rest = brief_pages(runs, st, table, period)
        drawn = re.sub(r"\s", "", "".join(texts(first)))  # the note wraps
        assert re.sub(r"\s", "", note) in drawn
        for page in (first, *rest):
            assert overlapping_texts(page) == []
            plt.close(page)


def test_money_signs_and_units_are_stated_in_both_tables(loaded, tmp_path, capsys):
    from landsim.analysis.compare import FLOWS
    from landsim.report.compare import write_comparison

    _, shown, _ = write_comparison(loaded, tmp_path / "cmp", lang="zh")
    machine = pd.read_csv(tmp_path / "cmp" / "indicators.csv", encoding="utf-8-sig")
    money = machine[machine["indicator"].str.startswith("money|")]
    assert set(money["unit"]) == {"万元"}
    assert dict(zip(money["indicator"], money["flow"], strict=True)) == FLOWS
    assert machine.loc[~machine.index.isin(money.index), "flow"].isna().all()
    assert (money.loc[money["flow"] != "net", "value"] >= 0).all()  # positive sums
    for name, own in money.groupby("scenario"):
        by = own.groupby("flow")["value"].sum()
        assert by["net"] == pytest.approx(by["income"] - by["spending"]), name
    spent = machine[machine["indicator"] == "money|compensation"]["value"].to_numpy()
    column = next(c for c in shown.columns if c.startswith("腾退补偿（亿元"))
    assert shown[column].tolist() == pytest.approx((-spent / 1e4).round(1))  # shown negative


@pytest.mark.parametrize(
    ("lang", "alike"), [("zh", "各情景相同"), ("en", "the same in every scenario")]
)
def test_chart_titles_of_runs_alike_say_so_and_round_as_the_tables(loaded, lang, alike):
    from landsim.report.compare_cells import cell

    w = Words(lang)
    runs = [loaded[0], loaded[0]]
    table, period = indicators(runs)
    titles = figure_titles(runs, w, table, period)
    title = scenario_titles(runs, lang)[0]
    for name in ("output_gained", "money_net", "jobs_gained"):
        assert alike in titles[name] and title not in titles[name]  # "least spent in 2 alike"
    table, period = indicators(loaded)
    titles = figure_titles(loaded, w, table, period)
    net = table.loc["money|net", list(NAMES)].max() / w.money_divisor
    assert cell(w, "money|net", abs(net)) in titles["money_net"]  # 27.91 in the table, 27.9


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_runs_answer_says_against_what_and_when_its_jobs_are(loaded, lang):
    """The zh brief read "就业少34,080人": fewer than what, in which year?"""
    from landsim.report.compare_cells import answer_lines

    table, p = indicators(loaded)
    lines = answer_lines(loaded, Words(lang), table, p)
    for r, line in zip(loaded, lines, strict=True):
        jobs = _district(r, "jobs|difference")[p.end]
        amount = f"{abs(jobs):,.0f}"
        if lang == "zh":
            assert re.search(rf"{p.end}年就业比基准情景[多少]{amount}人", line), line
        else:
            assert re.search(rf"{amount} (more|fewer) jobs than the baseline in {p.end}", line)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_runs_answer_names_the_years_its_targets_were_missed(loaded, lang):
    """It read "盘活低效用地7年中6年达标" where a run's own brief says "…，2030年未达标"."""
    from landsim.report.compare_cells import answer_lines
    from landsim.report.headline import headline
    from landsim.report.sentences import target_sentence

    w = Words(lang)
    table, period = indicators(loaded)
    lines = answer_lines(loaded, w, table, period)
    said = 0
    for r, line in zip(loaded, lines, strict=True):
        for row in headline(r).targets:
            if row.item == "platform_growth":  # not in a comparison's line
                continue
            assert target_sentence(w, row, 1.5) in line, line  # as in the run's own brief
            if 0 < sum(row.met) < len(row.met):
                said += 1
                years = year_runs(row.missed_years, lang)
                missed = f"，{years}未达标" if lang == "zh" else f", missed in {years}"
                assert missed in line, line
    assert said >= 2  # contiguity first misses revitalization in 2030, contiguous twice


#: What a comparison over one year says (two runs: Plan A meets both targets, Plan B
#: only revitalization), and over seven years (the wording of two or more years kept).
ONE_YEAR_WORDS = {
    "zh": {
        "lines": (
            "甲方案：连片腾换产业空间2024年达标，盘活低效用地2024年达标，",
            "乙方案：连片腾换产业空间2024年未达标，",
        ),
        "titles": ("连片腾换产业空间：2024年甲方案达标", "盘活低效用地：各情景2024年均达标"),
        "none": "连片腾换产业空间：各情景2024年均未达标",
        "seven": (
            "连片腾换产业空间：连片优先达标年数最多（7年中5年）",
            "连片优先：连片腾换产业空间7年中5年达标",
        ),
    },
    "en": {
        "lines": (
            "Plan A: Contiguous vacating: met in 2024; Revitalization: met in 2024; ",
            "Plan B: Contiguous vacating: missed in 2024; ",
        ),
        "titles": (
            "Contiguous vacating: met in 2024 by Plan A",
            "Revitalization: every scenario meets it in 2024",
        ),
        "none": "Contiguous vacating: missed in every scenario in 2024",
        "seven": (
            "Contiguous vacating: met most often by Contiguity first (5 of 7 years)",
            "Contiguity first: Contiguous vacating: met in 5 of 7 years",
        ),
    },
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_comparison_over_one_year_names_it_not_1_of_1(loaded, tmp_path, monkeypatch, lang):
    # two runs of one year read 连片腾换产业空间1年中1年达标 and "(1 of 1 years)"
    from landsim.analysis.alignment import unique_names
    from landsim.report import compare_cells
    from landsim.report.compare_cells import answer_lines
    from tests.conftest import write_scenario

    def one_year(name, zh, en):
        text = f"horizon: {{start: 2024, end: 2024}}\ntitle: {{zh: {zh}, en: {en}}}\n"
        return landsim.run(write_scenario(tmp_path, text, f"{name}.yaml"))

    runs = [one_year("a", "甲方案", "Plan A"), one_year("b", "乙方案", "Plan B")]
    table, period = indicators(runs)
    names = unique_names(runs)
    met = {"contiguous": [1.0, 0.0], "revitalized": [1.0, 1.0]}
    marks = target_marks(runs, period)  # the lines read the marks, the titles the table
    for item, values in met.items():
        table.loc[f"years_met|{item}", names] = values
        for name, value in zip(names, values, strict=True):
            marks.loc[(marks["scenario"] == name) & (marks["item"] == item), "met"] = bool(value)
    monkeypatch.setattr(compare_cells, "target_marks", lambda *_: marks)
    w, words = Words(lang), ONE_YEAR_WORDS[lang]
    lines = answer_lines(runs, w, table, period)
    titles = figure_titles(runs, w, table, period)
    starts = zip(lines, words["lines"], strict=True)
    assert [line.startswith(start) for line, start in starts] == [True, True]
    assert (titles["targets_contiguous"], titles["targets_revitalized"]) == words["titles"]
    table.loc["years_met|contiguous", names] = [0.0, 0.0]
    assert figure_titles(runs, w, table, period)["targets_contiguous"] == words["none"]
    for text in [*lines, *titles.values()]:
        assert "年中" not in text and "of 1 year" not in text and "every year" not in text
    # seven years: the words of two or more years are kept
    monkeypatch.undo()
    table, period = indicators(loaded)
    seven = figure_titles(loaded, w, table, period)["targets_contiguous"]
    line = answer_lines(loaded, w, table, period)[1]
    assert (seven, line[: len(words["seven"][1])]) == words["seven"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_two_runs_are_compared_and_money_is_said_not_judged(loaded, lang):
    """Two runs read "…最多", "…减少最少" and "政府累计净收支：连片优先最优": the most
    of two, and money judged best. Of two the titles compare; of three they rank."""
    w = Words(lang)
    runs = loaded[:2]  # the shipped scenario and contiguity first
    first, second = scenario_titles(runs, lang)
    table, period = indicators(runs)
    titles = figure_titles(runs, w, table, period)
    net = table.loc["money|net", list(NAMES[:2])].max() / w.money_divisor
    value = f"{abs(net):,.{1 if lang == 'zh' else 2}f}"
    if lang == "zh":
        assert titles["money_net"] == f"政府累计净支出：{second}较少（{value}亿元）"
        assert titles["targets_contiguous"].startswith(f"连片腾换产业空间：{second}达标年数较多")
        assert f"{first}较多" in titles["output_gained"]
        assert f"{first}减少较少" in titles["jobs_gained"]  # both lose jobs in 2030
    else:
        assert titles["money_net"] == f"Net public spending: less in {second} (CNY {value} bn)"
        assert titles["targets_contiguous"].startswith("Contiguous vacating: met more often by")
        assert f"more in {first}" in titles["output_gained"]
        assert f"{first} closer to the baseline" in titles["jobs_gained"]
    for title in titles.values():
        assert not re.search("最|most|least|highest|closest", title), title
    # three runs: the most, but money is still not judged
    table, period = indicators(loaded)
    three = figure_titles(loaded, w, table, period)
    assert ("最多" if lang == "zh" else "most in") in three["output_gained"]
    assert ("最少" if lang == "zh" else "least in") in three["money_net"]
    assert not any("最优" in t or "best" in t for t in three.values())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_of_two_runs_one_meeting_a_target_every_year_the_title_says_when_the_other_misses(
    loaded, lang
):
    """It read "盘活低效用地：萧山区…达标年数最多（7年中7年）": not when the other missed."""
    from landsim.report.sentences import year_runs

    runs = loaded[:2]
    first, second = scenario_titles(runs, lang)
    table, period = indicators(runs)
    title = figure_titles(runs, Words(lang), table, period)["targets_revitalized"]
    missed = year_runs([period.end], lang)  # contiguity first misses it in 2030 only
    if lang == "zh":
        assert title == f"盘活低效用地：{first}各年均达标，{second}{missed}未达标"
    else:
        assert title == f"Revitalization: met every year by {first}; missed by {second} in {missed}"
    names = list(NAMES[:2])
    table.loc["years_met|revitalized", names] = [7.0, 0.0]  # the other never meets it
    title = figure_titles(runs, Words(lang), table, period)["targets_revitalized"]
    assert title.endswith(f"{second}各年均未达标" if lang == "zh" else f"every year by {second}")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_key_figure_says_its_years_under_a_heading_true_of_every_row(loaded, lang):
    """The heading read 主要指标（2030年；…面积为2024–2030年合计）: wrong for money summed
    to 2035, the year output passes the baseline and the per-mu levels."""
    from landsim.report.compare_cells import FIGURE_ROWS, value_rows

    runs = loaded[:2]
    st = style_for(runs, lang)
    table, period = indicators(runs)
    with plt.rc_context(st.rc()):
        pages = brief_pages(runs, st, table, period)
        drawn = [t for page in pages for t in texts(page)]
        for page in pages:
            plt.close(page)
    (heading,) = [t for t in drawn if t.startswith(("主要指标", "Key figures"))]
    assert not re.search(r"\d", heading), heading  # no one year for rows of many
    figures = value_rows(readable(table, period, runs, st), st, FIGURE_ROWS, period)
    assert len(figures) == len(FIGURE_ROWS) + 1
    for label, *_ in figures[1:]:
        assert re.search(r"20\d\d", label), label  # each row its year or years


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_money_table_is_signed_and_named_as_in_a_runs_brief(loaded, lang):
    """It printed "土地出让收入（亿元） 43.5" where a run's brief prints "+43.5", and
    repeated the heading's unit in every row."""
    from landsim.report.cells import money_table
    from landsim.report.compare_cells import MONEY_ROWS, value_rows
    from landsim.report.headline import headline

    runs = loaded[:2]
    w = Words(lang)
    table, period = indicators(runs)
    money = value_rows(readable(table, period, runs, w), w, MONEY_ROWS, period)
    heading = w.t("compare_money_table", years=w.years(period.years[0], period.years[-1]))
    assert ("亿元" if lang == "zh" else "CNY bn") in heading
    own = money_table(w, headline(runs[0]))  # a run's own brief: labels and signed cells
    assert [row[0] for row in money[1:]] == own[0]  # no unit repeated in every row
    assert [row[1] for row in money[1:]] == own[1]
    assert all(row[2][0] in "+−" for row in money[1:]), money

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest
from matplotlib import pyplot as plt

import landsim
from landsim.cli import main
from landsim.errors import InputError
from landsim.plots.common import style_for
from landsim.report.brief import FIGURES, headline_lines, page_one, page_two, wrap
from landsim.report.headline import headline, rank_failures
from tests.conftest import ROOT
from tests.plot_helpers import overlapping_texts

SCENARIOS = ROOT / "scenarios"


@pytest.fixture(scope="module")
def runs(three_runs):
    return three_runs


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_brief_writes_an_a4_pdf_a_word_file_and_every_figure(runs, lang):
    run_dir = runs["contiguity_first"]
    args = ["brief", str(run_dir), "--lang", lang, "--format", "pdf", "--format", "docx"]
    assert main(args) == 0
    folder = run_dir / f"brief-{lang}"
    pdf = (folder / "brief.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") >= 3
    assert b"/MediaBox [ 0 0 595 842 ]" in pdf  # A4 exactly
    if lang == "zh":
        assert b"NotoSansCJK" in pdf  # the Chinese font is embedded
    for name in FIGURES:
        assert (folder / f"{name}.png").stat().st_size > 5000
        assert (folder / f"{name}.svg").read_text(encoding="utf-8").startswith("<?xml")
    import docx

    document = docx.Document(str(folder / "brief.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    res = landsim.load_run(run_dir)
    for line in headline_lines(res, style_for(res, lang)):
        assert line in text
    from landsim.report.word import WORD_FIGURES

    # every figure written beside it, the parcel map included (the PDF's eight, at least)
    shown = [n for n in WORD_FIGURES if (folder / f"{n}.png").is_file()]
    assert "map" in shown and len(shown) >= 8
    assert len(document.tables) == 3 and len(document.inline_shapes) == len(shown)
    cells = [c.text for c in document.tables[0].rows[1].cells]
    assert cells[1].startswith("✓") and cells[-2].startswith("✗")
    assert main(["brief", str(run_dir), "--lang", lang]) == 2  # not overwritten without --force
    assert main(["brief", str(run_dir), "--lang", lang, "--force"]) == 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_word_tables_keep_every_number_on_one_line(runs, lang):
    # a targets table of seven years broke its numbers inside the cells ("10,09 / 9")
    from landsim.plots.labels import Words
    from landsim.report.cells import figures_table, targets_table
    from landsim.report.word import CELL_PAD_CM, TABLE_PT, TEXT_CM, _table_size, _text_cm, _widths

    h = headline(landsim.load_run(runs["xiaoshan_2024"]))
    for rows in (targets_table(Words(lang), h, 1.5), figures_table(Words(lang), h)):
        size = _table_size(rows, True)
        widths = _widths(rows, True, size)
        assert sum(widths) == pytest.approx(TEXT_CM) and size <= TABLE_PT
        for j in range(1, len(rows[0])):
            assert widths[j] >= _text_cm(rows, j, size) + CELL_PAD_CM - 1e-9


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_brief_pages_have_no_overlapping_text(runs, lang):
    res = landsim.load_run(runs["contiguity_first"])
    st = style_for(res, lang)
    with plt.rc_context(st.rc()):
        for make in (page_one, page_two):
            page = make(res, st, headline(res))
            assert overlapping_texts(page) == []
            plt.close(page)


def test_headline_figures_match_the_tables(runs):
    res = landsim.load_run(runs["contiguity_first"])
    lines = headline_lines(res, style_for(res, "en"))
    met = int((res.table("target_share|contiguous")["district"] >= 1).sum())
    assert lines[0].startswith(f"Contiguous vacating: met in {met} of 7 years")
    net = res.table("money|net")["district"].sum()
    parts = [res.table(f"money|{k}")["district"].sum() for k in ("compensation", "subsidy")]
    land = res.table("money|land_revenue")["district"].sum()
    assert net == pytest.approx(land - sum(parts))
    money = next(line for line in lines if line.startswith("Net public"))
    for value in (net, *parts, land):
        assert f"{abs(value) / 1e5:,.2f}" in money  # CNY bn, every item (0.01 bn = 0.1 亿)
    gain = res.table("output|difference")["district"][2030]
    assert f"CNY {gain / 1e5:,.2f} bn above" in next(x for x in lines if x.startswith("Output"))


@pytest.mark.cjk
def test_chinese_brief_text_is_chinese(runs):
    import re

    res = landsim.load_run(runs["contiguity_first"])
    lines = headline_lines(res, style_for(res, "zh"))
    for line in lines:
        assert not line.startswith(("；", "，")) and "2030–2030" not in line
        assert not re.search(r"[A-Za-z]{3,}", line), line  # no English words
        assert ":" not in line and ";" not in line
    assert any("主要风险" in line for line in lines)
    assert any("亩均税收" in line for line in lines)


@pytest.mark.cjk
def test_main_risk_ranks_a_target_missed_every_year_before_rounding_gaps(runs):
    res = landsim.load_run(runs["xiaoshan_2024"])
    h = headline(res)
    failures = rank_failures(res, h.years)
    assert failures[0].kind == "target"
    assert len(failures[0].years) == max(len(f.years) for f in failures)
    assert all(f.missing > 0.01 * 1000 or f.kind == "target" for f in failures)
    lines = headline_lines(res, style_for(res, "zh"))
    risk = next(line for line in lines if line.startswith("主要风险"))
    assert "各年" in lines[0] or "2024—2030年" in risk


def test_wrap_never_breaks_numbers():
    import re

    from landsim.report.layout import width_of as _width

    text = "目标完成情况：连片 达标 6/7 (2024, 2025, 2026, 2027, 2028, 2029)；盘活 2/7"
    wrapped = wrap(text, 30)
    assert len(wrapped.splitlines()) > 1
    for year in re.findall(r"\d{4}", text):
        assert year in wrapped  # a year split over two lines would not be found
    assert all(_width(line) <= 30 for line in wrapped.splitlines())


def test_compare_side_by_side(runs):
    table = landsim.compare([runs["xiaoshan_2024"], runs["contiguity_first"], runs["tight_budget"]])
    assert table.columns.names == ["measure", "scenario"]
    assert table.index.names == ["indicator", "unit"]
    values = table["value"]
    assert list(values.columns) == ["xiaoshan_2024", "contiguity_first", "tight_budget"]
    diff = table["difference"]
    pd.testing.assert_series_equal(
        diff["tight_budget"], values["tight_budget"] - values["xiaoshan_2024"], check_names=False
    )
    met = values.xs("years contiguous target met", level="indicator")
    assert met["contiguity_first"].iloc[0] > met["xiaoshan_2024"].iloc[0]
    money = values.xs("compensation, all years", level="indicator")
    assert money["tight_budget"].iloc[0] < money["xiaoshan_2024"].iloc[0]


def test_compare_long_has_a_scenario_level(runs):
    long = landsim.compare_long([runs["xiaoshan_2024"], runs["contiguity_first"]])
    assert long.index.names == ["scenario", "row"]
    assert set(long.index.get_level_values("scenario")) == {"xiaoshan_2024", "contiguity_first"}


def test_compare_refuses_other_districts(runs, tmp_path):
    other = landsim.run(ROOT / "tests" / "fixtures" / "hand" / "scenario.yaml")
    with pytest.raises(InputError, match="cannot be compared") as info:
        landsim.compare([runs["xiaoshan_2024"], other])
    assert "same district definition" in info.value.render()


def test_compare_aligns_different_horizons():
    short = landsim.run(SCENARIOS / "xiaoshan_2024.yaml")
    from landsim.scenario import load_scenario

    shorter = landsim.run(
        load_scenario(SCENARIOS / "contiguity_first.yaml", overrides={"horizon": {"end": 2027}})
    )
    table = landsim.compare([short, shorter])
    assert any("2027" in ind for ind, _ in table.index)
    readable = landsim.compare_table([short, shorter], lang="zh")
    assert "2027年产值增加（亿元）" in readable.columns  # gains read in the shared last year
    gain = shorter.table("output|difference")["district"][2027] / 1e4
    assert readable["2027年产值增加（亿元）"].iloc[1] == pytest.approx(gain, abs=0.05)


def test_load_run_round_trip(runs):
    res = landsim.load_run(runs["tight_budget"])
    fresh = landsim.run(SCENARIOS / "tight_budget.yaml")
    pd.testing.assert_frame_equal(res.long, fresh.long, check_dtype=False)
    with pytest.raises(InputError, match="not a landsim run folder"):
        landsim.load_run(SCENARIOS)


def test_a_monte_carlo_answer_in_english_stays_above_its_table():
    """Its list is the longest: at 8 pt it ran into the targets table below it."""
    res = landsim.run(ROOT / "scenarios" / "xiaoshan_2024.yaml", draws=20)
    st = style_for(res, "en")
    with plt.rc_context(st.rc()):
        page = page_one(res, st, headline(res))
        assert overlapping_texts(page) == []
        plt.close(page)

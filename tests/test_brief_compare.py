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
from landsim.report.brief import FIGURES, _page_one, _page_two, headline_lines, wrap
from tests.conftest import ROOT
from tests.plot_helpers import overlapping_texts

SCENARIOS = ROOT / "scenarios"


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("runs")
    out = {}
    for name in ("xiaoshan_2024", "contiguity_first", "tight_budget"):
        assert (
            main(["run", str(SCENARIOS / f"{name}.yaml"), "-o", str(root / name), "--no-xlsx"]) == 0
        )
        out[name] = root / name
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_brief_writes_a_pdf_and_every_figure(runs, lang):
    run_dir = runs["major"] if "major" in runs else runs["contiguity_first"]
    assert main(["brief", str(run_dir), "--lang", lang]) == 0
    folder = run_dir / f"brief-{lang}"
    pdf = (folder / "brief.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") >= 2
    if lang == "zh":
        assert b"NotoSansCJK" in pdf  # the Chinese font is embedded
    for name in FIGURES:
        assert (folder / f"{name}.png").stat().st_size > 5000
        assert (folder / f"{name}.svg").read_text(encoding="utf-8").startswith("<?xml")
    assert main(["brief", str(run_dir), "--lang", lang]) == 2  # not overwritten without --force
    assert main(["brief", str(run_dir), "--lang", lang, "--force"]) == 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_brief_pages_have_no_overlapping_text(runs, lang):
    res = landsim.load_run(runs["contiguity_first"])
    st = style_for(res, lang)
    with plt.rc_context(st.rc()):
        for page in (_page_one(res, st), _page_two(res, st)):
            assert overlapping_texts(page) == []
            plt.close(page)


def test_headline_figures_match_the_tables(runs):
    res = landsim.load_run(runs["contiguity_first"])
    st = style_for(res, "en")
    lines = headline_lines(res, st)
    vacated = res.table("area|vacated")["district"].sum()
    contiguous = res.table("area|contiguous")["district"].sum()
    assert f"{vacated:,.0f} mu vacated, {contiguous:,.0f} mu of it contiguous" in lines
    met = (res.table("target_share|contiguous")["district"] >= 1).sum()
    assert f"contiguous met {met}/7" in lines[0]


def test_wrap_never_breaks_numbers():
    import re

    from landsim.report.brief import _width

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


def test_compare_aligns_different_horizons(runs, capsys, tmp_path):
    short = landsim.run(SCENARIOS / "xiaoshan_2024.yaml")
    from landsim.scenario import load_scenario

    shorter = landsim.run(
        load_scenario(SCENARIOS / "contiguity_first.yaml", overrides={"horizon": {"end": 2027}})
    )
    table = landsim.compare([short, shorter])
    assert any("2027" in ind for ind, _ in table.index)
    out = tmp_path / "cmp"
    run2 = tmp_path / "short"
    assert (
        main(["run", str(SCENARIOS / "contiguity_first.yaml"), "-o", str(run2), "--no-xlsx"]) == 0
    )
    assert (
        main(
            [
                "compare",
                str(runs["xiaoshan_2024"]),
                str(runs["tight_budget"]),
                "-o",
                str(out),
                "--lang",
                "zh",
            ]
        )
        == 0
    )
    for name in (
        "headline.csv",
        "long.csv",
        "targets_contiguous.png",
        "targets_revitalized.svg",
        "output_gained.png",
    ):
        assert (out / name).is_file(), name
    headline = pd.read_csv(
        out / "headline.csv", encoding="utf-8-sig", header=[0, 1], index_col=[0, 1]
    )
    assert headline.shape[0] > 10


def test_load_run_round_trip(runs):
    res = landsim.load_run(runs["tight_budget"])
    fresh = landsim.run(SCENARIOS / "tight_budget.yaml")
    pd.testing.assert_frame_equal(res.long, fresh.long, check_dtype=False)
    with pytest.raises(InputError, match="not a landsim run folder"):
        landsim.load_run(SCENARIOS)

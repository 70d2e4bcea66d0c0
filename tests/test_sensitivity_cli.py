"""``landsim sensitivity``: flags, the one-at-a-time table, the console in zh and en, charts."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from matplotlib import pyplot as plt

from landsim.accounting.variables import BY_NAME
from landsim.analysis.sensitivity import (
    Output,
    as_run,
    one_at_a_time,
    uncertain_parameters,
    whole_year_parameters,
)
from landsim.cli import main
from landsim.inventory.prepare import prepare
from landsim.model.compile import compile_model
from landsim.scenario import load_scenario
from landsim.streams import Streams
from tests.conftest import FIXTURES
from tests.plot_helpers import overlapping_texts

HAND = FIXTURES / "hand" / "scenario.yaml"
#: The hand fixture with a lag, a duration and an output per mu as distributions.
LAGS = {
    "pipeline": {"construction_years": {"dist": "triangular", "low": 1, "mode": 2, "high": 3}},
    "treatments": {"vacate": {"prep_years": {"dist": "uniform", "low": 0.6, "high": 1.8}}},
    "target_industries": {"fresh": {"output_per_mu": {"dist": "uniform", "low": 400, "high": 605}}},
}


def _oat(variable: str = "output|difference") -> pd.DataFrame:
    prepared = prepare(load_scenario(HAND, overrides=LAGS))
    model = compile_model(prepared)
    return one_at_a_time(prepared.scenario, model, Output(variable, 2027), streams=Streams(0))


@pytest.mark.parametrize("method", ["oat"])
def test_samples_with_one_at_a_time_is_refused(tmp_path, capsys, method):
    # it was accepted and meant nothing: one at a time runs each parameter at P10 and P90
    argv = ["sensitivity", str(HAND), "--output", "output|difference", "--method", method]
    assert main([*argv, "--samples", "3", "-o", str(tmp_path / "s")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--samples 3" in err[0] and "--method sobol or both" in err[0]
    assert not (tmp_path / "s").exists()


def test_the_model_rounds_lags_and_the_table_shows_what_it_ran():
    table = _oat().set_index("parameter")
    scenario = load_scenario(HAND, overrides=LAGS)
    params = uncertain_parameters(scenario)
    whole = whole_year_parameters(scenario)
    assert whole >= {"pipeline.construction_years", "treatments.vacate.prep_years"}
    assert "target_industries.fresh.output_per_mu" not in whole
    for path in ("pipeline.construction_years", "treatments.vacate.prep_years"):
        row = table.loc[path]
        quantiles = params[path].ppf(np.array([0.1, 0.9]))
        assert [row["quantile_low"], row["quantile_high"]] == pytest.approx(quantiles)
        # nearest whole year, halves up, as the model's Reader.years
        assert [row["value_low"], row["value_high"]] == list(np.floor(quantiles + 0.5))
        assert row["value_central"] == np.floor(params[path].central() + 0.5)
    money = table.loc["target_industries.fresh.output_per_mu"]  # not a lag: as drawn
    assert money["value_low"] == money["quantile_low"] and money["value_low"] % 1 != 0


def test_as_run_rounds_halves_up_like_the_model():
    values = np.array([0.4, 1.5, 2.5, -0.7])
    assert list(as_run("a.lag", values, {"a.lag"})) == [0, 2, 3, 0]
    assert list(as_run("a.price", values, {"a.lag"})) == list(values)


@pytest.mark.parametrize(
    "variable",
    ["output|difference", "area|vacated", "jobs|difference", "output|programme|new|fresh"],
)
def test_the_one_at_a_time_table_has_the_output_unit_of_the_long_table(variable):
    table = _oat(variable)
    want = BY_NAME[variable].unit if variable in BY_NAME else BY_NAME["output|difference"].unit
    assert set(table["unit"]) == {want}
    kept = ["parameter", "value_low", "value_high", "output_low", "output_high", "swing"]
    assert list(table.columns[: len(kept)]) == kept  # added columns, none renamed


def _tables(lang: str) -> dict[str, pd.DataFrame]:
    label = {"zh": ["建设周期（年）", "新产业：亩均产值", "腾退：收储整理周期（年）"], "en": []}[
        lang
    ]
    label = label or ["Construction time (years)", "New industry: output per mu", "Prep (years)"]
    oat = pd.DataFrame(
        {
            "parameter": ["p.construction_years", "p.output_per_mu", "p.prep_years"],
            "label": label,
            "value_low": [1.0, 420.0, 1.0],
            "value_high": [3.0, 580.0, 1.0],
            "output_low": [14e6, 12e6, 13e6],
            "output_high": [11e6, 14e6, 13e6],
            "swing": [3e6, 2e6, 0.0],
            "output_central": [13e6] * 3,
            "unit": ["万元"] * 3,
            "value_central": [2.0, 500.0, 1.0],
            "quantile_low": [1.45, 420.0, 0.7],
            "quantile_high": [2.55, 580.0, 1.5],
        }
    )
    sobol = pd.DataFrame(
        {
            "parameter": oat["parameter"],
            "label": label,
            "first_order": [0.5, -0.05, 0.0],
            "total_order": [0.6, 0.3, 0.0],
        }
    )
    return {"oat": oat, "sobol": sobol}


#: Words that stay as they are in a Chinese console: flags, commands and index names.
KEPT = ("--samples", "--draws", "landsim run", "P10", "P90", "Sobol")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_console_speaks_the_language_asked_for(capsys, lang):
    from landsim.cli.sensitivity_console import print_sensitivity

    title = "2035年产值（差值）" if lang == "zh" else "Output (difference) in 2035"
    print_sensitivity(_tables(lang), title, "万元", lang)
    out = capsys.readouterr().out
    if lang == "zh":
        rest = out
        for word in KEPT:
            rest = rest.replace(word, "")
        assert not re.search("[A-Za-z]", rest), rest  # the frame was English
        assert not re.search("[(),:;]", re.sub(r"\d,\d", "", rest)), rest  # full-width marks
        assert "亿元" in out and "1,300.0" in out  # 万元 shown in 亿元
        assert "另有1个参数无影响" in out and "1 → 3" in out
    else:
        assert not re.search(r"[\u4e00-\u9fff（），：]", out), out
        assert "CNY bn" in out and "130.0" in out and "亿元" not in out  # CNY bn: 10⁵ 万元
        assert "1 parameter with no effect not shown" in out
    assert ("新产业：亩均产值" if lang == "zh" else "New industry: output per mu") in out


def test_the_console_names_rounded_lags_and_hides_parameters_without_effect(capsys):
    from landsim.cli.sensitivity_console import print_sensitivity

    print_sensitivity(_tables("en"), "Output", "万元", "en")
    out = capsys.readouterr().out
    assert "whole years" in out
    sobol = out[out.index("Sobol'") :]
    assert "Prep (years)" not in sobol  # indices of exactly 0, as the chart leaves it out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_index_that_rounds_to_zero_prints_without_a_minus(capsys, lang):
    from landsim.cli.sensitivity_console import print_sensitivity

    tables = _tables(lang)
    tables["sobol"]["first_order"] = [0.5, -0.0004, -0.0006]  # sampling noise around 0
    tables["sobol"]["total_order"] = [0.6, 0.3, 0.0002]
    tables["oat"]["output_low"] = [14e6, -400.0, 13e6]  # −400 万元: −0.004 亿元, −0.0004 bn
    print_sensitivity(tables, "Output", "万元", lang)
    out = capsys.readouterr().out
    assert not re.search(r"[-−]0\.0+(?!\d)", out), out  # "-0.000" was printed
    assert re.search(r"\s0\.000\s+0\.300", out)  # the −0.0004 index, as 0.000
    assert re.search(r"\s0\.0 → 140\.0" if lang == "en" else r"\s0\.0 → 1,400\.0", out)
    assert "-0.001" in out  # a negative index that does not round to 0 keeps its sign


CHARTS = ("tornado", "sobol")


def _chart_table(kind: str, shown: int) -> pd.DataFrame:
    names = [f"参数{i}：亩均产值（万元/亩）" for i in range(8)]
    effect = np.array([1.0 / (i + 1) if i < shown else 0.0 for i in range(8)])
    if kind == "tornado":
        return pd.DataFrame(
            {
                "parameter": names,
                "label": names,
                "output_low": 13e6 - 4e6 * effect,
                "output_high": 13e6 + 4e6 * effect,
                "swing": 8e6 * effect,
                "output_central": 13e6,
            }
        )
    table = pd.DataFrame(
        {"parameter": names, "label": names, "first_order": effect / 2, "total_order": effect}
    )
    for side in ("first", "total"):
        table[f"{side}_low"] = table[f"{side}_order"] * 0.8
        table[f"{side}_high"] = table[f"{side}_order"] * 1.2
    return table


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("shown", [0, 1, 2, 8])
@pytest.mark.parametrize("kind", CHARTS)
def test_sensitivity_charts_keep_the_legend_off_the_axis_title(kind, shown, lang):
    # with one parameter (short axes) the legend was drawn over the x axis's title
    from landsim.plots.sensitivity import sobol_chart, tornado
    from landsim.plots.style import make_style

    table = _chart_table(kind, shown)
    st = make_style(lang, list(table["label"]))
    title = "2035年产值（差值）" if lang == "zh" else "Output in 2035"
    if kind == "tornado":
        ax = tornado(table, title, unit="万元", style=st)
    else:
        ax = sobol_chart(table, title, style=st)
    fig = ax.figure
    assert overlapping_texts(fig) == []
    legend = ax.get_legend()
    if shown:
        renderer = fig.canvas.get_renderer()
        below = ax.xaxis.get_tightbbox(renderer).y0
        assert legend.get_window_extent(renderer).y1 <= below  # under the axis title
        note = fig._supxlabel  # "n parameters with no effect not shown"
        assert note is None or note.get_window_extent(renderer).y1 <= legend.get_window_extent().y0
    else:  # nothing to draw: said in words, no legend of bars that are not there
        assert legend is None
        assert any("参数" in t.get_text() or "parameter" in t.get_text() for t in ax.texts)
    plt.close(fig)

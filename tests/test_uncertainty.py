from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from matplotlib import pyplot as plt

import landsim
from landsim import plots
from landsim.analysis.montecarlo import monte_carlo_sampler
from landsim.analysis.sensitivity import Output, one_at_a_time, sobol, uncertain_parameters
from landsim.cli import main
from landsim.engine import batch as batch_mod
from landsim.errors import InputError
from landsim.inventory.prepare import prepare
from landsim.model.compile import compile_model
from landsim.model.params import Reader, build_params
from landsim.scenario import load_scenario
from landsim.scenario.distributions import parse_distribution
from landsim.streams import Streams
from tests.conftest import FIXTURES, ROOT
from tests.plot_helpers import overlapping_texts, unmarked_axis_break, y_unit

DEFAULT = ROOT / "scenarios" / "xiaoshan_2024.yaml"
HAND = FIXTURES / "hand" / "scenario.yaml"
#: The hand fixture with uncertain economics only (selection is the same in every draw).
ECONOMIC = {
    "target_industries": {"fresh": {"output_per_mu": {"dist": "uniform", "low": 400, "high": 600}}},
    "pipeline": {"construction_years": {"dist": "choice", "values": [1, 2]}},
    "treatments": {
        "vacate": {"land_compensation_per_mu": {"dist": "uniform", "low": 20, "high": 40}}
    },
}


@pytest.mark.parametrize(
    ("spec", "low", "high", "centre"),
    [
        ({"dist": "uniform", "low": 2, "high": 4}, 2, 4, 3),
        ({"dist": "triangular", "low": 1, "mode": 2, "high": 5}, 1, 5, 2),
        ({"dist": "normal", "mean": 10, "sd": 3, "low": 8, "high": 20}, 8, 20, 10),
        ({"dist": "lognormal", "median": 50, "sigma": 0.4, "low": 20}, 20, np.inf, 50),
        ({"dist": "choice", "values": [0, 1, 2], "weights": [0.2, 0.5, 0.3]}, 0, 2, 1),
    ],
)
def test_distributions_stay_in_bounds(spec, low, high, centre):
    d = parse_distribution(spec)
    x = d.sample(np.random.default_rng(0), 20000)
    assert x.min() >= low - 1e-9 and x.max() <= high + 1e-9
    # the support, checked against scenario bounds on load, is what the quantiles reach
    assert d.support() == (low, high)
    assert d.support() == pytest.approx((float(d.ppf(0.0)), float(d.ppf(1.0))), rel=1e-12)
    assert d.central() == pytest.approx(centre)
    if spec["dist"] == "choice":
        np.testing.assert_allclose(np.bincount(x.astype(int)) / x.size, [0.2, 0.5, 0.3], atol=0.02)
    if spec["dist"] == "lognormal":
        assert np.median(x) == pytest.approx(50, rel=0.05)


def test_each_parameter_has_its_own_stream_and_prefixes_agree():
    scenario = load_scenario(DEFAULT)
    a = build_params(scenario, Reader(50, sampler=monte_carlo_sampler(Streams(7))))
    b = build_params(scenario, Reader(20, sampler=monte_carlo_sampler(Streams(7))))
    np.testing.assert_array_equal(
        a.new_output[:20], b.new_output
    )  # the first 20 of 50 = a run of 20
    np.testing.assert_array_equal(a.refusal[:20], b.refusal)
    assert not np.allclose(a.new_output[:, 0], a.new_output[:, 1])  # parameters are not correlated
    assert Streams(7).draws(3) == Streams(7).draws(5)[:3]
    # draw d's seed sequence is the d-th child of the seed, whatever the number of draws
    child = np.random.SeedSequence(7).spawn(5)[4]
    assert Streams(7).draw_seed(4).spawn_key == child.spawn_key


@pytest.fixture(scope="module")
def default_mc():
    return landsim.run(DEFAULT, draws=60, workers=2)


def test_same_seed_gives_identical_draws(default_mc):
    again = landsim.run(DEFAULT, draws=60, workers=1)
    pd.testing.assert_frame_equal(default_mc.quantiles, again.quantiles)
    pd.testing.assert_frame_equal(default_mc.probabilities, again.probabilities)
    pd.testing.assert_frame_equal(default_mc.parcels, again.parcels)
    other = landsim.run(DEFAULT, draws=60, seed=99)
    assert not default_mc.quantiles["value"].equals(other.quantiles["value"])


def test_quantiles_bracket_the_central_run(default_mc):
    # Variables driven by parameters bracket the run at central values. Variables driven by
    # owners' random refusals (areas in some years) need not: the central run is then one
    # realization of the refusals, inside P10–P90 about four times in five (docs/uncertainty.md).
    for variable in ("output|difference", "money|net|cumulative"):
        band = default_mc.band(variable)
        central = default_mc.table(variable)["district"].reindex(band.index)
        assert (band["p10"] <= central + 1e-6).all() and (central <= band["p90"] + 1e-6).all(), (
            variable
        )
        assert (band["p10"] <= band["p50"]).all() and (band["p50"] <= band["p90"]).all()


def test_probabilities_rise_with_quotas(default_mc):
    more = landsim.run(load_scenario(DEFAULT, overrides={"quotas": {"upgrade_mu": 7500}}), draws=60)
    base = default_mc.probabilities.set_index(["target", "year"])["probability"]
    up = more.probabilities.set_index(["target", "year"])["probability"]
    # more upgrade quota: the first year's revitalization target is met at least as often,
    # and more land is revitalized in all. (Later years may fall short: a larger quota
    # exhausts the upgrade pool sooner — the yearly re-evaluation refills it only slowly.)
    first = int(default_mc.scenario.horizon.start)
    assert up["revitalized"][first] >= base["revitalized"][first]
    cum = "area|revitalized|cumulative"
    assert (more.band(cum)["p50"] >= default_mc.band(cum)["p50"] - 1e-6).all()


def test_parcel_frequencies(default_mc):
    p = default_mc.parcels
    shares = p[["share_vacate", "share_upgrade", "share_reactivate"]]
    assert ((shares >= 0) & (shares <= 1)).all().all()
    np.testing.assert_allclose(p["share_selected"], shares.sum(axis=1))
    assert (p.loc[p["restricted"], "share_selected"] == 0).all()
    assert ((p["share_selected"] > 0) & (p["share_selected"] < 1)).any()  # refusals vary selection


def test_yearly_evaluation_of_new_firms_makes_selection_per_draw():
    # new firms' figures and lags decide the later years' evaluation, so they vary selection
    scenario = load_scenario(HAND, overrides=ECONOMIC)
    streams = Streams(3)
    model = compile_model(prepare(scenario), Reader(4, sampler=monte_carlo_sampler(streams)))
    assert batch_mod.selection_varies(model)
    static = load_scenario(HAND, overrides={**ECONOMIC, "evaluation": {"yearly": False}})
    model = compile_model(prepare(static), Reader(4, sampler=monte_carlo_sampler(streams)))
    assert not batch_mod.selection_varies(model)


def test_shared_selection_equals_running_every_draw(monkeypatch):
    scenario = load_scenario(HAND, overrides={**ECONOMIC, "evaluation": {"yearly": False}})
    streams = Streams(3)
    model = compile_model(
        prepare(scenario), Reader(25, sampler=monte_carlo_sampler(streams))
    ).check()
    shared = batch_mod.simulate_batch(model, streams.draws(25))
    assert shared.shared_selection
    monkeypatch.setattr(batch_mod, "selection_varies", lambda model: True)
    full = batch_mod.simulate_batch(model, streams.draws(25))
    two = batch_mod.simulate_batch(model, streams.draws(25), workers=2)
    assert not full.shared_selection
    for field in ("selected", "paid", "stopped", "upgraded", "contiguous", "ready", "transferred"):
        np.testing.assert_array_equal(getattr(shared.bins, field), getattr(full.bins, field))
        np.testing.assert_array_equal(getattr(full.bins, field), getattr(two.bins, field))
    np.testing.assert_array_equal(shared.counts, full.counts)


def test_lags_move_production_in_the_draws():
    res = landsim.run(load_scenario(HAND, overrides=ECONOMIC), draws=64)
    band = res.band("output|programme|new|fresh")
    # construction 1 year: production from 2026; 2 years: from 2027 — both appear among draws
    assert band.loc[2026, "p10"] == 0 and band.loc[2026, "p90"] > 0
    # full output in 2027 is 43 mu × 400–600 at ramp 0.5 (2 years) or full (1 year)
    assert (
        band.loc[2027, "p10"] >= 43 * 400 * 0.5 - 1e-6 and band.loc[2027, "p90"] <= 43 * 600 + 1e-6
    )


def test_run_folder_keeps_the_draws(tmp_path):
    out = tmp_path / "mc"
    assert main(["run", str(HAND), "--draws", "16", "-o", str(out), "--no-xlsx"]) == 0
    res = landsim.load_run(out)
    assert res.draws == 16 and res.quantiles is not None and res.probabilities is not None
    assert set(res.quantiles["statistic"]) == {"p10", "p50", "p90", "mean"}
    assert (
        main(
            [
                "run",
                str(HAND),
                "--draws",
                "16",
                "-o",
                str(tmp_path / "q"),
                "--no-xlsx",
                "--quantiles",
                "0.05,0.95",
            ]
        )
        == 0
    )
    assert set(landsim.load_run(tmp_path / "q").quantiles["statistic"]) == {"p05", "p95", "mean"}
    assert main(["run", str(HAND), "--draws", "0", "-o", str(tmp_path / "z")]) == 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_uncertainty_plots(default_mc, lang):
    for draw in (
        lambda: plots.fan_chart(default_mc, "output|difference", lang=lang),
        lambda: plots.fan_chart(default_mc, "area|contiguous|cumulative", lang=lang),
        lambda: plots.target_probability(default_mc, lang=lang),
    ):
        ax = draw()
        assert overlapping_texts(ax.figure) == []
        assert not unmarked_axis_break(ax), ax.get_ylim()  # docs/plots.md promises the mark
        plt.close(ax.figure)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_probability_bars_say_their_unit(default_mc, lang):
    """The bars read "100", "47", "1" on an axis of per cent: each says "%" now."""
    ax = plots.target_probability(default_mc, lang=lang)
    labels = [t.get_text() for t in ax.texts if t.get_text()[:1].isdigit()]
    n = len(default_mc.probabilities)
    assert len(labels) == n and all(re.fullmatch(r"\d{1,3}%", x) for x in labels), labels
    assert overlapping_texts(ax.figure) == []  # "100%" side by side, upright
    shown = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert shown[-1] == "100%"  # no tick above it in the labels' room
    plt.close(ax.figure)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_fan_chart_of_a_sum_over_years_starts_at_zero_and_a_level_is_marked(default_mc, lang):
    """Cumulative area runs from nothing: its axis starts at zero (it began at 1,300 mu,
    unmarked); a level such as the programme's output starts above zero with a break."""
    ax = plots.fan_chart(default_mc, "area|contiguous|cumulative", lang=lang)
    assert ax.get_ylim()[0] == 0
    plt.close(ax.figure)
    ax = plots.fan_chart(default_mc, "output|programme", lang=lang)
    assert ax.get_ylim()[0] > 0 and not unmarked_axis_break(ax)
    plt.close(ax.figure)


@pytest.mark.parametrize(
    ("variable", "zh", "en"),
    [
        ("output|difference", "亿元/年", "CNY bn a year"),
        ("jobs|difference", "人", "persons"),
        ("money|net|cumulative", "亿元", "CNY bn"),
        ("area|contiguous|cumulative", "亩", "mu"),
    ],
)
def test_fan_charts_name_their_unit_in_the_chart_language(default_mc, variable, zh, en):
    for lang, unit in (("zh", zh), ("en", en)):
        ax = plots.fan_chart(default_mc, variable, lang=lang)
        # a Chinese jobs chart said "persons"; Chinese units stand above the axis
        assert y_unit(ax) == (f"单位：{unit}" if lang == "zh" else unit)
        plt.close(ax.figure)


@pytest.mark.cjk
def test_brief_of_a_monte_carlo_run(tmp_path):
    out = tmp_path / "mc"
    assert main(["run", str(DEFAULT), "--draws", "12", "-o", str(out), "--no-xlsx"]) == 0
    assert main(["brief", str(out), "--lang", "zh"]) == 0
    pdf = (out / "brief-zh" / "brief.pdf").read_bytes()
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 4  # three pages and the draws' page
    for name in ("target_probability", "fan_output", "fan_contiguous"):
        pixels = plt.imread(out / "brief-zh" / f"{name}.png")
        assert pixels.std() > 0.05, name  # a drawn chart, not a blank image


def test_one_at_a_time_by_hand():
    prepared = prepare(load_scenario(HAND, overrides=ECONOMIC))
    table = one_at_a_time(
        prepared.scenario,
        compile_model(prepared),
        Output("output|programme|new|fresh", 2027),
        streams=Streams(0),
    ).set_index("parameter")
    row = table.loc["target_industries.fresh.output_per_mu"]
    # P10/P90 of uniform(400, 600) are 420 and 580; 43 mu at full output in 2027 (central: 1 year)
    assert row["value_low"] == pytest.approx(420) and row["value_high"] == pytest.approx(580)
    assert row["output_low"] == pytest.approx(43 * 420) and row["output_high"] == pytest.approx(
        43 * 580
    )
    assert table.loc["treatments.vacate.land_compensation_per_mu", "swing"] == 0


def test_sobol_finds_the_only_parameter_that_matters():
    overrides = {**ECONOMIC, "pipeline": {"construction_years": 1}}
    prepared = prepare(load_scenario(HAND, overrides=overrides))
    table = sobol(
        prepared.scenario,
        compile_model(prepared),
        Output("output|programme|new|fresh", 2027),
        n=64,
        streams=Streams(0),
    ).set_index("parameter")
    assert table.loc["target_industries.fresh.output_per_mu", "total_order"] == pytest.approx(
        1, abs=0.1
    )
    assert table.loc["treatments.vacate.land_compensation_per_mu", "total_order"] == pytest.approx(
        0, abs=1e-9
    )
    assert table.index[0] == "target_industries.fresh.output_per_mu"


def test_sobol_intervals_are_reproducible_and_hold_the_indices():
    overrides = {**ECONOMIC, "pipeline": {"construction_years": 1}}
    prepared = prepare(load_scenario(HAND, overrides=overrides))
    model = compile_model(prepared)
    output = Output("money|net|cumulative", 2027)

    def table(seed):
        return sobol(prepared.scenario, model, output, n=32, streams=Streams(seed))

    first, again, other = table(0), table(0), table(1)
    pd.testing.assert_frame_equal(first, again, check_exact=True)  # intervals included
    assert not first[["total_low", "total_high"]].equals(other[["total_low", "total_high"]])
    for kind in ("first", "total"):
        inside = first[f"{kind}_low"] <= first[f"{kind}_order"] + 1e-9
        assert (inside & (first[f"{kind}_order"] <= first[f"{kind}_high"] + 1e-9)).all()
    assert (first["total_high"] > first["total_low"]).any()  # not all degenerate


@pytest.mark.cjk
def test_sensitivity_cli(tmp_path):
    scn = tmp_path / "s.yaml"
    scn.write_text(
        f"extends: {HAND.as_posix()}\ntarget_industries:\n  fresh:\n    output_per_mu: "
        "{dist: uniform, low: 400, high: 600}\n",
        encoding="utf-8",
    )
    out = tmp_path / "sens"
    assert (
        main(
            [
                "sensitivity",
                str(scn),
                "--output",
                "output|difference",
                "--samples",
                "16",
                "-o",
                str(out),
                "--lang",
                "zh",
            ]
        )
        == 0
    )
    oat = pd.read_csv(out / "oat.csv").set_index("parameter")
    assert oat.loc["target_industries.fresh.output_per_mu", "swing"] > 0  # the only uncertainty
    sobol_table = pd.read_csv(out / "sobol.csv")
    assert sobol_table["parameter"].iloc[0] == "target_industries.fresh.output_per_mu"
    assert plt.imread(out / "tornado.png").std() > 0.05
    assert "<svg" in (out / "sobol.svg").read_text(encoding="utf-8")[:500]
    assert (
        main(["sensitivity", str(scn), "--output", "output|nothing", "-o", str(tmp_path / "x")])
        == 2
    )
    assert (
        main(
            [
                "sensitivity",
                str(scn),
                "--output",
                "output|difference",
                "--samples",
                "10",
                "--method",
                "sobol",
                "-o",
                str(tmp_path / "y"),
            ]
        )
        == 2
    )
    assert (
        main(["sensitivity", str(HAND), "--output", "output|difference", "-o", str(tmp_path / "w")])
        == 2
    )


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        (["--platform", "mars"], "--platform: unknown platform 'mars'; use one of"),
        (["--year", "1999"], "--year 1999 is not a year of the run"),
        (["--workers", "-4", "--method", "oat"], "--workers must lie between 1 and"),
        (["--samples", str(2**20)], "give a power of two from 2 to 4,096"),
    ],
)
def test_sensitivity_refuses_what_it_cannot_use(tmp_path, capsys, flags, said):
    # an unknown platform was an internal error; 2**20 samples ran until killed
    argv = ["sensitivity", str(HAND), "--output", "output|difference", *flags]
    assert main([*argv, "-o", str(tmp_path / "s")]) == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err and "internal error" not in err
    assert not (tmp_path / "s").exists()


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        ([], "has no value for district in 2035; it has values in 2024–2030 (a target's"),
        (["--platform", "etdz", "--year", "2026"], "has no value for etdz in 2026"),
    ],
)
def test_sensitivity_of_an_output_with_no_value_there_is_refused(tmp_path, capsys, flags, said):
    # it ran, and reported every parameter as without effect (NaN read as 0)
    argv = ["sensitivity", str(DEFAULT), "--output", "target_share|revitalized", *flags]
    assert main([*argv, "--method", "oat", "-o", str(tmp_path / "s")]) == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err and not (tmp_path / "s").exists()


def test_no_distributions_is_a_clear_error():
    prepared = prepare(HAND)
    assert uncertain_parameters(prepared.scenario) == {}
    with pytest.raises(InputError, match="nothing to analyse"):
        one_at_a_time(
            prepared.scenario,
            compile_model(prepared),
            Output("output|difference", 2027),
            streams=Streams(0),
        )


def test_a_distribution_in_a_yearly_value_is_sampled_once():
    scenario = load_scenario(
        HAND,
        overrides={
            "quotas": {"vacate_mu": {2024: {"dist": "uniform", "low": 10, "high": 30}, 2026: 5}}
        },
    )
    p = build_params(scenario, Reader(8, sampler=monte_carlo_sampler(Streams(1))))
    q = p.quota[:, 0]
    assert np.all(q[:, 0] == q[:, 1]) and np.all(q[:, 2:] == 5)
    assert q[:, 0].min() >= 10 and q[:, 0].max() <= 30 and np.ptp(q[:, 0]) > 0


def test_sensitivity_warns_of_indices_sampling_noise_made_impossible(capsys):
    import pandas as pd

    from landsim.cli.sensitivity_console import print_sensitivity
    from landsim.plots.sensitivity import sobol_chart

    sobol = pd.DataFrame(
        {
            "label": ["Investment cap", "Construction time", "Refusals", "Tiny"],
            "first_order": [0.60, 0.106, -0.02, -0.0002],
            "total_order": [0.66, 0.081, 0.01, 0.001],
        }
    )
    print_sensitivity({"sobol": sobol}, "Output (difference) in 2035", "万元", "en")
    out = capsys.readouterr().out
    warning = next(line for line in out.splitlines() if line.startswith("warning"))
    assert "Construction time" in warning and "Refusals" in warning
    assert "Investment cap" not in warning and "raise --samples" in warning
    assert "Tiny" not in warning  # within 0.01 of a bound: no reading changes
    # the chart names the same parameters (it named negative indices only)
    for side in ("first", "total"):
        sobol[f"{side}_low"] = sobol[f"{side}_order"] - 0.01
        sobol[f"{side}_high"] = sobol[f"{side}_order"] + 0.01
    ax = sobol_chart(sobol, "output", lang="en")
    note = " ".join(t.get_text() for t in ax.figure.findobj(matplotlib.text.Text))
    assert "above the total (sampling noise): Construction time, Refusals;" in note
    plt.close(ax.figure)


@pytest.mark.parametrize(
    "path",
    [
        "pipeline.investment_cap",
        "pipeline.value_added_per_worker",
        "pipeline.land_price_by_platform.qianjiang",
        "treatments.upgrade.lag_years",
        "treatments.upgrade.output_uplift",
        "treatments.upgrade.tax_uplift",
        "treatments.upgrade.value_added_uplift",
        "relocation.lag_years",
        "relocation.land_per_mu",
        "baseline.default_growth",
        "existing_industries.textiles.growth",
        "target_industries.new_materials.value_added_per_worker",
        "major_projects.hesheng.bridge_cost_per_link",
        "selection.refusal_probability",
    ],
)
def test_parameters_are_named_in_chinese_in_chinese_charts(path):
    from landsim.plots.parameters import parameter_label

    scenario = load_scenario(ROOT / "scenarios" / "xiaoshan_2024.yaml")
    zh = parameter_label(path, scenario, "zh")
    assert not re.search("[A-Za-z]", zh), zh
    assert re.search("[a-z]{3}", parameter_label(path, scenario, "en"))


def test_a_long_note_under_a_sobol_chart_wraps_below_the_legend():
    # a long list of negative indices widened the figure until the axes collapsed, and
    # the note's two lines were drawn over each other and over the legend
    from landsim.plots.sensitivity import sobol_chart
    from landsim.plots.style import make_style

    names = [f"目标产业{i}：某某新兴产业·亩均产值（万元/亩）" for i in range(8)]
    table = pd.DataFrame(
        {
            "parameter": names,
            "label": names,
            "first_order": [0.4, *([-0.02] * 7)],
            "total_order": [0.5, *([0.1] * 7)],
        }
    )
    ax = sobol_chart(table, "2030年产值", style=make_style("zh", names))
    fig = ax.figure
    fig.canvas.draw()
    assert overlapping_texts(fig) == []
    assert ax.get_position().width > 0.3  # the axes keep their room
    note = fig._supxlabel
    assert note.get_window_extent().x1 <= fig.bbox.x1 + 1  # wrapped inside the figure
    plt.close(fig)


def test_the_sensitivity_console_lines_up_chinese_labels(capsys):
    from landsim.cli import parser
    from landsim.cli.run import display_width
    from landsim.cli.sensitivity_console import print_sensitivity

    oat = pd.DataFrame(
        {
            "label": ["建设周期（年）", "智能汽车与智能物联：亩均产值", "Refusals"],
            "output_central": [3.6e6] * 3,
            "output_low": [5.0e6, 3.4e6, 3.5e6],
            "output_high": [2.3e6, 3.9e6, 3.7e6],
            "swing": [2.7e6, 0.5e6, 0.2e6],
        }
    )
    print_sensitivity({"oat": oat}, "2035年产值（差值）", "万元", "zh")
    rows = [
        line for line in capsys.readouterr().out.splitlines() if "→" in line and "P10" not in line
    ]
    # the numbers start in the same terminal column (it padded by characters, not width)
    starts = {display_width(line[: line.index("→")]) for line in rows}
    assert len(rows) == 3 and len(starts) == 1
    args = parser(["sensitivity"]).parse_args(["sensitivity", "s.yaml", "--output", "x"])
    assert args.lang is None  # the scenario's plots.lang, as brief and compare

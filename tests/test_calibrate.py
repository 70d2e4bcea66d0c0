"""Calibration recovers the values a synthetic history was made with, within its intervals.

Each fit leaves the parameters it does not fit at their true values (a recovery test
asks whether the method finds what it is asked to find; docs/backtest.md says what a
parameter left wrong does to the others).
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import dataclasses
import re
from datetime import date

import numpy as np
import pytest
from matplotlib import pyplot as plt

from landsim.analysis.backtest_years import backtest_scenario
from landsim.analysis.calibrate import calibrate
from landsim.analysis.fit_params import resolve
from landsim.cli import main
from landsim.cli.calibrate_console import summary
from landsim.cli.console import display_width
from landsim.errors import InputError, LandsimError
from landsim.inventory.history import load_history
from landsim.inventory.prepare import prepare
from landsim.plots.backtest import fit_profile
from landsim.scenario import load_scenario
from tests.backtest_world import TRUTH, truth
from tests.plot_helpers import overlapping_texts

REFUSAL = "selection.refusal_probability"
SHARES = "evaluation.classes.shares"
PREP = "treatments.vacate.prep_years"


def _inputs(world, leave):
    scenario = backtest_scenario(world.scenario, None, None, truth(leave=leave))
    prepared = prepare(scenario)
    spec = scenario.history.model_copy(update={"path": str(world.history)})
    return scenario, prepared, load_history(spec, prepared.inventory, 2022, 2024)


@pytest.fixture(scope="module")
def refusal_run(backtest_world):
    """The refusal fit, and every progress report it made as ``(done, total)``."""
    scenario, prepared, history = _inputs(backtest_world, (REFUSAL,))
    fitted = resolve(["refusal_probability"], scenario)
    reports: list[tuple[int, int]] = []
    fit = calibrate(
        prepared,
        history,
        fitted,
        draws=12,
        points=9,
        bootstrap=30,
        holdout=2024,
        progress=lambda done, total: reports.append((done, total)),
    )
    return fit, reports


@pytest.fixture(scope="module")
def refusal_fit(refusal_run):
    return refusal_run[0]


def test_progress_reaches_its_total_only_at_the_end(refusal_run):
    """The total counted neither the grids that follow the best value nor the finer grids
    centred again: the bar sat at 100 % for about a third of a fit. The total now grows
    when such a grid starts, and is reached by the last simulation only."""
    _, reports = refusal_run
    done = np.array([d for d, _ in reports])
    total = np.array([t for _, t in reports])
    assert (np.diff(done) >= 0).all() and (np.diff(total) >= 0).all()
    assert done[-1] == total[-1]
    full = np.flatnonzero(done >= total)
    assert full.size and full[0] >= len(reports) - 2  # the last report or two, not before


def test_refusal_is_recovered_within_its_interval(refusal_fit):
    row = refusal_fit.parameters.iloc[0]
    assert row["parameter"] == REFUSAL
    assert row["low"] <= TRUTH[REFUSAL] <= row["high"]
    assert row["informed"] and row["high"] - row["low"] < 0.5 * (
        row["search_high"] - row["search_low"]
    )
    assert refusal_fit.p_value > 0.05  # the history looks like the fitted model's
    assert len(refusal_fit.bootstrap) == 30


def test_holdout_year_scores_the_fit_out_of_sample(refusal_fit):
    skill = refusal_fit.skill.set_index(["period", "source", "measure"])["value"]
    assert set(refusal_fit.skill["period"]) == {"fit", "holdout"}
    assert (
        refusal_fit.skill.loc[refusal_fit.skill["period"] == "holdout", "years"].iloc[0] == "2024"
    )
    for measure in ("log_score", "figure_of_merit", "auc"):
        assert skill["holdout", "fitted", measure] > skill["holdout", "baseline", measure]
    assert skill["holdout", "fitted", "log_score"] > skill["holdout", "scenario", "log_score"]


def test_class_cut_offs_and_preparation_lag_are_recovered(backtest_world):
    scenario, prepared, history = _inputs(backtest_world, (SHARES, PREP))
    fitted = resolve(["classes.percentile", "prep_years=0:3"], scenario)
    assert [f.path for f in fitted] == [f"{SHARES}.D", f"{SHARES}.C", PREP]
    fit = calibrate(prepared, history, fitted, draws=8, points=5, bootstrap=30)
    table = fit.parameters.set_index("parameter")
    true = {f"{SHARES}.D": 0.1, f"{SHARES}.C": 0.2, PREP: 1}
    for path, value in true.items():
        assert table.loc[path, "low"] <= value <= table.loc[path, "high"], path
    assert table.loc[PREP, "fitted"] == 1 and table.loc[PREP, "high"] < 2  # told from 2
    assert table.loc[f"{SHARES}.D", "high"] < 0.2


def test_a_parameter_the_history_does_not_inform_is_flagged_and_kept(
    backtest_world, tmp_path, capsys
):
    out = tmp_path / "cal"
    argv = [
        "calibrate",
        str(backtest_world.scenario),
        "--history",
        str(backtest_world.history),
        "--fit",
        "refusal_probability,upgrade.lag_years=4:6",
        *("--draws", "6", "--points", "5", "--bootstrap", "12", "-o", str(out)),
    ]
    # every parameter but the two fitted at its true value: a variant holds them
    fixed = tmp_path / "true_rest.yaml"
    rest = truth(leave=(REFUSAL,))
    shares = rest["evaluation"]["classes"]["shares"]
    fixed.write_text(
        f"extends: {backtest_world.scenario.as_posix()}\n"
        f"evaluation: {{classes: {{method: percentile, shares: {shares}}}}}\n"
        f"treatments: {{vacate: {{prep_years: {TRUTH[PREP]}}}}}\n",
        encoding="utf-8",
    )
    argv[1] = str(fixed)
    assert main(argv) == 0
    printed = capsys.readouterr().out  # in the scenario's plots.lang: zh
    assert "  提升见效周期（年）：处置台账不足以确定该参数，保留情景原值" in printed
    assert f"已写入 {out}/：parameters.csv、" in printed
    assert printed.splitlines()[-1] == f"校准后的情景变体：{out / 'true_rest-calibrated.yaml'}"
    table = (out / "parameters.csv").read_text(encoding="utf-8-sig")
    assert "treatments.upgrade.lag_years" in table
    variant = out / "true_rest-calibrated.yaml"
    text = variant.read_text(encoding="utf-8")
    mark = f"calibrated on 处置台账.csv, {date.today().isoformat()}"
    assert f"# {mark}:" in text and "refusal_probability:" in text
    # an upgrade that shows after four years or more leaves no trace in 2022–2024
    assert "lag_years: not informed by the history" in text
    assert "lag_years:" not in text.split("extends:")[1]  # the scenario's value is kept
    calibrated = load_scenario(variant)  # a valid scenario, extending the one fitted
    value = calibrated.selection.refusal_probability
    assert isinstance(value, float) and 0.1 < value <= 0.5
    assert calibrated.treatments.upgrade.lag_years == 1
    assert (out / "profile_1.png").is_file() and (out / "grid.csv").is_file()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_informed_does_not_follow_the_monte_carlo_noise(backtest_world, seed):
    # an upgrade's tax uplift barely changes which parcels are treated in 2022–2024, but
    # the coarse grid's few draws give its profile a spread of 5 to 20 log-score units
    # by noise alone: the flag must weigh the spread against that noise, at every seed
    small = {"draws": 6, "points": 5, "bootstrap": 12, "seed": seed}
    scenario, prepared, history = _inputs(backtest_world, ())
    uplift = calibrate(prepared, history, resolve(["tax_uplift"], scenario), **small)
    row = uplift.parameters.iloc[0]
    assert row["profile_spread"] > 2.0  # more than the fixed bar alone asked
    assert not row["informed"] and row["note"].startswith("not informed by the history")
    assert row["spread_needed"] > row["profile_spread"]  # the noise, not the interval, says so
    scenario, prepared, history = _inputs(backtest_world, (REFUSAL,))
    refusal = calibrate(prepared, history, resolve(["refusal_probability"], scenario), **small)
    row = refusal.parameters.iloc[0]
    assert row["informed"] and row["profile_spread"] > row["spread_needed"] > 0


def test_leaving_a_draw_out_scores_the_other_draws():
    from landsim.analysis.likelihood import Frequencies

    rng = np.random.default_rng(5)
    values, draws, categories = 3, 4, 4
    cats = rng.integers(0, categories, size=(values * draws, 2, 30)).astype(np.int8)
    observed = rng.integers(0, categories, size=(2, 30)).astype(np.int8)
    freq = Frequencies.of(cats, values, categories)
    out = freq.leave_one_out(cats, observed)
    assert out.shape == (draws, values)
    for i in range(draws):
        kept = np.delete(cats.reshape(values, draws, 2, 30), i, axis=1).reshape(-1, 2, 30)
        again = Frequencies.of(kept, values, categories).log_score(observed)
        np.testing.assert_allclose(out[i], again)


def test_bad_fit_requests_are_refused_with_every_problem(backtest_world):
    scenario = backtest_scenario(backtest_world.scenario, None, None)
    with pytest.raises(InputError) as info:
        resolve(
            ["refusl_probability", "prep_years=3:1", "prep_years", "quotas.vacate_mu=x"], scenario
        )
    lines = [str(p) for p in info.value.problems]
    assert any("did you mean 'refusal_probability'?" in line for line in lines)
    assert any("the range 3:1 is empty" in line for line in lines)
    assert any("give the range as low:high" in line for line in lines)
    assert len(lines) == 3


def test_holdout_outside_the_back_test_is_refused(backtest_world, capsys):
    argv = [
        "calibrate",
        str(backtest_world.scenario),
        "--history",
        str(backtest_world.history),
        "--fit",
        "refusal_probability",
        "--holdout",
        "2022",
    ]
    assert main(argv) == 2
    assert "hold out a year after the first" in capsys.readouterr().err


def test_the_console_in_english_is_as_scripts_have_read_it(refusal_fit):
    lines = summary(refusal_fit, "en").splitlines()
    assert lines[0] == f"{'parameter':<42}{'scenario':>10}{'fitted':>10}  95% interval"
    assert lines[1].startswith(f"{REFUSAL:<42}       0.1")
    check = next(x for x in lines if x.startswith("Check: p = "))
    assert check.endswith("; the history looks like what the fitted model produces.")
    skill = lines.index("Skill (higher is better):")
    assert lines[skill + 1] == f"{'':<30}" + "     fitted   scenario   baseline"
    rows = [x[:30].rstrip() for x in lines[skill + 2 : skill + 8]]
    assert rows[0] == "fit 2022–2023 log_score" and rows[-1] == "holdout 2024 auc"
    assert lines[-1] == "note: the scenario's other distributions were held at their central values"
    doubtful = summary(dataclasses.replace(refusal_fit, p_value=0.01), "en")
    assert "Check: p = 0.01; the history is less likely under the fitted model than" in doubtful


def test_the_console_in_chinese_uses_the_charts_words(refusal_fit):
    text = summary(refusal_fit, "zh")
    lines = text.splitlines()
    assert lines[0].split() == ["参数", "原情景取值", "估计值", "95%区间"]
    assert lines[1].split()[:2] == ["权利人不同意的概率", "0.1"]  # named, not keyed
    assert display_width(lines[0]) == display_width(lines[1])  # aligned by terminal columns
    check = next(x for x in lines if x.startswith("模型检验：p = "))
    assert check.endswith("；实际处置台账与校准后模型模拟的台账相似。")
    skill = lines.index("模型表现（越高越好）：")
    table = lines[skill + 1 : skill + 8]
    assert table[0].split() == ["时段", "年份", "指标", "校准后模型", "原情景", "随机选择"]
    assert [x.split()[:3] for x in table[1:4]] == [
        ["校准期", "2022—2023年", m] for m in ("对数得分", "品质因数（FoM）", "ROC曲线下面积")
    ]
    assert table[-1].split()[:3] == ["检验期（样本外）", "2024年", "ROC曲线下面积"]
    assert len({display_width(x) for x in table}) == 1
    for x in [*lines[:2], *table]:  # no English left in the tables but the abbreviations
        assert set(re.findall(r"[A-Za-z]+", x)) <= {"FoM", "ROC"}, x
    assert lines[-1] == "注：情景中其他不确定参数均取中心值"
    doubtful = summary(dataclasses.replace(refusal_fit, p_value=0.01), "zh")
    assert (
        "模型检验：p = 0.01；实际处置台账在校准后模型下出现的可能性低于模型自身模拟的台账"
        in doubtful
    )


def test_every_note_of_a_parameter_has_its_chinese():
    from landsim.analysis.history_notes import NOTES, in_language, note

    for key in ("not_informed", "at_edge", "no_lower_bound", "no_upper_bound"):
        assert in_language(note(key), "zh") == NOTES[key][0]
        assert in_language(note(key), "en") == note(key)
    assert in_language("something else", "zh") == "something else"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_profile_chart(refusal_fit, lang):
    ax = fit_profile(refusal_fit, lang=lang)
    assert overlapping_texts(ax.figure) == []
    lines = [line for line in ax.get_lines() if len(line.get_xdata()) > 2]
    np.testing.assert_allclose(lines[0].get_xdata(), np.unique(refusal_fit.grid[REFUSAL]))
    plt.close(ax.figure)


def test_every_fittable_parameter_has_a_label_in_both_languages():
    from landsim.analysis.fit_params import PARAMETERS
    from landsim.plots.labels import TEXT

    assert all(f"fit:{path}" in TEXT for path in PARAMETERS)


def test_the_variant_says_what_the_scenario_had_as_it_had_it():
    from landsim.analysis.calibrated_variant import _as_written
    from landsim.analysis.fit_params import PARAMETERS, Fitted
    from landsim.cli.calibrate_console import _span

    prep = Fitted(PARAMETERS["treatments.vacate.prep_years"], 0, 4, 1.5)
    assert _as_written(prep, 1.5) == "1.5"  # a whole-year parameter's central 1.5 is not "2"
    assert _as_written(prep, 2.0) == "2"
    quota = next(p for k, p in PARAMETERS.items() if k.startswith("quotas."))
    assert _as_written(Fitted(quota, 0, 1e4, 3000.0), 3000.0) == "3,000"
    assert _span(2.0, 2.0) == "2" and _span(0.151, 0.2532) == "0.151–0.2532"


def test_a_value_two_grids_reach_is_one_point_of_the_profile():
    import pandas as pd

    from landsim.analysis.fit_grid import profile

    grid = pd.DataFrame(
        {
            "p": [0.35, 0.35000000000000003, 1 / 6, 0.1666666666666667, 0.5],
            "grid": [2, 3, 2, 3, 2],
            "log_score": [-10.0, -12.0, -5.0, -4.0, -7.0],
        }
    )
    prof = profile(grid, "p", which=2)
    assert list(prof.index) == [round(1 / 6, 12), 0.35, 0.5]
    assert list(prof) == [-4.0, -10.0, -7.0]  # the best of each value's copies


def test_shares_not_fitted_are_said_rescaled_only_when_they_changed():
    from landsim.analysis.calibrated_variant import _shares
    from landsim.scenario import load_scenario
    from tests.conftest import DEFAULT

    scenario = load_scenario(DEFAULT)
    shares = dict(scenario.evaluation.classes.shares)
    for d, said in ((shares["D"], False), (shares["D"] + 0.05, True)):
        note = "calibrated on h.csv: 0.1 (90% interval 0.1–0.2)"
        tree = {"evaluation": {"classes": {"shares": {"D": (d, note)}}}}
        _shares(tree, scenario, "calibrated on h.csv")
        new, text = tree["evaluation"]["classes"]["shares"]
        assert sum(new.values()) == pytest.approx(1.0, abs=1e-3)
        assert ("rescaled" in text) == said, text


def test_the_variant_says_when_it_fixes_a_distribution_and_names_each_share():
    from landsim.analysis.calibrated_variant import _as_the_scenario_has_it, _shares
    from landsim.analysis.fit_params import PARAMETERS, Fitted
    from landsim.scenario import load_scenario
    from tests.conftest import DEFAULT

    scenario = load_scenario(DEFAULT)  # refusals: uniform 0–0.2 ("the scenario had 0.1")
    refusal = Fitted(PARAMETERS["selection.refusal_probability"], 0, 0.4, 0.1)
    text = _as_the_scenario_has_it(refusal, scenario)
    assert text.startswith("uniform (low 0, high 0.2), central 0.1")
    assert "no longer vary it" in text
    tree = {
        "evaluation": {
            "classes": {
                "shares": {
                    "D": (0.08, "calibrated on h.csv: 0.08 (95% interval 0.04–0.12)"),
                    "C": (0.25, "calibrated on h.csv: kept, inside the 95% interval 0.14–0.5"),
                }
            }
        }
    }
    _shares(tree, scenario, "calibrated on h.csv")
    _, note = tree["evaluation"]["classes"]["shares"]
    assert "D 0.08 (95% interval 0.04–0.12); C kept, inside" in note  # was "D, C 0.08 …"


def test_the_api_writes_a_variant_that_loads(refusal_fit, backtest_world, tmp_path):
    import landsim

    target = tmp_path / "calibrated.yaml"
    text = landsim.calibrated_variant(
        refusal_fit,
        backtest_world.scenario,
        target,
        history=backtest_world.history,
        day="2026-11-28",
    )
    assert "# calibrated on 处置台账.csv, 2026-11-28:" in text
    target.write_text(text, encoding="utf-8")
    fitted = refusal_fit.values[REFUSAL]
    assert load_scenario(target).selection.refusal_probability == pytest.approx(fitted, abs=1e-3)
    loaded = load_scenario(backtest_world.scenario)
    built = type(loaded).model_validate(loaded.model_dump())  # no file behind it
    with pytest.raises(LandsimError, match="built in Python"):
        landsim.calibrated_variant(refusal_fit, built, target)

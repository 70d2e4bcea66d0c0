"""Sweeps: keys and values, variants, the tables of the command, resuming, the heat map."""

from __future__ import annotations

from collections import Counter

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from matplotlib import pyplot as plt

import landsim
from landsim.analysis import sweep as sweep_mod
from landsim.analysis.sweep_design import grid, latin_hypercube
from landsim.analysis.sweep_spec import parse_varies
from landsim.analysis.sweep_store import SweepStore
from landsim.cli import main
from landsim.errors import InputError
from landsim.plots.sweep import sweep_heatmap
from landsim.scenario import load_scenario
from landsim.streams import Streams
from tests.conftest import DEFAULT, FIXTURES
from tests.plot_helpers import overlapping_texts, texts

HAND = FIXTURES / "hand" / "scenario.yaml"
#: A 2 × 2 sweep of the hand case: owners' refusals make the draws differ.
VARY = ["--vary", "refusal_probability=0,0.4", "--vary", "quotas.vacate_mu=20:40:20"]


@pytest.fixture(scope="module")
def default():
    return load_scenario(DEFAULT)


@pytest.fixture(scope="module")
def swept(tmp_path_factory):
    """The 2 × 2 sweep with 12 draws each, run once for the tests that read it."""
    out = tmp_path_factory.mktemp("sweep") / "out"
    assert main(["sweep", str(HAND), *VARY, "--draws", "12", "-o", str(out), "--lang", "en"]) == 0
    return out


def test_ranges_include_both_ends_and_short_keys_resolve(default):
    a, b = parse_varies(
        ["quotas.vacate_mu=2000:5000:500", "land_compensation_per_mu=60,85,120"],
        default,
        sampled=False,
    )
    assert a.key == "quotas.vacate_mu" and a.values == (2000, 2500, 3000, 3500, 4000, 4500, 5000)
    assert b.key == "treatments.vacate.land_compensation_per_mu" and b.values == (60, 85, 120)
    variants = grid([a, b])
    assert len(variants) == 21 and variants[1].values == {a.key: 2000, b.key: 85}
    assert variants[0].overrides() == {
        "quotas": {"vacate_mu": 2000},
        "treatments": {"vacate": {"land_compensation_per_mu": 60}},
    }


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("output_per_mu=1,2", ["ambiguous", "target_industries.", "give the full key"]),
        ("land_compensaton_per_mu=1,2", ["did you mean", "land_compensation_per_mu"]),
        ("quotas.vacate_mu=2000:5000", ["no step", "--samples"]),
        ("quotas.vacate_mu=5000:2000:500", ["ends below its start"]),
        ("quotas.vacate_mu=0:1e9:1", ["values; at most 1,000"]),
        ("quotas.vacate_mu=1,nan", ["not a finite number"]),
        ("quotas.vacate_mu", ["KEY=VALUES"]),
        ("quotas.vacate_mu=2000:5000:700", ["do not end at 5000", "4800", "list the values"]),
        ("quotas.vacate_mu=2000,3000,2000", ["2000 is given twice"]),
    ],
)
def test_bad_vary_is_refused_with_its_place_and_what_to_do(default, text, words):
    with pytest.raises(InputError) as err:
        parse_varies(["selection.strategy=worst_first", text], default, sampled=False)
    (problem,) = err.value.problems
    assert problem.where == "--vary #2"
    assert all(w in problem.message for w in words), problem.message


def test_a_float_range_that_ends_on_its_stop_is_accepted(default):
    (v,) = parse_varies(["refusal_probability=0:0.3:0.1"], default, sampled=False)
    assert len(v.values) == 4 and v.values[-1] == pytest.approx(0.3)


def test_samples_of_lists_only_are_refused_when_the_grid_is_no_larger(default):
    lists = ["quotas.vacate_mu=2000,3000", "land_compensation_per_mu=60,85"]
    with pytest.raises(InputError) as err:
        parse_varies(lists, default, sampled=True, samples=5)
    (problem,) = err.value.problems
    assert problem.where == "--samples" and "only 4 combinations" in problem.message
    assert parse_varies(lists, default, sampled=True, samples=3)  # fewer: a real sample
    ranged = ["quotas.vacate_mu=2000:3000", "land_compensation_per_mu=60,85"]
    assert parse_varies(ranged, default, sampled=True, samples=50)  # continuous: no repeats


def test_every_bad_variant_is_reported_before_anything_runs(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["sweep", str(HAND), "--vary", "quotas.vacate_mu=-10,20,-5", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert "variant v001 (quotas.vacate_mu=-10)" in err and "variant v003" in err
    assert not out.exists()


def test_latin_hypercube_is_seeded_stratified_and_on_the_step(default):
    varies = parse_varies(
        ["quotas.vacate_mu=2000:5000:100", "strategy=worst_first,clusters"], default, sampled=True
    )
    one = latin_hypercube(varies, 10, Streams(5).sweep())
    assert one == latin_hypercube(varies, 10, Streams(5).sweep())
    assert one != latin_hypercube(varies, 10, Streams(6).sweep())
    quotas = np.array([v.values["quotas.vacate_mu"] for v in one])
    assert (quotas % 100 == 0).all() and quotas.min() >= 2000 and quotas.max() <= 5000
    # one sample in each tenth of the range (up to rounding to the step at the edges)
    assert len(set(np.minimum((quotas - 2000) // 300, 9))) >= 9
    assert {v.values["selection.strategy"] for v in one} == {"worst_first", "clusters"}


@pytest.mark.parametrize("seed", range(8))
def test_samples_of_lists_and_steps_are_all_different_and_every_value_comes_up(default, seed):
    varies = parse_varies(
        ["quotas.vacate_mu=2000:4000:1000", "min_cluster_mu=50,100,200"], default, sampled=True
    )
    variants = latin_hypercube(varies, 8, Streams(seed).sweep())
    rows = [tuple(v.values.values()) for v in variants]
    assert len(set(rows)) == 8  # one of the 9 combinations left out, none run twice
    for j, vary in enumerate(varies):
        counts = Counter(row[j] for row in rows)
        assert set(counts) == set(vary.values) and max(counts.values()) <= 3


def test_a_stepped_range_gives_its_end_values_as_often_as_the_others(default):
    varies = parse_varies(["quotas.vacate_mu=2000:4000:500"], default, sampled=True)
    variants = latin_hypercube(varies, 5, Streams(1).sweep())
    assert sorted(v.values["quotas.vacate_mu"] for v in variants) == [2000, 2500, 3000, 3500, 4000]


def test_tables_have_a_row_per_variant_year_and_indicator(swept):
    table = pd.read_csv(swept / "sweep.csv")
    keys = ["selection.refusal_probability", "quotas.vacate_mu"]
    assert list(table.columns[:3]) == ["variant", *keys]
    assert {"p10", "p50", "p90", "mean"} <= set(table.columns)
    assert (table["platform"] == "district").all()
    assert not table.duplicated(["variant", "variable", "year"]).any()
    assert table["variant"].nunique() == 4
    area = table[table["variable"].str.startswith("area|")]
    assert area.groupby("variant").size().nunique() == 1  # every variant, year and indicator
    targets = pd.read_csv(swept / "targets.csv")
    assert len(targets) == 4 * targets["target"].nunique() and (targets["draws"] == 12).all()
    assert targets["probability_every_year"].between(0, 1).all()
    for ext in ("png", "svg"):
        assert (swept / f"heatmap_contiguous.{ext}").stat().st_size > 1000
    assert not (swept / "work").exists()


def test_a_variant_equals_a_run_of_the_same_scenario(swept):
    res = landsim.run(
        load_scenario(
            HAND,
            overrides={"selection": {"refusal_probability": 0.4}, "quotas": {"vacate_mu": 20}},
        ),
        draws=12,
    )
    table = pd.read_csv(swept / "sweep.csv")
    mine = table[(table["variant"] == "v003")].set_index(["variable", "year"])["value"].dropna()
    long = res.long[res.long["platform"] == "district"].set_index(["variable", "year"])["value"]
    pd.testing.assert_series_equal(mine.sort_index(), long.sort_index(), check_names=False)
    probs = pd.read_csv(swept / "probabilities.csv")
    mine = probs[probs["variant"] == "v003"].set_index(["target", "year"])["probability"]
    theirs = res.probabilities.set_index(["target", "year"])["probability"]
    pd.testing.assert_series_equal(mine.sort_index(), theirs.sort_index(), check_names=False)


def test_an_interrupted_sweep_resumes_and_gives_the_same_tables(
    swept, tmp_path, monkeypatch, capsys
):
    out = tmp_path / "out"
    args = ["sweep", str(HAND), *VARY, "--draws", "12", "-o", str(out), "--lang", "en"]
    saved = SweepStore.save

    def save_two(self, variant, tables):
        if len(self.done()) == 2:
            raise KeyboardInterrupt
        saved(self, variant, tables)

    monkeypatch.setattr(SweepStore, "save", save_two)
    assert main(args) == 130
    assert "2 of 4 variants are kept" in capsys.readouterr().err
    assert not (out / "sweep.csv").exists()
    assert len(list((out / "work" / "variants").iterdir())) == 2
    monkeypatch.setattr(SweepStore, "save", saved)
    ran = []
    real = sweep_mod.run_variant
    monkeypatch.setattr(sweep_mod, "run_variant", lambda *a, **k: ran.append(1) or real(*a, **k))
    assert main(args) == 0
    assert "2 done before (resumed)" in capsys.readouterr().err and len(ran) == 2
    for name in ("sweep", "probabilities", "targets", "variants"):
        pd.testing.assert_frame_equal(
            pd.read_csv(out / f"{name}.csv"), pd.read_csv(swept / f"{name}.csv"), check_exact=True
        )


def _interrupt_after(monkeypatch, kept: int) -> None:
    """Make a sweep stop (Ctrl-C) once *kept* variants are saved."""
    real, saved = SweepStore.save, []

    def save(self, *args):
        if len(saved) >= kept:
            raise KeyboardInterrupt
        saved.append(1)
        real(self, *args)

    monkeypatch.setattr(SweepStore, "save", save)


def test_another_sweep_into_an_unfinished_folder_is_refused(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    _interrupt_after(monkeypatch, kept=1)
    assert main(["sweep", str(HAND), *VARY, "-o", str(out)]) == 130
    other = ["sweep", str(HAND), "--vary", "quotas.vacate_mu=10,30", "-o", str(out)]
    assert main(other) == 2
    assert "differs from this one (vary differs; other variants)" in capsys.readouterr().err
    monkeypatch.undo()
    assert main([*other, "--force"]) == 0 and (out / "sweep.csv").is_file()
    assert main(other) == 2 and "holds a finished sweep" in capsys.readouterr().err


def test_a_sweep_resumes_when_its_grid_is_spelt_another_way(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    _interrupt_after(monkeypatch, kept=1)
    assert main(["sweep", str(HAND), *VARY, "-o", str(out)]) == 130
    monkeypatch.undo()
    same = ["--vary", "selection.refusal_probability=0,0.4", "--vary", "quotas.vacate_mu=20,40"]
    assert main(["sweep", str(HAND), *same, "-o", str(out)]) == 0
    # in the scenario's plots.lang, as the table (zh; "1 done before (resumed)" with --lang en)
    assert "共4个方案，其中1个此前已完成（续算）" in capsys.readouterr().err


def test_a_sweep_that_finished_no_variant_is_started_over(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    _interrupt_after(monkeypatch, kept=0)  # e.g. a cluster that could not be reached
    assert main(["sweep", str(HAND), *VARY, "-o", str(out)]) == 130
    assert (out / "work" / "sweep.json").is_file()
    monkeypatch.undo()
    other = ["sweep", str(HAND), "--vary", "quotas.vacate_mu=10,30", "-o", str(out)]
    assert main(other) == 0  # nothing was done: no need for --force
    assert pd.read_csv(out / "variants.csv")["quotas.vacate_mu"].tolist() == [10, 30]
    assert not (out / "work").exists()


def test_ctrl_c_while_writing_the_final_files_says_what_is_kept(tmp_path, monkeypatch, capsys):
    from landsim.cli import sweep as sweep_cli

    out = tmp_path / "out"
    args = ["sweep", str(HAND), *VARY, "-o", str(out)]
    real = sweep_cli._heatmaps
    monkeypatch.setattr(sweep_cli, "_heatmaps", lambda *a: (_ for _ in ()).throw(KeyboardInterrupt))
    assert main(args) == 130
    err = capsys.readouterr().err
    assert "every variant is kept" in err and "no output was written" not in err
    assert (out / "sweep.csv").is_file() and not (out / "manifest.json").exists()
    monkeypatch.setattr(sweep_cli, "_heatmaps", real)
    assert main(args) == 0 and "其中4个此前已完成（续算）" in capsys.readouterr().err
    assert (out / "manifest.json").is_file() and not (out / "work").exists()


def test_force_does_not_mix_a_sweep_into_a_run_or_a_users_folder(tmp_path, capsys):
    run = tmp_path / "run"
    assert main(["run", str(HAND), "-o", str(run), "--no-xlsx"]) == 0
    before = sorted(p.name for p in run.iterdir())
    for force in ([], ["--force"]):
        assert main(["sweep", str(HAND), *VARY, "-o", str(run), *force]) == 2
        err = capsys.readouterr().err
        assert "holds a run of scenario" in err and err.count("holds") == 1
    assert sorted(p.name for p in run.iterdir()) == before
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.docx").write_text("x", encoding="utf-8")
    assert main(["sweep", str(HAND), *VARY, "-o", str(mine), "--force"]) == 2
    assert "files landsim did not write" in capsys.readouterr().err
    assert [p.name for p in mine.iterdir()] == ["thesis.docx"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_heatmap_labels_cells_and_axes(swept, lang):
    probs = pd.read_csv(swept / "probabilities.csv")
    scn = load_scenario(HAND)
    keys = ("quotas.vacate_mu", "selection.refusal_probability")
    ax = sweep_heatmap(probs, *keys, target="contiguous", year=2024, scenario=scn, lang=lang)
    shown = texts(ax.figure)
    cells = probs[(probs["target"] == "contiguous") & (probs["year"] == 2024)]["probability"]
    assert cells.nunique() >= 3  # refusals and the quota both matter
    assert {f"{p:.0%}" for p in cells} <= set(shown)
    assert ("年度腾退指标（亩）" if lang == "zh" else "Yearly vacating quota (mu)") in shown
    title = "2024年连片腾换产业空间目标达成的概率" if lang == "zh" else "in 2024"
    assert title in shown[0] + "".join(shown)
    assert overlapping_texts(ax.figure) == []
    plt.close(ax.figure)


def test_heatmap_of_samples_draws_dots_and_averages_other_keys(swept):
    targets = pd.read_csv(swept / "targets.csv")
    third = pd.concat(
        [targets.assign(**{"contiguity.min_cluster_mu": m}) for m in (15, 30)], ignore_index=True
    )
    third.insert(3, "contiguity.min_cluster_mu", third.pop("contiguity.min_cluster_mu"))
    keys = ("quotas.vacate_mu", "selection.refusal_probability")
    ax = sweep_heatmap(third, *keys, target="revitalized")
    assert any("averages over contiguity.min_cluster_mu" in t for t in texts(ax.figure))
    plt.close(ax.figure)
    sampled = targets.assign(**{"quotas.vacate_mu": np.arange(len(targets)) % 7 + 0.5})
    ax = sweep_heatmap(sampled, "quotas.vacate_mu", "selection.refusal_probability")
    assert len(ax.collections) == 1 and any("sampled variants" in t for t in texts(ax.figure))
    plt.close(ax.figure)


def test_a_colour_bar_only_where_cells_hold_probabilities(swept):
    targets = pd.read_csv(swept / "targets.csv")
    keys = ("quotas.vacate_mu", "selection.refusal_probability")
    ax = sweep_heatmap(targets, *keys)
    assert len(ax.figure.axes) == 2  # the map and its colour bar of probabilities
    plt.close(ax.figure)
    central = targets.assign(draws=1, met_every_year=[True, False] * (len(targets) // 2))
    ax = sweep_heatmap(central, *keys, lang="en")
    assert len(ax.figure.axes) == 1  # one run per cell: each says met or missed, no scale
    assert {"met", "missed"} <= {t.lower() for t in texts(ax.figure)}
    plt.close(ax.figure)


def test_sampled_variants_have_numbers_like_the_grid(swept):
    targets = pd.read_csv(swept / "targets.csv")
    sampled = targets.assign(**{"quotas.vacate_mu": 2000 + 250.0 * np.arange(len(targets))})
    ax = sweep_heatmap(sampled, "quotas.vacate_mu", "selection.refusal_probability")
    ax.figure.canvas.draw()
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert any("," in t for t in ticks) and all("e" not in t for t in ticks), ticks
    plt.close(ax.figure)


def test_variants_spread_over_processes_give_the_same_tables(tmp_path):
    outs = []
    for workers in ("1", "2"):
        out = tmp_path / f"w{workers}"
        assert main(["sweep", str(HAND), *VARY, "--workers", workers, "-o", str(out)]) == 0
        outs.append(out)
    for name in ("sweep", "probabilities", "targets"):
        one, two = (pd.read_csv(o / f"{name}.csv") for o in outs)
        pd.testing.assert_frame_equal(one, two, check_exact=True)
    assert not pd.read_csv(outs[0] / "targets.csv")["draws"].any()  # no draws: met or not


def test_a_heatmap_year_outside_the_programme_is_refused_before_running(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["sweep", str(HAND), *VARY, "--year", "2031", "-o", str(out)]) == 2
    assert "programme years 2024–2027" in capsys.readouterr().err and not out.exists()


def test_a_heatmap_of_one_key_twice_is_refused_before_running(tmp_path, capsys):
    out = tmp_path / "out"
    twice = "selection.refusal_probability,refusal_probability"  # one key, two spellings
    assert main(["sweep", str(HAND), *VARY, "--heatmap", twice, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "both name selection.refusal_probability" in err and "internal error" not in err
    assert not out.exists()


def test_the_console_speaks_the_sweeps_language(swept, capsys):
    """The Chinese console printed pandas' English table ("target … variant")."""
    from landsim.cli.console import display_width
    from landsim.cli.sweep_console import targets_lines

    targets = pd.read_csv(swept / "targets.csv")
    keys = ["selection.refusal_probability", "quotas.vacate_mu"]
    zh = targets_lines(targets, keys, "zh")
    assert zh[0] == "各方案各规划年均达成目标的概率（12次抽样）："
    assert "方案" in zh[1] and "连片腾换产业空间" in zh[1] and "target" not in zh[1]
    assert len(zh) == 2 + 4  # heading, heads, a row per variant
    assert len({display_width(line) for line in zh[1:]}) == 1  # columns line up
    en = targets_lines(targets, keys, "en")
    assert en[0] == "Targets met in every programme year (probability over 12 draws):"
    assert "contiguous" in en[1] and "v001" in "\n".join(en)
    assert targets_lines(targets, keys, "zh", limit=1)[-1] == "……另有3个方案，见targets.csv"


def test_the_chinese_table_writes_swept_numbers_as_the_heat_maps_ticks():
    """The table said 2000 where the heat map beside it said 2,000."""
    from landsim.cli.sweep_console import targets_lines
    from landsim.plots.labels import swept_value

    targets = pd.DataFrame(
        {
            "variant": ["v001", "v002"],
            "quotas.vacate_mu": [2000.0, 3500.0],
            "land_compensation_per_mu": [62.5, 85.0],
            "target": ["contiguous", "contiguous"],
            "draws": [50, 50],
            "probability_every_year": [0.25, 0.5],
        }
    )
    zh = targets_lines(targets, ["quotas.vacate_mu", "land_compensation_per_mu"], "zh")
    assert "2,000" in zh[2] and "62.5" in zh[2] and "3,500" in zh[3] and " 85 " in f"{zh[3]} "
    assert [swept_value(v) for v in (2000.0, 12345, 0.125, "worst_first")] == [
        "2,000",
        "12,345",
        "0.125",
        "worst_first",
    ]

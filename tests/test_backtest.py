"""Back-tests on a synthetic history: the true model beats chance, a wrong one scores lower."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib import pyplot as plt

import landsim
from landsim.analysis.backtest import backtest
from landsim.analysis.backtest_years import backtest_scenario
from landsim.cli import main
from landsim.cli.backtest_console import summary
from landsim.cli.console import display_width
from landsim.inventory.history import load_history
from landsim.inventory.prepare import prepare
from landsim.plots.backtest import backtest_map, backtest_scores
from tests.backtest_world import truth
from tests.plot_helpers import overlapping_texts, texts


@pytest.fixture(scope="module")
def world(backtest_world):
    return backtest_world


def _run(world, draws=20, quotas="scenario", **overrides):
    """Back-test the true scenario (with *overrides*) against the world's history."""
    sets = truth()
    for key, value in overrides.items():
        sets.setdefault(key, {}).update(value)
    scenario = backtest_scenario(world.scenario, None, None, sets)
    prepared = prepare(scenario)
    spec = scenario.history.model_copy(update={"path": str(world.history)})
    history = load_history(spec, prepared.inventory, 2022, 2024)
    return backtest(prepared, history, draws=draws, baseline_draws=20, quotas=quotas)


@pytest.fixture(scope="module")
def true_model(world):
    return _run(world)


def test_the_history_reads_as_a_district_writes_it(world, true_model):
    raw = world.history.read_bytes()
    assert raw.decode("gb18030").startswith("地块编号,处置方式,处置年份,补偿金额（万元）")
    h = true_model.history
    assert h.encoding == "gb18030"
    assert set(h.events["treatment"]) == {"vacate", "upgrade", "reactivate"}
    assert h.has("year_transfer") and h.events["year_transfer"].notna().any()


def test_the_true_model_beats_random_selection(true_model):
    fom = true_model.score("figure_of_merit")  # cumulative, any treatment, by area
    auc = true_model.score("auc")
    for year in fom.index:
        assert fom.loc[year, "model"] > fom.loc[year, "baseline_p90"] + 0.2
        assert fom.loc[year, "model_draws"] > fom.loc[year, "baseline_p90"] + 0.2
        assert auc.loc[year, "model_draws"] > auc.loc[year, "baseline"] + 0.05
    # year by year and for each treatment too
    for treatment in ("vacate", "upgrade"):
        yearly = true_model.score("figure_of_merit", scope="year", treatment=treatment)
        assert (yearly["model"] > yearly["baseline_p90"]).all()


def test_a_wrong_strategy_scores_lower(world, true_model):
    wrong = _run(world, selection={"strategy": "clusters"})
    end = true_model.score("figure_of_merit").index[-1]
    for measure in ("figure_of_merit", "auc"):
        right = true_model.score(measure).loc[end, "model_draws"]
        assert wrong.score(measure).loc[end, "model_draws"] < right - 0.05, measure


def test_scores_add_up(true_model):
    s = true_model.scores
    one = s[(s["scope"] == "cumulative") & (s["unit"] == "mu") & (s["treatment"] == "any")]
    wide = one.pivot_table(index=["year", "platform"], columns="measure", values="model")
    np.testing.assert_allclose(wide["actual"], wide["hits"] + wide["misses"])
    np.testing.assert_allclose(wide["simulated"], wide["hits"] + wide["false_alarms"])
    np.testing.assert_allclose(
        wide["figure_of_merit"],
        wide["hits"] / (wide["hits"] + wide["misses"] + wide["false_alarms"]),
    )
    platforms = wide.drop(index="district", level="platform").groupby(level="year").sum()
    np.testing.assert_allclose(platforms["hits"], wide.xs("district", level="platform")["hits"])
    # the actual area is what the history says was treated
    h = true_model.history.events
    treated = h.drop_duplicates("parcel")
    area = true_model.model.area[treated["parcel"].to_numpy()].sum()
    assert wide.xs("district", level="platform")["actual"].iloc[-1] == pytest.approx(area)


def test_totals_compare_areas_contiguity_and_money(true_model):
    t = true_model.totals
    district = t[t["platform"] == "district"].set_index(["quantity", "year"])
    h = true_model.history.events
    paid = h.loc[h["treatment"] == "vacate"].groupby("year")["compensation"].sum()
    np.testing.assert_allclose(district.loc["paid_vacate", "actual"].to_numpy(), paid.to_numpy())
    vac = district.loc["area_vacate"]
    assert (vac["model"] <= 600 + 1e-6).all()  # quotas are never exceeded
    assert (district.loc["contiguous", "actual"] <= vac["actual"] + 1e-9).all()


def test_history_quotas_compare_only_which_parcels(world):
    bt = _run(world, draws=1, quotas="history")
    t = bt.totals[bt.totals["platform"] == "district"]
    treated = t[t["quantity"].isin(["area_vacate", "area_upgrade", "area_reactivate"])]
    by_year = treated.groupby("year")[["model", "actual"]].sum()
    assert (by_year["model"] <= by_year["actual"] + 1e-3).all()  # quotas are what was done
    assert (by_year["model"] > 0.97 * by_year["actual"]).all()  # and are nearly filled
    assert any("which parcels were chosen" in n for n in bt.notes)


def test_reliability_and_parcel_table(true_model):
    r = true_model.reliability
    assert set(r["source"]) == {"model_draws", "baseline"}
    model = r[r["source"] == "model_draws"]
    assert model["parcels"].sum() == true_model.model.n
    certain = model[model["low"] >= 0.9]
    assert certain["observed"].iloc[0] > 0.8  # parcels always chosen were mostly treated
    p = true_model.parcels
    assert set(p["outcome"]) <= {"hit", "miss", "false_alarm", ""}
    both = (p["actual_treatment"] != "") & (p["simulated_treatment"] != "")
    assert ((p["outcome"] == "hit") == both).all()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_backtest_figures(true_model, lang):
    for draw in (backtest_map, backtest_scores):
        ax = draw(true_model, lang=lang)
        assert overlapping_texts(ax.figure) == []
        plt.close(ax.figure)
    ax = backtest_map(true_model, lang=lang)
    words = " ".join(texts(ax.figure))
    assert ("命中" in words) == (lang == "zh") and ("Hit" in words) == (lang == "en")
    # platforms outlined and named, as on a run's map, with a scale bar and north arrow
    scenario = true_model.prepared.scenario
    drawn = set(true_model.parcels["platform"])
    named = [p.name.get(lang) for pid, p in scenario.platforms.items() if p.is_platform]
    assert named and all(
        name in words.replace("\n", " ")
        for pid, name in zip(scenario.platforms, named, strict=False)
        if pid in drawn
    )
    assert ("平台范围" if lang == "zh" else "Platform") in words
    assert ("公里" if lang == "zh" else " km") in words and ("北" if lang == "zh" else "N") in words
    ax.figure.canvas.draw()  # names are placed when drawn: inside the map, one per part
    frame = ax.get_window_extent()
    shown = [t for t in ax.texts if t.get_visible()]
    assert shown
    for text in shown:  # no platform name runs off the map into the legend
        box = text.get_window_extent()
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1, text.get_text()
    plt.close(ax.figure)


def test_backtest_cli_writes_tables_and_figures(world, tmp_path, capsys):
    out = tmp_path / "bt"
    argv = ["backtest", str(world.scenario), "--history", str(world.history), "-o", str(out)]
    assert main([*argv, "--baseline-draws", "5", "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    assert "Figure of Merit" in printed and "2022–2024" in printed
    # the English console as scripts have read it: fixed widths, the same words
    lines = printed.splitlines()
    assert lines[0].startswith("Back-test of scenario against 处置台账.csv: ")
    assert "Figure of Merit (any treatment, by area): model against random selection" in lines
    assert "        year    model    draws   random    P90" in lines
    assert any(x.startswith("   2022–2024     ") for x in lines)
    assert "Simulated (central values) against actual, district:" in lines
    assert any(x.startswith("  treated:            2022 ") and x.endswith(" mu") for x in lines)
    assert lines[-1].startswith(f"Wrote {out}/: scores.csv, ")
    for name in ("scores.csv", "totals.csv", "parcels.csv", "reliability.csv", "map.png"):
        assert (out / name).is_file(), name
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["history"]["path"].endswith("处置台账.csv") and manifest["years"] == [
        2022,
        2024,
    ]
    assert Path(manifest["history"]["path"]).is_absolute()  # as every other input's
    scenario = landsim.load_scenario(out / "scenario.yaml")
    assert manifest["seed"] == scenario.seed is not None  # the seed used (it was null)
    scores = pd.read_csv(out / "scores.csv", encoding="utf-8-sig")
    assert {"model", "baseline", "baseline_p90"} <= set(scores.columns)
    assert main(argv) == 2  # no overwrite without --force
    assert "--force" in capsys.readouterr().err


#: Latin words a Chinese console may show: the catalogue's abbreviations (品质因数（FoM）,
#: ROC曲线下面积).
ABBREVIATIONS = {"FoM", "ROC"}


def _table_lines(printed: str, first: str, count: int) -> list[str]:
    """The *count* lines of the table whose first line starts with *first*."""
    lines = printed.splitlines()
    start = next(i for i, x in enumerate(lines) if x.startswith(first))
    return lines[start : start + count]


def test_backtest_console_follows_the_scenarios_language(world, tmp_path, capsys):
    out = tmp_path / "bt"
    argv = ["backtest", str(world.scenario), "--history", str(world.history), "-o", str(out)]
    assert main([*argv, "--baseline-draws", "5"]) == 0  # the scenario's plots.lang: zh
    printed = capsys.readouterr().out
    assert printed.startswith("回测：情景scenario对照处置台账.csv，2022—2024年共")
    assert "品质因数（FoM，任一处置方式，按面积计）：模型与随机选择" in printed
    fom = _table_lines(printed, "  年份 ", 6)
    assert fom[0].split() == ["年份", "模型", "随机选择", "随机选择"]
    assert fom[1].split() == ["（中心值）", "（5次平均）", "（第90百分位）"]  # no draws column
    assert [x.split()[0] for x in fom[2:]] == ["2022", "2023", "2024", "2022—2024年合计"]
    totals = _table_lines(printed, "全区模拟值（中心值情景）与实际值，格内为模拟值/实际值：", 5)
    assert totals[1].split() == ["指标", "2022年", "2023年", "2024年"]
    assert [x.split()[0] for x in totals[2:]] == [
        "处置面积（亩）",
        "连片腾换产业空间（亩）",
        "补偿与补助支出（亿元）",
    ]
    for table in (fom, totals[1:]):  # aligned by terminal columns: Chinese is two wide
        assert len({display_width(x) for x in table}) == 1, table
        assert set(re.findall(r"[A-Za-z]+", "".join(table))) == set()
    assert printed.splitlines()[-1].startswith(f"已写入 {out}/：scores.csv、")
    assert not re.search(r"Figure|Simulated|Wrote|note", printed)
    # a scenario in English prints in English without --lang
    english = tmp_path / "en.yaml"
    english.write_text(f"extends: {world.scenario.as_posix()}\nplots: {{lang: en}}\n", "utf-8")
    argv[1:2] = [str(english)]
    assert main([*argv, "--baseline-draws", "5", "-o", str(tmp_path / "en"), "--force"]) == 0
    assert "        year    model    draws   random    P90" in capsys.readouterr().out


def test_notes_and_the_auc_are_written_in_either_language(world):
    ids = list(world.history.read_bytes().decode("gb18030").splitlines()[1:4])
    restricted = [row.split(",")[0] for row in ids]  # three parcels treated in reality
    bt = _run(world, draws=2, quotas="history", restrictions={"parcel_ids": restricted})
    assert bt.notes[0].startswith("3 parcels (") and "can never select them" in bt.notes[0]
    assert bt.notes_zh[0].startswith("实际已处置的3宗地块（")
    assert bt.notes_zh[1] == "各年指标取实际处置面积，评分只比较选中了哪些地块，不比较处置了多少"
    zh, en = summary(bt, "zh"), summary(bt, "en")
    assert [x for x in zh.splitlines() if x.startswith("注：")] == [f"注：{n}" for n in bt.notes_zh]
    assert [x for x in en.splitlines() if x.startswith("note: ")] == [
        f"note: {n}" for n in bt.notes
    ]
    assert "ROC曲线下面积（按2次抽样中各地块的入选频率计）：模型0." in zh
    assert "AUC of selection frequency over 2 draws: 0." in en
    heads = zh.splitlines()[4]  # with draws: the model's mean over its draws
    assert "（2次平均）" in heads and heads.split().count("（2次平均）") == 1
    assert set(re.findall(r"[A-Za-z]+", zh)) <= ABBREVIATIONS | {"scenario", "csv"}


def test_a_back_test_horizon_the_schedules_do_not_cover_is_refused(world, capsys):
    argv = ["backtest", str(world.scenario), "--history", str(world.history), "--from", "2020"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "add a value for 2020" in err and "backtest_2022.yaml" in err


def test_a_missing_history_names_the_folder_it_was_looked_for_in(world, tmp_path, capsys):
    argv = ["backtest", str(world.scenario), "--history", "nowhere.csv", "-o", str(tmp_path / "o")]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "nowhere.csv: history file not found" in err
    assert "relative to the current folder" in err and "landsim synth --history" in err
    assert "Traceback" not in err and not (tmp_path / "o").exists()


def test_a_later_start_does_not_make_the_files_schedules_wrong():
    # --from 2023 refused the file's own {2022: 2, 2023: 3, …} as "never applies; remove it"
    from landsim.analysis.backtest_years import backtest_scenario
    from tests.backtest_world import BACKTEST

    scenario = backtest_scenario(BACKTEST, start=2023)
    assert scenario.horizon.start == 2023 and scenario.horizon.run_out_years == 0


def test_the_api_writes_the_history_the_command_writes(world):
    """``Results.to_history()`` of the same run is the file ``synth --history`` wrote."""
    from tests.backtest_world import HISTORY_SEED

    scenario = landsim.backtest_scenario(world.scenario, overrides=truth())
    made = landsim.run(scenario, seed=HISTORY_SEED).to_history()
    written = pd.read_csv(world.history, encoding="gb18030")
    assert len(made) > 100
    pd.testing.assert_frame_equal(made.reset_index(drop=True), written, check_dtype=False)
    # new uses by their names, as the command writes them, never the scenario's ids
    uses = set(made["引进产业"].dropna())
    ids = {*world_scenario_ids(scenario)}
    assert uses and not uses & ids


def world_scenario_ids(scenario):
    """The ids of the scenario's target industries and major projects."""
    return [*scenario.target_industries, *scenario.major_projects]

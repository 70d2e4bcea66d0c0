"""The engine reads one record, whose arrays have the axes they declare."""

from __future__ import annotations

import ast
import dataclasses
import pickle
from pathlib import Path

import numpy as np
import pytest

from landsim.accounting.economics import compute
from landsim.analysis.montecarlo import monte_carlo_sampler
from landsim.axes import check_axes
from landsim.engine.batch import simulate_batch
from landsim.engine.bins import bin_events
from landsim.engine.simulate import simulate_draw
from landsim.inventory.prepare import prepare
from landsim.model import Model, NewUse, Reader, Treatment, compile_model
from landsim.model.codes import TREATED, treatment_axis
from landsim.scenario import Scenario, load_scenario
from landsim.streams import Streams

ROOT = Path(__file__).resolve().parents[1]
ENGINE = ROOT / "src" / "landsim" / "engine"
SCENARIO = ROOT / "scenarios" / "contiguity_first.yaml"


@pytest.fixture(scope="module")
def prepared():
    return prepare(load_scenario(SCENARIO))


def test_every_array_has_its_declared_axes(prepared):
    model = compile_model(prepared).check()
    events = simulate_draw(model, Streams(1).draw(0))
    sizes = model.sizes()
    check_axes(events.state, sizes)
    for log in events.logs:
        check_axes(log, sizes)
    bins = bin_events(model, [events])
    check_axes(bins, {**sizes, "draw": 1})
    check_axes(compute(model, bins), {**sizes, "draw": 1})


def test_monte_carlo_arrays_have_a_draw_axis(prepared):
    streams = Streams(2)
    model = compile_model(prepared, Reader(3, sampler=monte_carlo_sampler(streams))).check()
    batch = simulate_batch(model, streams.draws(3))
    sizes = model.sizes()
    check_axes(batch, sizes)
    check_axes(batch.bins, sizes)
    check_axes(compute(model, batch.bins), sizes)


def test_a_wrong_axis_order_is_caught(prepared):
    model = compile_model(prepared)
    swapped = dataclasses.replace(
        model.params, platform_cap=np.swapaxes(model.params.platform_cap, 1, 2)
    )
    with pytest.raises(ValueError, match="platform_cap"):
        model.with_params(swapped).check()


def test_the_model_holds_no_scenario_and_pickles_as_it_is(prepared):
    model = compile_model(prepared)
    for field in dataclasses.fields(model):
        assert not isinstance(getattr(model, field.name), Scenario), field.name
    copy = pickle.loads(pickle.dumps(model))
    assert isinstance(copy, Model)
    np.testing.assert_array_equal(copy.area, model.area)
    assert copy.rules.projects == model.rules.projects
    np.testing.assert_array_equal(
        copy.rules.relocation.share_by_class, model.rules.relocation.share_by_class
    )


def test_the_engine_never_imports_the_scenario_or_the_inventory():
    # (it scores firms with landsim.evaluation's array functions, on the model's figures)
    reached = set()
    for path in ENGINE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                reached.add(node.module.split(".")[1] if "." in node.module else node.module)
    assert not reached & {"scenario", "inventory"}


def test_treatment_codes_and_axis_positions_agree():
    codes = np.array([t.value for t in TREATED], dtype=np.int8)
    assert treatment_axis(codes).tolist() == [t.axis for t in TREATED] == [0, 1, 2]
    assert [Treatment.at_axis(t.axis) for t in TREATED] == list(TREATED)
    assert Treatment.from_label("reactivate") is Treatment.REACTIVATE
    with pytest.raises(ValueError):
        _ = Treatment.NONE.axis


def test_new_uses_round_trip_their_text_form():
    for use in (NewUse("project", "hesheng"), NewUse("industry", "new_materials")):
        assert NewUse.parse(str(use)) == use
    assert str(NewUse("project", "hesheng")) == "project:hesheng"


def test_idle_land_in_the_models_order_is_a_largest_first_sort(prepared):
    # reactivation reads Model.idle_by_area instead of sorting every draw-year
    from landsim.engine.strategies import largest_first

    model = compile_model(prepared)
    idle = np.flatnonzero(model.idle)
    assert idle.size > 10
    rng = np.random.default_rng(5)

    def sorted_by_area(idx):  # largest first, ties in inventory order
        return np.array(sorted(idx, key=lambda i: (-model.area[i], i)), dtype=np.int64)

    some = np.sort(rng.choice(idle, idle.size // 2, replace=False))
    np.testing.assert_array_equal(largest_first(model, some), sorted_by_area(some))
    mixed = np.sort(np.concatenate([some, np.flatnonzero(model.operating)[:5]]))
    np.testing.assert_array_equal(largest_first(model, mixed), sorted_by_area(mixed))
    assert largest_first(model, np.zeros(0, dtype=np.int64)).size == 0


def test_land_ready_does_per_parcel_what_the_assignment_rules_say():
    # one compiled pass replaces four masks over every parcel; check it against them
    from landsim.engine.kernels import REACTIVATE, UPGRADE, VACATE, land_ready

    rng = np.random.default_rng(11)
    n, t = 400, 4
    treatment = rng.choice(np.array([0, VACATE, UPGRADE, REACTIVATE], dtype=np.int8), n)
    year = np.where(treatment > 0, rng.integers(0, t + 1, n), -1).astype(np.int32)
    project = np.where(rng.random(n) < 0.1, rng.integers(0, 3, n), -1).astype(np.int32)
    ready = np.where(rng.random(n) < 0.3, rng.integers(0, t + 3, n), -1).astype(np.int32)
    use = np.where(rng.random(n) < 0.2, rng.integers(0, 5, n), -1).astype(np.int32)
    transfer = np.full(n, -1, dtype=np.int32)
    project_use = np.array([7, 8, 9], dtype=np.int64)
    prep = (2, 1)

    # the rules, written out parcel by parcel
    want = {"ready": ready.copy(), "use": use.copy(), "transfer": transfer.copy()}
    land, waiting = [], []
    for i in range(n):
        if treatment[i] not in (VACATE, REACTIVATE):
            continue
        land.append(i)
        if want["ready"][i] < 0:
            want["ready"][i] = year[i] + prep[0 if treatment[i] == VACATE else 1]
        if project[i] >= 0 and want["use"][i] < 0:
            want["use"][i] = project_use[project[i]]
            want["transfer"][i] = want["ready"][i]
        if want["use"][i] < 0 and 0 <= want["ready"][i] <= t:
            waiting.append(i)
    waiting.sort(key=lambda i: (want["ready"][i], i))  # oldest-ready first, then inventory

    got_land, got_waiting = land_ready(
        (treatment, year, project, use, ready, transfer), prep, project_use, t
    )
    np.testing.assert_array_equal(got_land, land)
    np.testing.assert_array_equal(got_waiting, waiting)
    assert len(waiting) > 10 and (want["transfer"] >= 0).any()  # the test covers both
    for name, values in (("ready", ready), ("use", use), ("transfer", transfer)):
        np.testing.assert_array_equal(values, want[name], err_msg=name)


@pytest.mark.parametrize(("value", "years"), [(0.49, 0), (0.5, 1), (1.5, 2), (2.5, 3), (3.5, 4)])
def test_lags_round_halves_up(value, years):
    # numpy's rint rounds halves to even: 2.5 years ran as 2 years, and 1.5 as 2
    from landsim.model import Reader

    assert Reader(1).years(value, "treatments.vacate.prep_years").tolist() == [years]

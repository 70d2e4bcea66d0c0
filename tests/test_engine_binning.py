"""The compiled binning passes equal the ``bincount`` code they replaced, to the bit."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from landsim.engine.bins import land_bins, paid_bins, selection_bins
from landsim.engine.state import State
from landsim.model import TREATED, Treatment


def _bin(keys, weights, size):
    return np.bincount(keys, weights, minlength=size)[:size]


def _events(state):
    latest = np.flatnonzero(state.treatment != 0)
    earlier = np.flatnonzero((state.upgrade_year >= 0) & (state.treatment != Treatment.UPGRADE))
    parcel = np.concatenate([latest, earlier])
    axis = np.concatenate(
        [state.treatment[latest].astype(np.int64) - 1, np.ones(earlier.size, np.int64)]
    )
    return parcel, axis, np.concatenate([state.year[latest], state.upgrade_year[earlier]])


def _by_cell(m, parcel, year, weights, platform=None):
    n_t, n_p, n_i = len(m.years), len(m.platform_ids), len(m.existing_ids)
    plat = m.platform[parcel] if platform is None else platform
    key = (plat * n_i + m.industry[parcel]) * n_t + year
    size = n_p * n_i * n_t
    return np.stack([_bin(key, w, size) for w in weights]).reshape(len(weights), n_p, n_i, n_t)


def _reference(m, state, costs):
    """The numpy code of the bins before they were compiled."""
    n_t, n_p, n_k = len(m.years), len(m.platform_ids), len(m.uses)
    base = (m.base_output, m.base_tax, m.base_va, m.base_jobs)
    parcel, axis, year = _events(state)
    key = (axis * n_p + m.platform[parcel]) * n_t + year
    vacated = np.flatnonzero(state.treatment == Treatment.VACATE)
    upgraded = np.flatnonzero(state.upgrade_year >= 0)
    stopped = vacated[state.upgrade_year[vacated] >= 0]
    cont = np.flatnonzero(state.contiguous)
    moving = vacated[state.relocate[vacated] > 0]
    target = m.rules.relocation.platform
    to = m.platform[moving] if target < 0 else np.full(moving.size, target)
    land = np.flatnonzero(state.treatment % 2 == 1)
    ready_t, moved_t = state.ready[land], state.transfer[land]
    ready = (ready_t >= 0) & (ready_t < n_t)
    moved = (moved_t >= 0) & (moved_t < n_t)
    plat, area = m.platform[land], m.area[land]
    pkt = (plat[moved] * n_k + state.use[land][moved]) * n_t + moved_t[moved]
    per_event = np.choose(axis, [costs[k][parcel] for k in TREATED])
    return {
        "selected": _bin(key, m.area[parcel], 3 * n_p * n_t).reshape(3, n_p, n_t),
        "contiguous": _bin(
            m.platform[cont] * n_t + state.year[cont], m.area[cont], n_p * n_t
        ).reshape(n_p, n_t),
        "stopped": _by_cell(m, vacated, state.year[vacated], [b[vacated] for b in base]),
        "upgraded": _by_cell(
            m, upgraded, state.upgrade_year[upgraded], [b[upgraded] for b in base[:3]]
        ),
        "uplift_stopped": _by_cell(m, stopped, state.year[stopped], [b[stopped] for b in base[:3]]),
        "upgrade_ended": _bin(
            m.platform[stopped] * n_t + state.year[stopped], m.area[stopped], n_p * n_t
        ).reshape(n_p, n_t),
        "relocated": _by_cell(
            m, moving, state.year[moving], [b[moving] * state.relocate[moving] for b in base], to
        ),
        "paid": _bin(key, per_event, 3 * n_p * n_t).reshape(3, n_p, n_t),
        "ready": _bin(plat[ready] * n_t + ready_t[ready], area[ready], n_p * n_t).reshape(n_p, n_t),
        "transferred": _bin(pkt, area[moved], n_p * n_k * n_t).reshape(n_p, n_k, n_t),
    }


def _case(seed: int, target: int):
    rng = np.random.default_rng(seed)
    n, n_t, n_p, n_i, n_k = 4000, 6, 3, 4, 5

    def figures():
        x = np.round(rng.lognormal(size=n), 2)
        x[rng.random(n) < 0.05] = 0.0
        return x

    model = SimpleNamespace(
        years=np.arange(n_t),
        platform_ids=[f"p{i}" for i in range(n_p)],
        existing_ids=[f"i{i}" for i in range(n_i)],
        uses=[f"u{i}" for i in range(n_k)],
        area=rng.uniform(0.1, 40.0, n),
        platform=rng.integers(0, n_p, n),
        industry=rng.integers(0, n_i, n),
        base_output=figures(),
        base_tax=figures(),
        base_va=figures(),
        base_jobs=figures(),
        rules=SimpleNamespace(relocation=SimpleNamespace(platform=target, use=-1)),
    )
    state = State.empty(n)
    state.treatment[:] = rng.choice(4, n, p=[0.5, 0.2, 0.2, 0.1])
    treated = state.treatment > 0
    state.year[treated] = rng.integers(0, n_t, treated.sum())
    was_upgraded = (state.treatment == Treatment.UPGRADE) | (
        (state.treatment == Treatment.VACATE) & (rng.random(n) < 0.3)
    )
    state.upgrade_year[was_upgraded] = np.maximum(state.year[was_upgraded] - 1, 0)
    state.upgrade_year[state.treatment == Treatment.UPGRADE] = state.year[
        state.treatment == Treatment.UPGRADE
    ]
    state.contiguous[:] = (state.treatment == Treatment.VACATE) & (rng.random(n) < 0.5)
    state.relocate[:] = np.where(rng.random(n) < 0.3, rng.uniform(0, 1, n), 0.0)
    land = state.treatment % 2 == 1
    state.ready[land] = rng.integers(0, n_t + 3, land.sum())  # some beyond the horizon
    given = land & (rng.random(n) < 0.6)
    state.use[given] = rng.integers(0, n_k, given.sum())
    state.transfer[given] = rng.integers(0, n_t + 2, given.sum())
    costs = {k: rng.uniform(0, 500, n) for k in TREATED}
    return model, state, costs


@pytest.mark.parametrize(("seed", "target"), [(0, -1), (1, 2), (2, -1), (3, 0)])
def test_compiled_bins_equal_the_bincounts(seed, target, monkeypatch):
    model, state, costs = _case(seed, target)
    import landsim.engine.bins as bins

    monkeypatch.setattr(bins, "_relocation_new_land", lambda model, state: None)
    got = {
        **selection_bins(model, state),
        **paid_bins(model, state, costs),
        **land_bins(model, state),
    }
    want = _reference(model, state, costs)
    for name, value in want.items():
        assert got[name].shape == value.shape, name
        assert got[name].tobytes() == value.tobytes(), name

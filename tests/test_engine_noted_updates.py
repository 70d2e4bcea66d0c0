"""The ledger's noted updates and the compiled treated-parcel lists equal the full scans."""

from __future__ import annotations

import numpy as np
import pytest

from landsim.engine.evaluate import Notes
from landsim.engine.kernels import treated_in
from landsim.evaluation.kernel import update_noted, update_sums

VACATE, UPGRADE, REACTIVATE = 1, 2, 3


def _table(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    parts = rng.uniform(0.0, 5.0, (n, 2, 7))
    parts[rng.random((n, 2, 7)) < 0.2] = 0.0
    group = rng.integers(-1, 2, n).astype(np.int64)
    industry = rng.integers(0, 4, n).astype(np.int64)
    return parts, group, industry


def _select(rng, treatment, year, upgrade_year, t, wait):
    """Treat parcels as a selection year would: vacate, upgrade, reactivate."""
    n = treatment.size
    fresh = treatment == 0
    again = (treatment == UPGRADE) & (t >= upgrade_year + wait)
    draw = rng.random(n)
    vacate = (fresh | again) & (draw < 0.06)
    upgrade = fresh & ~vacate & (draw > 0.9)
    reactivate = fresh & ~vacate & ~upgrade & (draw > 0.88)
    for mask, code in ((vacate, VACATE), (upgrade, UPGRADE), (reactivate, REACTIVATE)):
        treatment[mask], year[mask] = code, t
    upgrade_year[upgrade] = t


@pytest.mark.parametrize(("seed", "lag", "wait"), [(0, 0, 0), (1, 1, 1), (2, 2, 3), (3, 1, 4)])
def test_noted_updates_equal_the_full_scans(seed, lag, wait):
    rng = np.random.default_rng(seed)
    n = 3000
    parts, group, industry = _table(rng, n)
    table = (parts, group, industry)
    treatment = np.zeros(n, dtype=np.int8)
    year = np.full(n, -1, dtype=np.int32)
    upgrade_year = np.full(n, -1, dtype=np.int32)
    counted = group >= 0
    scan = [rng.normal(size=(2, 2, 7, 4)), np.zeros((2, 2, 7, 4)), counted, np.zeros(n, bool)]
    noted = [a.copy() for a in scan]
    notes = Notes()
    for t in range(12):
        if t > 0:
            update_sums((scan[2], scan[3], treatment, upgrade_year), table, (t, lag), *scan[:2])
            firms = (noted[2], noted[3], treatment, upgrade_year)
            update_noted(notes.take(t - 1 - lag), firms, table, (t, lag), *noted[:2])
            for a, b in zip(scan, noted, strict=True):
                np.testing.assert_array_equal(a, b)
        _select(rng, treatment, year, upgrade_year, t, wait)
        vacated, upgraded = treated_in(treatment, year, upgrade_year, t)
        np.testing.assert_array_equal(vacated, np.flatnonzero((treatment == VACATE) & (year == t)))
        np.testing.assert_array_equal(upgraded, np.flatnonzero(upgrade_year == t))
        notes.vacated.append(vacated)
        notes.upgraded[t] = upgraded
        notes.years = t + 1
    assert scan[3].any() and not scan[2].all()


def test_notes_hand_over_every_year_due_in_order():
    notes = Notes(
        3,
        [np.array([1, 5]), np.array([2, 9])],
        {0: np.array([4, 8]), 1: np.array([0, 6]), 2: np.array([3])},
    )
    vacated, upgraded = notes.take(1)
    np.testing.assert_array_equal(vacated, [1, 2, 5, 9])
    np.testing.assert_array_equal(upgraded, [0, 4, 6, 8])
    vacated, upgraded = notes.take(1)
    assert vacated.size == 0 and upgraded.size == 0
    assert list(notes.upgraded) == [2]


def test_a_year_not_noted_makes_the_ledger_look_at_every_parcel():
    from landsim.engine.evaluate import Ledger

    ledger = Ledger(np.zeros(1), np.zeros(1), np.zeros(1, bool), np.zeros(1, bool), Notes())
    ledger.note(0, np.zeros(0, np.int64), np.zeros(0, np.int64))
    assert ledger.notes is not None and ledger.notes.years == 1
    ledger.note(2, np.zeros(0, np.int64), np.zeros(0, np.int64))  # year 1 missed
    assert ledger.notes is None

"""The compiled new-firm passes equal the numpy code they replaced, to the bit."""

from __future__ import annotations

import numpy as np
import pytest

from landsim.engine.kernels import relocating
from landsim.engine.newfirms import new_figures, producing_firms
from landsim.evaluation.indicators import INDICATOR_NAMES
from landsim.model.uses import ramp_lengths

TAX, VA, WORKER = (
    INDICATOR_NAMES.index("tax_per_mu"),
    INDICATOR_NAMES.index("value_added_per_mu"),
    INDICATOR_NAMES.index("labour_productivity"),
)


def _reference(use_all, transfer, p, area_all, t, grace):
    """The numpy code of ``_new_firms`` before it was compiled (its numerators, denominators)."""
    idx = np.flatnonzero((use_all >= 0) & (transfer >= 0))
    use = use_all[idx]
    j = (t - 1) - (transfer[idx] + p["construction"][use])
    producing = (j >= grace) & (p["new_output"][use] > 0)
    idx, use, j = idx[producing], use[producing], j[producing]
    ramp = p["ramp"]
    length = ramp_lengths(ramp)
    in_ramp = j < length[use]
    ramp_share = ramp[use, np.minimum(j, max(ramp.shape[1] - 1, 0))] if ramp.shape[1] else 1.0
    full = (1.0 + p["new_growth"][use]) ** np.maximum(j - length[use], 0)
    share = np.where(in_ramp, ramp_share, full)
    jobs = np.where(in_ramp, ramp_share, 1.0)
    area = area_all[idx]
    k = len(INDICATOR_NAMES)
    num = np.full((idx.size, k), np.nan)
    den = np.full((idx.size, k), np.nan)
    va = p["new_va"][use] * area * share
    num[:, TAX], den[:, TAX] = p["new_tax"][use] * area * share, area
    num[:, VA], den[:, VA] = va, area
    num[:, WORKER], den[:, WORKER] = va, p["new_jobs"][use] * area * jobs
    return idx, j, num, den


@pytest.mark.parametrize(("seed", "ramp_years"), [(0, 3), (1, 0), (2, 1), (3, 5)])
def test_new_firms_equal_the_numpy_code(seed, ramp_years):
    rng = np.random.default_rng(seed)
    n, n_uses, t = 5000, 6, 7
    use_all = np.where(rng.random(n) < 0.3, rng.integers(0, n_uses, n), -1).astype(np.int32)
    transfer = np.where(use_all >= 0, rng.integers(-1, t, n), -1).astype(np.int32)
    ramp = np.round(rng.uniform(0.2, 1.2, (n_uses, ramp_years)), 1)
    p = {
        "construction": rng.integers(0, 3, n_uses),
        "new_output": np.where(rng.random(n_uses) < 0.8, rng.uniform(1, 9, n_uses), 0.0),
        "ramp": ramp,
        "new_growth": rng.uniform(-0.05, 0.1, n_uses),
        "new_tax": rng.uniform(0, 50, n_uses),
        "new_va": rng.uniform(0, 200, n_uses),
        "new_jobs": rng.uniform(0, 3, n_uses),
    }
    area = rng.uniform(0.5, 30.0, n)
    for grace in (0, 1, 2):
        want_idx, want_j, want_num, want_den = _reference(use_all, transfer, p, area, t, grace)
        idx, j = producing_firms(
            (use_all, transfer), (p["construction"], p["new_output"]), t, grace
        )
        np.testing.assert_array_equal(idx, want_idx)
        np.testing.assert_array_equal(j, want_j)
        use = use_all[idx]
        length = ramp_lengths(ramp)
        full = (1.0 + p["new_growth"][use]) ** np.maximum(j - length[use], 0)
        num, den = new_figures(
            (use, j, full, area[idx]),
            (ramp, length, p["new_tax"], p["new_va"], p["new_jobs"]),
            (TAX, VA, WORKER),
            len(INDICATOR_NAMES),
        )
        assert num.tobytes() == want_num.tobytes()
        assert den.tobytes() == want_den.tobytes()


def test_relocating_equals_the_masks():
    rng = np.random.default_rng(4)
    n = 3000
    treatment = rng.integers(0, 4, n).astype(np.int8)
    year = rng.integers(-1, 5, n).astype(np.int32)
    relocate = np.where(rng.random(n) < 0.4, rng.uniform(0, 1, n), 0.0)
    land = np.flatnonzero(treatment % 2 == 1)
    for when in (-1, 0, 2, 4):
        want = land[(treatment[land] == 1) & (year[land] == when) & (relocate[land] > 0)]
        np.testing.assert_array_equal(relocating(land, (treatment, year, relocate), when), want)

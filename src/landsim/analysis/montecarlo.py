"""Where each draw's numbers come from.

Every distribution-valued parameter gets its own stream, keyed by the run's seed and the
parameter's dotted path, so adding a distribution elsewhere in the scenario does not
change the draws of this one; and the first *k* of *n* draws equal a run of *k* draws.
Random steps inside each draw (owners' refusals, random orders) use one generator per
draw, spawned from the same seed.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np

#: Separates the parameter streams from the per-draw streams of the same seed.
PARAMETER_STREAM = 0x5A3F


def path_key(path: str) -> int:
    """Turn a parameter path into a stable integer (the same on every machine and run)."""
    return int.from_bytes(hashlib.sha256(path.encode("utf-8")).digest()[:8], "little")


def monte_carlo_sampler(seed: int):
    """Make a sampler for :class:`~landsim.model.params.Reader` with pseudo-random draws."""

    def sample(path: str, dist: Any, draws: int) -> np.ndarray:
        rng = np.random.default_rng(
            np.random.SeedSequence([seed, PARAMETER_STREAM, path_key(path)])
        )
        return dist.ppf(rng.random(draws))

    return sample


def draw_seeds(seed: int, draws: int) -> list[np.random.SeedSequence]:
    """Independent seed sequences for *draws* draws, spawned from one seed."""
    return np.random.SeedSequence(seed).spawn(draws)

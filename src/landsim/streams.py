"""Every random stream of a run, spawned from the run's seed in one place.

A run has one seed (the scenario's ``seed``, or ``--seed``). :class:`Streams` turns it into
every generator landsim uses, and nothing else in landsim creates one:

* ``draw(d)`` — the generator of draw *d* (owners' refusals and random orders inside it).
  A deterministic run is draw 0. The draws are the children of ``SeedSequence(seed)``, so
  draw *d* is the same whatever the number of draws and of worker processes.
* ``parameter(path)`` — the stream of one uncertain parameter in Monte Carlo runs, keyed
  by the run's seed and the parameter's dotted path: adding a distribution elsewhere in
  the scenario does not change this one's draws, and the first *k* of *n* draws equal a
  run of *k* draws.
* ``common()`` — the one generator every evaluation of a sensitivity analysis shares
  (common random numbers), so owners' refusals do not add noise to the comparison.
* ``sobol()`` — the scrambling of Sobol' sequences, a stream of its own.
* ``synthetic()`` — the generator of a synthetic inventory (``landsim synth --seed``),
  whose seed is the generator's, not a run's.

Streams are keyed by integer purposes mixed into the seed, so no two ever coincide.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

#: Separates the parameter streams from the per-draw streams of the same seed.
PARAMETER_STREAM = 0x5A3F
#: The common-random-numbers stream of sensitivity analyses.
COMMON_STREAM = 0xC0DE
#: The scrambling of Sobol' sequences.
SOBOL_STREAM = 0x50B0


def path_key(path: str) -> int:
    """Turn a parameter path into a stable integer (the same on every machine and run)."""
    return int.from_bytes(hashlib.sha256(path.encode("utf-8")).digest()[:8], "little")


@dataclass(frozen=True)
class Streams:
    """The random streams of one run (see the module docstring)."""

    seed: int

    def draw_seed(self, d: int) -> np.random.SeedSequence:
        """Return the seed sequence of draw *d* (the *d*-th child of the run's seed)."""
        return np.random.SeedSequence(self.seed, spawn_key=(d,))

    def draw_seeds(self, draws: int) -> list[np.random.SeedSequence]:
        """Return the seed sequences of draws ``0 … draws − 1``."""
        return [self.draw_seed(d) for d in range(draws)]

    def draw(self, d: int) -> np.random.Generator:
        """Return the generator of draw *d*."""
        return np.random.default_rng(self.draw_seed(d))

    def parameter(self, path: str) -> np.random.Generator:
        """Return the generator of the uncertain parameter at *path*."""
        return np.random.default_rng(
            np.random.SeedSequence([self.seed, PARAMETER_STREAM, path_key(path)])
        )

    def common_seed(self) -> np.random.SeedSequence:
        """Return the seed sequence every evaluation of a sensitivity analysis shares."""
        return np.random.SeedSequence([self.seed, COMMON_STREAM])

    def synthetic(self) -> np.random.Generator:
        """Return the generator of a synthetic inventory made with this seed."""
        return np.random.default_rng(np.random.SeedSequence(self.seed))

    def sobol(self) -> np.random.Generator:
        """Return the generator that scrambles Sobol' sequences."""
        return np.random.default_rng(np.random.SeedSequence([self.seed, SOBOL_STREAM]))

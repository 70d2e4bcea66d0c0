"""Every random stream of a run, spawned from the run's seed in one place.

A run has one seed (the scenario's ``seed``, or ``--seed``). :class:`Streams` turns it into
every generator landsim uses, and nothing else in landsim creates one:

* ``draw(d)`` — the random events of draw *d* (a :class:`DrawStream`): owners' refusals,
  random orders and whether a project's phase goes ahead. Every event of a parcel in a year
  is a pure function of (seed, draw, kind of event, year, parcel id), so two scenarios run
  with the same seed see the same owners refuse in the same years (common random numbers,
  paired comparisons), whatever else differs. A deterministic run is draw 0.
* ``draw_seed(d)`` — the seed sequence of draw *d*, the *d*-th child of
  ``SeedSequence(seed)``, for anything that needs a plain generator.
* ``parameter(path)`` — the stream of one uncertain parameter in Monte Carlo runs, keyed
  by the run's seed and the parameter's dotted path: adding a distribution elsewhere in
  the scenario does not change this one's draws, and the first *k* of *n* draws equal a
  run of *k* draws.
* ``common()`` — the one draw every evaluation of a sensitivity analysis shares
  (common random numbers), so owners' refusals do not add noise to the comparison.
* ``sobol()`` — the scrambling of Sobol' sequences, a stream of its own.
* ``sweep()`` — the Latin hypercube of a sweep's sampled variants (``landsim sweep
  --samples``), a stream of its own: the variants do not change when draws are added.
* ``synthetic()`` — the generator of a synthetic inventory (``landsim synth --seed``),
  whose seed is the generator's, not a run's.

Streams are keyed by integer purposes mixed into the seed, so no two ever coincide.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numba
import numpy as np

#: Separates the parameter streams from the per-draw streams of the same seed.
PARAMETER_STREAM = 0x5A3F
#: The scrambling of Sobol' sequences.
SOBOL_STREAM = 0x50B0
#: The Latin hypercube of a sweep's sampled variants.
SWEEP_STREAM = 0x5EE9

#: Kinds of random events of a parcel (or a project phase) in a year.
REFUSAL = 1  # the owner refuses or delays this year
ORDER = 2  # the key of a random selection order
PHASE = 3  # a major project's phase goes ahead (once per draw)

_MASK = (1 << 64) - 1


def _mix(z: int) -> int:
    """SplitMix64's finalizer on one 64-bit integer."""
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


@numba.njit(cache=True, nogil=True)
def uniform(key, head):  # pragma: no cover - compiled; tested through DrawStream.uniforms
    """Return the uniform number in [0, 1) of one key under an event's *head* (uint64).

    SplitMix64's finalizer of ``key ^ head`` (wrapping arithmetic), its top 53 bits.
    Compiled code (the engine's candidate kernel) calls this same function.
    """
    z = key ^ head
    z = (z ^ (z >> numba.uint64(30))) * numba.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> numba.uint64(27))) * numba.uint64(0x94D049BB133111EB)
    z = z ^ (z >> numba.uint64(31))
    return (z >> numba.uint64(11)) * (1.0 / 9007199254740992.0)


@numba.njit(cache=True, nogil=True)
def _uniforms(keys, head):  # pragma: no cover - compiled
    out = np.empty(keys.size)
    for i in range(keys.size):
        out[i] = uniform(keys[i], head)
    return out


@dataclass(frozen=True)
class DrawStream:
    """The random events of one draw: uniforms keyed by event, never by call order.

    Attributes
    ----------
    seed
        The run's seed.
    draw
        The draw's number.
    central
        Whether this is the run at central values: single events with a probability (a
        project phase going ahead) then happen when their probability is at least 0.5,
        instead of being drawn.
    """

    seed: int
    draw: int
    central: bool = False

    def uniforms(self, kind: int, year: int, keys: np.ndarray) -> np.ndarray:
        """Uniform numbers in [0, 1), one per key (a parcel's ``parcel_key``).

        Each is a pure function of (seed, draw, *kind*, *year*, key): the same parcel in
        the same year gets the same number whichever other parcels are asked about.
        """
        keys = np.ascontiguousarray(keys, dtype=np.uint64)
        return _uniforms(keys, np.uint64(self.head(kind, year)))

    def head(self, kind: int, year: int) -> int:
        """Return the 64-bit key of one kind of event in one year of this draw."""
        head = _mix((self.seed & _MASK) ^ _mix(kind * 0x9E3779B97F4A7C15 + self.draw))
        return _mix(head ^ ((year * 0xD1B54A32D192ED03) & _MASK))

    def happens(self, kind: int, key: int, probability: float) -> bool:
        """Whether a single event of *probability* happens in this draw."""
        if self.central:
            return probability >= 0.5
        u = self.uniforms(kind, 0, np.array([key], dtype=np.uint64))[0]
        return bool(u < probability)


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

    def draw(self, d: int, *, central: bool = False) -> DrawStream:
        """Return the random events of draw *d* (*central*: the run at central values)."""
        return DrawStream(self.seed, d, central)

    def draws(self, n: int) -> list[DrawStream]:
        """Return the random events of draws ``0 … n − 1``."""
        return [self.draw(d) for d in range(n)]

    def parameter(self, path: str) -> np.random.Generator:
        """Return the generator of the uncertain parameter at *path*."""
        return np.random.default_rng(
            np.random.SeedSequence([self.seed, PARAMETER_STREAM, path_key(path)])
        )

    def common(self) -> DrawStream:
        """Return the draw every evaluation of a sensitivity analysis shares.

        It is the run at central values (draw 0, central), so a sensitivity analysis's
        output at central values equals ``landsim run``'s.
        """
        return self.draw(0, central=True)

    def synthetic(self) -> np.random.Generator:
        """Return the generator of a synthetic inventory made with this seed."""
        return np.random.default_rng(np.random.SeedSequence(self.seed))

    def sobol(self) -> np.random.Generator:
        """Return the generator that scrambles Sobol' sequences."""
        return np.random.default_rng(np.random.SeedSequence([self.seed, SOBOL_STREAM]))

    def sweep(self) -> np.random.Generator:
        """Return the generator of a sweep's Latin hypercube of variants."""
        return np.random.default_rng(np.random.SeedSequence([self.seed, SWEEP_STREAM]))

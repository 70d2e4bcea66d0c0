"""Sweep designs: the variants of a scenario, as a full grid or a Latin hypercube.

A variant is the scenario with some keys set (:class:`Variant`), built with
``load_scenario(path, overrides=…)`` and validated before anything runs
(:func:`variant_scenarios`). Variants are a full grid of the values given, or a Latin
hypercube of *samples* points (``scipy.stats.qmc``, seeded by
:meth:`landsim.streams.Streams.sweep`). Running them is :mod:`landsim.analysis.sweep`.
"""

from __future__ import annotations

import inspect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from landsim.analysis.sweep_spec import MAX_VARIANTS, Vary
from landsim.errors import InputError, Problem, count
from landsim.scenario import Scenario, load_scenario


@dataclass(frozen=True)
class Variant:
    """One variant: an id (``v001`` …) and the value of each varied key."""

    id: str
    values: dict[str, Any]

    def overrides(self) -> dict[str, Any]:
        """Return the values as a nested mapping for ``load_scenario(overrides=…)``."""
        out: dict[str, Any] = {}
        for key, value in self.values.items():
            *sections, last = key.split(".")
            node = out
            for part in sections:
                node = node.setdefault(part, {})
            node[last] = value
        return out

    def describe(self) -> str:
        """``key=value, …`` for messages."""
        return ", ".join(f"{k}={v}" for k, v in self.values.items())


def _ids(n: int) -> list[str]:
    width = max(3, len(str(n)))
    return [f"v{k:0{width}d}" for k in range(1, n + 1)]


def grid(varies: Sequence[Vary]) -> list[Variant]:
    """Every combination of the values, the first key varying slowest."""
    combos = list(itertools.product(*(v.values for v in varies)))
    if len(combos) > MAX_VARIANTS:
        raise InputError(
            "too many variants",
            [
                Problem(
                    "--vary",
                    ", ".join(v.key for v in varies),
                    f"the grid has {len(combos):,} variants, more than {MAX_VARIANTS:,}; use "
                    "fewer values or --samples N (a Latin hypercube of N variants)",
                )
            ],
        )
    keys = [v.key for v in varies]
    ids = _ids(len(combos))
    return [Variant(i, dict(zip(keys, c, strict=True))) for i, c in zip(ids, combos, strict=True)]


#: Latin hypercubes drawn, and swaps tried in each, before giving up on variants that all
#: differ (assumption, measured on 20 seeds: when a draw's counts of each value allow it,
#: 3 × 3 × 3 values with 20 samples needed at most 41 swaps and 10 × 10 with 50 at most
#: 22; 8 samples of 3 × 3 often need a new draw; 99 of 10 × 10 was refused 7 times in 10).
MAX_DRAWS, MAX_SWAPS = 200, 200


def latin_hypercube(
    varies: Sequence[Vary], samples: int, rng: np.random.Generator
) -> list[Variant]:
    """Spread *samples* variants by a Latin hypercube over the ranges and lists.

    A continuous range ``low:high`` is sampled uniformly; a list, or a range with a step,
    gives each of its values with equal probability. When every key is a list or a
    stepped range, no two variants may be the same (a repeat would cost a run and leave
    a combination out): a variant that repeats another swaps one key's value with
    another variant's, which keeps how often each value comes up, and a draw whose
    counts allow no such swaps is drawn again (all from *rng*).

    Raises
    ------
    InputError
        No draw of :data:`MAX_DRAWS` gives *samples* different variants.
    """
    from scipy.stats import qmc

    key = "rng" if "rng" in inspect.signature(qmc.LatinHypercube).parameters else "seed"
    engine = qmc.LatinHypercube(d=len(varies), **{key: rng})
    keys = [v.key for v in varies]
    if not all(_is_discrete(v) for v in varies):
        u = engine.random(samples)
        rows = list(zip(*(_sampled(v, u[:, j]) for j, v in enumerate(varies)), strict=True))
        return _variants(keys, rows)
    sizes = np.array([len(v.values) for v in varies])
    for _ in range(MAX_DRAWS):
        picks = np.minimum((engine.random(samples) * sizes).astype(int), sizes - 1)
        if _all_different(picks, rng):
            rows = [tuple(v.values[p] for v, p in zip(varies, row, strict=True)) for row in picks]
            return _variants(keys, rows)
    raise InputError(
        "cannot spread the samples",
        [
            Problem(
                "--samples",
                str(samples),
                f"no Latin hypercube of {samples} gave {samples} different variants in "
                f"{MAX_DRAWS} tries; use fewer samples, or run the full grid",
            )
        ],
    )


def _variants(keys: list[str], rows: list[tuple[Any, ...]]) -> list[Variant]:
    return [
        Variant(i, dict(zip(keys, row, strict=True)))
        for i, row in zip(_ids(len(rows)), rows, strict=True)
    ]


def _all_different(picks: np.ndarray, rng: np.random.Generator) -> bool:
    """Make the rows of *picks* (samples × keys) all differ by swaps within a column.

    A repeated row swaps one key's value with a random row's when that does not make
    fewer rows different; each column keeps its values. Return whether all differ
    within :data:`MAX_SWAPS` swaps.
    """
    n, d = picks.shape
    different = len({tuple(r) for r in picks})
    for _ in range(MAX_SWAPS):
        if different == n:
            return True
        seen: dict[tuple, int] = {}
        repeat = next(i for i, r in enumerate(map(tuple, picks)) if seen.setdefault(r, i) != i)
        other, k = int(rng.integers(n)), int(rng.integers(d))
        picks[[repeat, other], k] = picks[[other, repeat], k]
        now = len({tuple(r) for r in picks})
        if now < different:
            picks[[repeat, other], k] = picks[[other, repeat], k]  # undo
        else:
            different = now
    return different == n


def _is_discrete(vary: Vary) -> bool:
    """Whether the key takes a few values: a list, or a range with a step."""
    return not vary.is_range or vary.step is not None


def _sampled(vary: Vary, u: np.ndarray) -> list[Any]:
    """Return the key's values at the hypercube's points *u* (in [0, 1)).

    A list or a stepped range: equal parts of [0, 1), one per value.
    """
    if _is_discrete(vary):
        picks = np.minimum((u * len(vary.values)).astype(int), len(vary.values) - 1)
        return [vary.values[p] for p in picks]
    x = vary.low + u * (vary.high - vary.low)
    whole = all(isinstance(v, int) for v in vary.values) and vary.values
    return [int(np.rint(v)) for v in x] if whole else [float(np.round(v, 12)) for v in x]


def variant_scenarios(
    path: Path, variants: Sequence[Variant], base: dict[str, Any] | None = None
) -> list[Scenario]:
    """Load every variant (*base* overrides first); raise one error listing each bad one."""
    scenarios, problems = [], []
    for v in variants:
        try:
            scenarios.append(load_scenario(path, overrides=_merge(base or {}, v.overrides())))
        except InputError as exc:
            problems += [
                Problem(f"variant {v.id} ({v.describe()})", p.field, p.message)
                for p in exc.problems
            ]
    if problems:
        raise InputError(
            f"{path}: {count(len(problems), 'problem')} in the sweep's variants", problems
        )
    return scenarios


def _merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in top.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out

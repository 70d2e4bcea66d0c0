"""Named axes of engine arrays, declared once per field and checked.

Every array field of the engine's records declares its axes in its field metadata::

    @dataclass(frozen=True)
    class Params:
        quota: np.ndarray = array(DRAW, TREATMENT, YEAR)

:func:`axes_of` reads the declarations back (for docs and checks) and :func:`check_axes`
compares every array's shape with the sizes of its named axes, so an array built in the
wrong order fails loudly instead of broadcasting silently.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import numpy as np

DRAW = "draw"
PARCEL = "parcel"
YEAR = "year"
PLATFORM = "platform"
INDUSTRY = "industry"  # existing industries (scenario order, then "(unlisted)")
USE = "use"  # new uses: target industries in assignment order, then major projects
TREATMENT = "treatment"  # vacate, upgrade, reactivate
QUANTITY = "quantity"  # output, tax, value added (, jobs)
RAMP = "ramp"  # years of ramp-up
UPLIFT = "uplift"  # output, tax, value added
FIGURE = "figure"  # base-year output, tax, value added, jobs
BOUND = "bound"  # capacity rows of a greedy fill

#: Axes whose length is fixed by the engine, not by the inventory or the scenario.
FIXED = {TREATMENT: 3, UPLIFT: 3, FIGURE: 4}


def array(*axes: str, per: str | None = None) -> Any:
    """Declare a dataclass field holding an array with *axes*.

    *per* marks a ``dict[str, ndarray]`` field whose values each have *axes* (keyed by
    ``per``, e.g. quantity names).
    """
    return dataclasses.field(metadata={"axes": tuple(axes), "per": per})


def axes_of(cls_or_obj: Any) -> dict[str, tuple[str, ...]]:
    """Field name → declared axes, for every array field of a dataclass."""
    return {
        f.name: f.metadata["axes"] for f in dataclasses.fields(cls_or_obj) if "axes" in f.metadata
    }


def check_axes(obj: Any, sizes: Mapping[str, int]) -> None:
    """Check that every declared array of *obj* has the shape its axes say.

    Parameters
    ----------
    obj
        A dataclass instance with fields declared by :func:`array`.
    sizes
        Length of each named axis (:data:`FIXED` axes are added). Axes missing from
        *sizes* may have any length, but must have the same length in every field.

    Raises
    ------
    ValueError
        Listing every field whose shape does not match.
    """
    known = {**FIXED, **sizes}
    seen: dict[str, int] = {}
    wrong = []
    for f in dataclasses.fields(obj):
        if "axes" not in f.metadata:
            continue
        value = getattr(obj, f.name)
        items = value.items() if f.metadata["per"] else [(None, value)]
        for key, arr in items:
            name = f.name if key is None else f"{f.name}[{key}]"
            problem = _shape_problem(np.shape(arr), f.metadata["axes"], known, seen)
            if problem:
                wrong.append(f"{type(obj).__name__}.{name}: {problem}")
    if wrong:
        raise ValueError("arrays with the wrong axes:\n" + "\n".join(wrong))


def _shape_problem(
    shape: tuple[int, ...], axes: tuple[str, ...], known: Mapping[str, int], seen: dict[str, int]
) -> str:
    if len(shape) != len(axes):
        return f"shape {shape} has {len(shape)} axes, declared {axes}"
    for length, axis in zip(shape, axes, strict=True):
        expected = known.get(axis, seen.setdefault(axis, length))
        if length != expected:
            return f"axis {axis!r} has length {length}, expected {expected} (shape {shape})"
    return ""

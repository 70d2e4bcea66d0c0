"""Shared building blocks of the scenario schema."""

from __future__ import annotations

import math
from functools import partial
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from landsim.scenario.distributions import Number
from landsim.scenario.yearly import Yearly


class Model(BaseModel):
    """Base of every scenario model: unknown keys refused, frozen, finite numbers.

    ``.nan`` and ``.inf`` are refused wherever a number is expected. The docstring under
    each field is its meaning in the scenario reference (:mod:`landsim.reference` reads
    it from the source; pydantic's ``use_attribute_docstrings`` would read the source of
    every model at import, which cost a second of every run's start).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Label(Model):
    """A name in Chinese and English; plots and briefs pick one by language."""

    zh: str
    """Chinese name."""
    en: str
    """English name."""

    def get(self, lang: str) -> str:
        """Return the name in *lang* (``"zh"`` or ``"en"``)."""
        return self.zh if lang == "zh" else self.en


#: Identifiers used as scenario keys: lower-case English, digits and underscores.
Ident = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]

#: A share between 0 and 1.
Share = Annotated[float, Field(ge=0.0, le=1.0)]


def _check(value: Any, ge: float | None, gt: float | None, le: float | None) -> Any:
    if isinstance(value, Yearly):
        for year, v in value.steps:
            try:
                _check(v, ge, gt, le)
            except ValueError as exc:
                label = "" if len(value.steps) == 1 else f"the value for {year}: "
                raise ValueError(f"{label}{exc}") from None
        return value
    if hasattr(value, "support"):  # a distribution: its whole support must respect the bounds
        lo, hi = value.support()
        what = "the distribution reaches"
    else:
        lo = hi = float(value)
        what = "got"
    if ge is not None and lo < ge:
        raise ValueError(f"must be ≥ {ge:g}; {what} {lo:g}" + _bound_hint(value, "low", ge))
    if gt is not None and lo <= gt:
        raise ValueError(f"must be > {gt:g}; {what} {lo:g}" + _bound_hint(value, "low", gt))
    if le is not None and hi > le:
        raise ValueError(f"must be ≤ {le:g}; {what} {hi:g}" + _bound_hint(value, "high", le))
    return value


def _bound_hint(value: Any, key: str, bound: float) -> str:
    if hasattr(value, "support") and math.isinf(value.support()[0 if key == "low" else 1]):
        return f" (add {key}: {bound:g} to truncate it)"
    return ""


def bounded(
    tp: Any, *, ge: float | None = None, gt: float | None = None, le: float | None = None
) -> Any:
    """Annotate *tp* (number, distribution or yearly value) with bounds checked on every value.

    For a distribution, its whole support must lie within the bounds.
    """
    return Annotated[tp, AfterValidator(partial(_check, ge=ge, gt=gt, le=le))]


#: A yearly value that is never negative.
YearlyNonNeg = bounded(Yearly, ge=0)
#: A number or distribution that is never negative.
NonNeg = bounded(Number, ge=0)

__all__ = [
    "Ident",
    "Label",
    "Model",
    "NonNeg",
    "Number",
    "Share",
    "Yearly",
    "YearlyNonNeg",
    "bounded",
]

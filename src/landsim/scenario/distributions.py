"""Probability distributions that may stand wherever a scenario expects a number.

In YAML::

    construction_years: {dist: triangular, low: 1, mode: 2, high: 3}
    output_per_mu: {dist: normal, mean: 1200, sd: 200, low: 600}
    growth: {dist: uniform, low: 0.3, high: 0.5}
    compensation_per_mu: {dist: lognormal, median: 60, sigma: 0.3}
    prep_years: {dist: choice, values: [0, 1, 2], weights: [0.2, 0.6, 0.2]}

Every distribution is sampled through its quantile function (``ppf``) applied to
uniform numbers. Plain Monte Carlo feeds it pseudo-random uniforms from a
``numpy.random.Generator``; Sobol analysis feeds it quasi-random ones; one-at-a-time
sensitivity feeds it fixed quantiles. A deterministic run uses :meth:`central`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator
from pydantic_core import PydanticCustomError, core_schema

from landsim.scenario import fullwidth


def _stats():
    """scipy.stats, imported on first use: it takes a second to import."""
    from scipy import stats

    return stats


#: Largest magnitude a scenario number may have (assumption: no figure in mu, 万元,
#: persons or shares comes near 10¹²; China's GDP in 2024 was 1.35 × 10¹⁰ 万元, NBS
#: communiqué of 2025-02-28). Larger numbers are typing mistakes, and 1e308 overflowed to
#: inf in the results (a quota of 1e308 crashed the selection).
MAX_MAGNITUDE = 1e12


class _Dist(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    @model_validator(mode="after")
    def _plausible(self) -> _Dist:
        for name, value in self:
            if isinstance(value, float) and abs(value) > MAX_MAGNITUDE:
                raise ValueError(f"{name}: {value:g} is {_TOO_LARGE}")
        return self

    def ppf(self, u: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        """Quantile function: map uniforms in (0, 1) to values."""
        raise NotImplementedError

    def central(self) -> float:  # pragma: no cover - abstract
        """Return the value a deterministic run uses."""
        raise NotImplementedError

    def support(self) -> tuple[float, float]:  # pragma: no cover - abstract
        """Return the least and greatest values (``ppf(0)``, ``ppf(1)``), without SciPy."""
        raise NotImplementedError

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """Draw *n* values with *rng*."""
        return self.ppf(rng.random(n))

    def dump(self) -> dict[str, Any]:
        """Return the YAML form."""
        return self.model_dump(exclude_none=True)


class Uniform(_Dist):
    """Uniform between ``low`` and ``high``; central value: the midpoint."""

    dist: Literal["uniform"]
    low: float
    high: float

    @model_validator(mode="after")
    def _order(self) -> Uniform:
        if not self.low <= self.high:
            raise ValueError("low must not exceed high")
        return self

    def ppf(self, u: np.ndarray) -> np.ndarray:  # noqa: D102
        return self.low + (self.high - self.low) * np.asarray(u, dtype=float)

    def central(self) -> float:  # noqa: D102
        return 0.5 * (self.low + self.high)

    def support(self) -> tuple[float, float]:  # noqa: D102
        return self.low, self.high


class Triangular(_Dist):
    """Triangular with ``low ≤ mode ≤ high``; central value: the mode."""

    dist: Literal["triangular"]
    low: float
    mode: float
    high: float

    @model_validator(mode="after")
    def _order(self) -> Triangular:
        if not self.low <= self.mode <= self.high:
            raise ValueError("need low ≤ mode ≤ high")
        return self

    def ppf(self, u: np.ndarray) -> np.ndarray:  # noqa: D102
        width = self.high - self.low
        if width == 0:
            return np.full(np.shape(u), self.low)
        c = (self.mode - self.low) / width
        return _stats().triang.ppf(u, c, loc=self.low, scale=width)

    def central(self) -> float:  # noqa: D102
        return self.mode

    def support(self) -> tuple[float, float]:  # noqa: D102
        return self.low, self.high


class Normal(_Dist):
    """Normal with mean ``mean`` and standard deviation ``sd``, optionally truncated.

    With ``low`` and/or ``high`` the distribution is truncated to those bounds
    (not clipped, so no mass piles up at a bound). Central value: the mean, moved
    inside the bounds if it lies outside them.
    """

    dist: Literal["normal"]
    mean: float
    sd: float = Field(gt=0)
    low: float | None = None
    high: float | None = None

    @model_validator(mode="after")
    def _order(self) -> Normal:
        if self.low is not None and self.high is not None and not self.low < self.high:
            raise ValueError("low must be below high")
        return self

    def _bounds(self) -> tuple[float, float]:
        a = -np.inf if self.low is None else (self.low - self.mean) / self.sd
        b = np.inf if self.high is None else (self.high - self.mean) / self.sd
        return a, b

    def ppf(self, u: np.ndarray) -> np.ndarray:  # noqa: D102
        a, b = self._bounds()
        return _stats().truncnorm.ppf(u, a, b, loc=self.mean, scale=self.sd)

    def central(self) -> float:  # noqa: D102
        lo, hi = self.support()
        return float(np.clip(self.mean, lo, hi))

    def support(self) -> tuple[float, float]:  # noqa: D102
        return (
            -math.inf if self.low is None else self.low,
            math.inf if self.high is None else self.high,
        )


class LogNormal(_Dist):
    """Log-normal with median ``median`` and log-space standard deviation ``sigma``.

    Optional ``low``/``high`` truncate it. Central value: the median.
    """

    dist: Literal["lognormal"]
    median: float = Field(gt=0)
    sigma: float = Field(gt=0)
    low: float | None = Field(default=None, gt=0)
    high: float | None = None

    def ppf(self, u: np.ndarray) -> np.ndarray:  # noqa: D102
        mu = np.log(self.median)
        a = -np.inf if self.low is None else (np.log(self.low) - mu) / self.sigma
        b = np.inf if self.high is None else (np.log(self.high) - mu) / self.sigma
        return np.exp(_stats().truncnorm.ppf(u, a, b, loc=mu, scale=self.sigma))

    def central(self) -> float:  # noqa: D102
        lo, hi = self.support()
        return float(np.clip(self.median, lo, hi))

    def support(self) -> tuple[float, float]:  # noqa: D102
        return (
            0.0 if self.low is None else self.low,
            math.inf if self.high is None else self.high,
        )


class Choice(_Dist):
    """One of ``values``, with optional ``weights``; central value: the most likely.

    Ties in weight go to the first value listed.
    """

    dist: Literal["choice"]
    values: list[float] = Field(min_length=1)
    weights: list[float] | None = None

    @model_validator(mode="after")
    def _weights(self) -> Choice:
        if self.weights is not None:
            if len(self.weights) != len(self.values):
                raise ValueError("give one weight per value")
            if any(w < 0 for w in self.weights) or sum(self.weights) <= 0:
                raise ValueError("weights must be ≥ 0 and not all zero")
        return self

    def _p(self) -> np.ndarray:
        w = np.ones(len(self.values)) if self.weights is None else np.asarray(self.weights)
        return w / w.sum()

    def ppf(self, u: np.ndarray) -> np.ndarray:  # noqa: D102
        cdf = np.cumsum(self._p())
        idx = np.searchsorted(cdf, np.asarray(u, dtype=float), side="right")
        return np.asarray(self.values, dtype=float)[np.minimum(idx, len(self.values) - 1)]

    def central(self) -> float:  # noqa: D102
        return float(self.values[int(np.argmax(self._p()))])

    def support(self) -> tuple[float, float]:  # noqa: D102
        return float(self.ppf(0.0)), float(self.ppf(1.0))


Distribution = Annotated[
    Uniform | Triangular | Normal | LogNormal | Choice, Field(discriminator="dist")
]
_ADAPTER: TypeAdapter[Any] = TypeAdapter(Distribution)
KINDS = ("uniform", "triangular", "normal", "lognormal", "choice")


def parse_distribution(raw: Mapping[str, Any]) -> _Dist:
    """Validate a ``{dist: ..., ...}`` mapping; raise ``ValueError`` with a readable reason."""
    try:
        return _ADAPTER.validate_python(dict(raw))
    except ValidationError as exc:
        reasons = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"][1:])
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "union_tag_invalid":
                msg = f"unknown distribution {raw.get('dist')!r}; use one of {', '.join(KINDS)}"
            elif err["type"] == "extra_forbidden":
                msg = "unknown parameter for this distribution"
            elif err["type"] in ("float_parsing", "float_type"):
                got = err.get("input")
                msg = f"expected a number, got {got!r}{text_hint(got)}"
            reasons.append(f"{loc}: {msg}" if loc else msg)
        raise ValueError("; ".join(reasons)) from None


def is_distribution(value: Any) -> bool:
    """Tell whether *value* is a parsed distribution."""
    return isinstance(value, _Dist)


def central(value: Any) -> float:
    """Return the deterministic value of a number or a distribution."""
    return value.central() if isinstance(value, _Dist) else float(value)


class _NumberType:
    """Pydantic type: a number, or a distribution given as ``{dist: ...}``."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        return core_schema.no_info_plain_validator_function(
            _validate_number,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda v: v.dump() if isinstance(v, _Dist) else v
            ),
        )


def _validate_number(raw: Any) -> Any:
    if isinstance(raw, _Dist):
        return raw
    if isinstance(raw, Mapping):
        if "dist" not in raw:
            raise PydanticCustomError(
                "number",
                "expected a number or a distribution like {dist: uniform, low: 1, high: 2}",
            )
        try:
            return parse_distribution(raw)
        except ValueError as exc:
            raise PydanticCustomError("distribution", "{reason}", {"reason": str(exc)}) from None
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise PydanticCustomError(
            "number",
            "expected a number, got {value}{hint}",
            {"value": repr(raw), "hint": text_hint(raw)},
        )
    try:
        return finite(raw)
    except ValueError as exc:
        raise PydanticCustomError("number", "{reason}", {"reason": str(exc)}) from None


def text_hint(raw: Any) -> str:
    """Explain a number YAML read as text.

    ``1e5`` needs a decimal point (YAML 1.1); ``２５００`` has full-width digits and
    ``10　`` a full-width space (a Chinese input method's), which YAML keeps as text.
    """
    if not isinstance(raw, str):
        return ""
    if (hint := fullwidth.number_hint(raw)) or not raw.isascii():
        return hint
    if re.fullmatch(r"\s*[-+]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?\s*", raw):
        return f" (write it without thousands separators: {raw.strip().replace(',', '')})"
    try:
        value = float(raw)
    except ValueError:
        return ""
    if not math.isfinite(value):
        return ""
    return f" (YAML reads {raw} as text: write {value:.1e} or {value:.15g} instead)"


def finite(value: int | float) -> float:
    """Return *value* as a finite float; raise ``ValueError`` for NaN, ±inf and huge ints.

    Examples
    --------
    >>> finite(3)
    3.0
    >>> finite(float("nan"))
    Traceback (most recent call last):
    ...
    ValueError: nan is not a finite number; give a number
    """
    try:
        out = float(value)
    except OverflowError:
        digits = len(str(abs(int(value))))
        raise ValueError(f"a number of {digits} digits is too large; check it") from None
    if not math.isfinite(out):
        raise ValueError(f"{out} is not a finite number; give a number")
    if abs(out) > MAX_MAGNITUDE:
        raise ValueError(f"{out:g} is {_TOO_LARGE}")
    return out


_TOO_LARGE = (
    f"beyond any figure a scenario holds (at most {MAX_MAGNITUDE:.0e} in size); check the "
    "number and its unit"
)


#: Annotation for scenario fields that take a number or a distribution.
Number = Annotated[Any, _NumberType]

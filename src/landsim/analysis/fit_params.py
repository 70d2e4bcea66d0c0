"""The parameters ``landsim calibrate`` can fit: where they live, their range, how they are set.

Most are numbers the engine reads per draw (:class:`~landsim.model.Params`), so many
candidate values run in one batch. Class shares are compiled into the model (the
evaluation's classes), so each candidate value is a model of its own.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from landsim.errors import InputError, Problem
from landsim.model import Model
from landsim.model.codes import TREATMENT_LABELS
from landsim.scenario import Scenario
from landsim.scenario.distributions import central, is_distribution
from landsim.scenario.yearly import Yearly


@dataclass(frozen=True)
class FitParameter:
    """A parameter that can be fitted.

    Attributes
    ----------
    path
        Its scenario key.
    aliases
        Shorter names accepted by ``--fit``.
    low, high
        The search range used unless the scenario gives it as a distribution or the user
        gives one (``--fit name=low:high``).
    integer
        Whole years (lags).
    field
        The :class:`~landsim.model.Params` field it sets, or ``None`` when it is compiled
        into the model (class shares).
    index
        Position on the field's last axis (uplifts: output, tax, value added; quotas: the
        treatment), or ``None`` for the whole field.
    why
        Where the default range comes from.
    """

    path: str
    aliases: tuple[str, ...]
    low: float
    high: float
    integer: bool = False
    field: str | None = None
    index: int | None = None
    why: str = ""

    @property
    def structural(self) -> bool:
        """Whether each value needs a model of its own (compiled, not read per draw)."""
        return self.field is None


def _quota(k: int, label: str) -> FitParameter:
    return FitParameter(
        f"quotas.{label}_mu",
        (f"{label}_mu",),
        float("nan"),
        float("nan"),
        field="quota",
        index=k,
        why="assumption: half to one and a half times the scenario's first-year quota",
    )


def _uplift(k: int, what: str) -> FitParameter:
    return FitParameter(
        f"treatments.upgrade.{what}_uplift",
        (f"{what}_uplift", f"upgrade.{what}_uplift"),
        0.0,
        1.0,
        field="upgrade_uplift",
        index=k,
        why="assumption: from none to doubling (Xiaoshan asks +30 % a year, 2022-04-20)",
    )


#: Every parameter that can be fitted, by scenario key.
PARAMETERS: dict[str, FitParameter] = {
    p.path: p
    for p in (
        FitParameter(
            "selection.refusal_probability",
            ("refusal_probability", "refusal"),
            0.0,
            0.5,
            field="refusal",
            why="assumption: up to half of the owners refusing in a year",
        ),
        *(
            FitParameter(
                f"evaluation.classes.shares.{c}",
                (f"classes.shares.{c}", f"classes.{c}", f"share_{c}"),
                low,
                high,
                why=f"assumption: around the published rule's {rule} (DOMAIN.md)",
            )
            for c, low, high, rule in (
                ("D", 0.01, 0.30, "5 %"),
                ("C", 0.05, 0.50, "25 %"),
                ("B", 0.10, 0.70, "45 %"),
                ("A", 0.05, 0.50, "25 %"),
            )
        ),
        FitParameter(
            "treatments.vacate.prep_years",
            ("prep_years", "pipeline.prep_years", "vacate.prep_years"),
            0,
            4,
            integer=True,
            field="prep_vacate",
            why="收储 → 出让 takes 12–28 months (DOMAIN-figures §4); 0–4 years covers it",
        ),
        FitParameter(
            "treatments.reactivate.prep_years",
            ("reactivate.prep_years",),
            0,
            3,
            integer=True,
            field="prep_reactivate",
            why="assumption: reserve land needs at most the preparation of vacated land",
        ),
        FitParameter(
            "pipeline.construction_years",
            ("construction_years",),
            0,
            4,
            integer=True,
            field="construction",
            why="开工 → 投产 takes 12–24 months (DOMAIN-figures §4); 0–4 years covers it",
        ),
        FitParameter(
            "treatments.upgrade.lag_years",
            ("upgrade.lag_years",),
            0,
            3,
            integer=True,
            field="upgrade_lag",
            why="assumption: works of up to three years",
        ),
        _uplift(0, "output"),
        _uplift(1, "tax"),
        _uplift(2, "value_added"),
        FitParameter(
            "candidates.tax_per_mu_below",
            ("tax_per_mu_below", "candidates.tax"),
            0.0,
            10.0,
            field="candidate_tax",
            why="Xiaoshan's clear-out thresholds 2, 3, 5 万元/亩 (Zhejiang Daily, 2022-04-21) "
            "and Huzhou's 6 (2021)",
        ),
        FitParameter(
            "treatments.vacate_when.tax_per_mu_below",
            ("vacate_when.tax_per_mu_below", "vacate_tax"),
            0.0,
            10.0,
            field="vacate_tax",
            why="as candidates.tax_per_mu_below",
        ),
        *(_quota(k, label) for k, label in enumerate(TREATMENT_LABELS)),
    )
}


@dataclass(frozen=True)
class Fitted:
    """A parameter to fit, with the range searched."""

    parameter: FitParameter
    low: float
    high: float
    current: float

    @property
    def path(self) -> str:
        """The scenario key."""
        return self.parameter.path

    def grid(self, points: int) -> np.ndarray:
        """Return the values tried: every whole year of the range, or *points* evenly spaced."""
        if self.parameter.integer:
            return np.arange(int(np.ceil(self.low)), int(np.floor(self.high)) + 1, dtype=float)
        return np.linspace(self.low, self.high, points)


def resolve(specs: Sequence[str], scenario: Scenario) -> list[Fitted]:
    """Read ``--fit`` items (``name`` or ``name=low:high``) into parameters with ranges.

    Raises
    ------
    InputError
        For an unknown name, a bad range or a parameter named twice; every problem at once.
    """
    problems: list[Problem] = []
    out: list[Fitted] = []
    lookup = {a: p for p in PARAMETERS.values() for a in (p.path, *p.aliases)}
    for spec in expand(specs, scenario):
        name, _, bounds = (s.strip() for s in spec.partition("="))
        param = lookup.get(name)
        if param is None:
            close = difflib.get_close_matches(name, list(lookup), n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}? " if close else ""
            problems.append(
                Problem(
                    "--fit",
                    name,
                    f"cannot fit {name!r}; {hint}parameters that can be fitted: "
                    + ", ".join(PARAMETERS),
                )
            )
            continue
        if any(f.path == param.path for f in out):
            problems.append(Problem("--fit", name, f"{param.path} is named twice"))
            continue
        try:
            out.append(_with_range(param, bounds, scenario))
        except ValueError as exc:
            problems.append(Problem("--fit", spec, str(exc)))
    if not out and not problems:
        problems.append(Problem("--fit", "", "name at least one parameter to fit"))
    problems += _share_problems(out, scenario)
    if problems:
        raise InputError("cannot fit those parameters", problems)
    return out


#: The name that stands for the class cut-offs of the percentile method.
CLASS_CUTOFFS = "classes.percentile"


def expand(specs: Sequence[str], scenario: Scenario) -> list[str]:
    """Replace ``classes.percentile`` by the shares of the classes that decide selection.

    Those are the classes that make candidates or are vacated (``candidates.classes``,
    ``treatments.vacate_when.classes``; C and D by default), worst first: the shares of
    the other classes change no selection, and are rescaled so that all add up to 1.
    """
    out = []
    for spec in specs:
        name, sep, bounds = spec.partition("=")
        if name.strip() != CLASS_CUTOFFS:
            out.append(spec)
            continue
        used = {*scenario.candidates.classes, *scenario.treatments.vacate_when.classes}
        out += [f"evaluation.classes.shares.{c}{sep}{bounds}" for c in "DCBA" if c in used]
    return out


def _share_problems(fitted: list[Fitted], scenario: Scenario) -> list[Problem]:
    shares = [f for f in fitted if f.parameter.structural]
    if not shares:
        return []
    if scenario.evaluation.classes.method != "percentile":
        return [
            Problem(
                "--fit",
                shares[0].path,
                "class shares can be fitted only with evaluation.classes.method: percentile",
            )
        ]
    if len(shares) == 4 or sum(f.high for f in shares) >= 1:
        return [
            Problem(
                "--fit",
                ", ".join(f.path for f in shares),
                "the fitted class shares must leave room for the others: fit at most three, "
                "with ranges whose highs add up to less than 1",
            )
        ]
    return []


def _with_range(param: FitParameter, bounds: str, scenario: Scenario) -> Fitted:
    value = current_value(param, scenario)
    low, high = param.low, param.high
    if param.field == "quota":
        low, high = 0.5 * _scalar(value), 1.5 * _scalar(value)
    if is_distribution(value):  # the scenario's range, and the default one
        support = value.ppf(np.array([0.001, 0.999]))
        low, high = min(low, float(support[0])), max(high, float(support[1]))
    if bounds:
        try:
            low, high = (float(v) for v in bounds.split(":"))
        except ValueError:
            raise ValueError("give the range as low:high, e.g. 0:0.4") from None
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise ValueError(f"the range {low:g}:{high:g} is empty; give low:high with low < high")
    if param.integer and np.floor(high) - np.ceil(low) < 1:
        raise ValueError(f"{param.path} is in whole years: give a range of at least two")
    if low < 0 or (param.path.startswith(("selection.", "evaluation.")) and high > 1):
        raise ValueError(f"{low:g}:{high:g} leaves the parameter's bounds (a share is 0–1)")
    return Fitted(param, low, high, _scalar(value))


def current_value(param: FitParameter, scenario: Scenario) -> Any:
    """Return the scenario's own value of *param*: a number, distribution or yearly value."""
    node: Any = scenario
    for part in param.path.split("."):
        node = node.get(part) if isinstance(node, dict) else getattr(node, part)
    return node


def _scalar(value: Any) -> float:
    """Return a representative number: the central value, or a yearly value's first."""
    if value is None:
        return float("nan")
    if isinstance(value, Yearly):
        value = value.steps[0][1]
    return float(central(value)) if is_distribution(value) else float(value)


def set_values(model: Model, fitted: Sequence[Fitted], values: np.ndarray) -> Model:
    """Set every draw's values of the per-draw parameters (``values``: draws × fitted).

    Structural parameters are skipped (see :func:`structural_scenario`).
    """
    p = model.params
    changes: dict[str, np.ndarray] = {}
    n_prog = model.rules.programme_years
    for j, f in enumerate(fitted):
        name = f.parameter.field
        if name is None:
            continue
        v = values[:, j]
        array = changes.get(name, getattr(p, name)).copy()
        if name == "quota":
            array[:, f.parameter.index, :n_prog] = v[:, None]
        elif name == "construction":
            targets = [k for k, u in enumerate(model.uses) if u.kind == "industry"]
            array[:, targets] = np.rint(v)[:, None]
        elif f.parameter.index is not None:
            array[:, f.parameter.index] = v
        elif array.ndim == 2:  # yearly thresholds: every year
            array[:, :n_prog] = v[:, None]
        else:
            array[:] = np.rint(v) if f.parameter.integer else v
        changes[name] = array
    return model.with_params(dataclasses.replace(p, **changes))


def structural_scenario(scenario: Scenario, fitted: Sequence[Fitted], values: Any) -> Scenario:
    """Return the scenario with the structural parameters (class shares) at *values*.

    The shares not fitted are rescaled so that the four still add up to 1.
    """
    shares = dict(scenario.evaluation.classes.shares)
    fixed = {}
    for f, v in zip(fitted, values, strict=True):
        if f.parameter.structural:
            fixed[f.path.rsplit(".", 1)[1]] = float(v)
    if not fixed:
        return scenario
    rest = [c for c in shares if c not in fixed]
    left = 1.0 - sum(fixed.values())
    scale = left / sum(shares[c] for c in rest) if rest else 0.0
    new = {c: fixed.get(c, shares[c] * scale) for c in shares}
    ev = scenario.evaluation
    classes = ev.classes.model_copy(update={"shares": new, "method": "percentile"})
    return scenario.model_copy(update={"evaluation": ev.model_copy(update={"classes": classes})})

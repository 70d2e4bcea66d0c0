"""Write a calibration's estimates as a scenario variant.

The variant ``extends`` the scenario, sets each fitted value, and marks each with the
history file and the date it was calibrated on.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from landsim.analysis.calibrate import Fit
from landsim.analysis.fit_params import Fitted, current_value
from landsim.scenario import Scenario
from landsim.scenario.distributions import is_distribution


def variant_yaml(
    fit: Fit, scenario: Scenario, base: Path, target: Path, history: str, date: str
) -> str:
    """Return the text of a variant of *base* (the scenario file) with *fit*'s estimates.

    Parameters
    ----------
    fit
        The calibration.
    scenario
        The scenario fitted (for the class shares not fitted).
    base
        The scenario file the variant extends.
    target
        Where the variant will be written (``extends`` is relative to it).
    history
        The history file's name, for the marks.
    date
        The day of the calibration, ``YYYY-MM-DD``.
    """
    table = fit.parameters.set_index("parameter")
    mark = f"calibrated on {history}, {date}"
    tree: dict[str, Any] = {}
    kept = []
    for f in fit.fitted:
        row = table.loc[f.path]
        if not row["informed"]:
            kept.append(f.path)
            continue
        had = _as_the_scenario_has_it(f, scenario)
        low, high = _fmt(f, row["low"]), _fmt(f, row["high"])
        interval = f"{fit.level:.0%} interval {span(low, high)}; the scenario had {had}"
        value = row["fitted"]
        if "sets no" in row["note"] and row["low"] <= f.current <= row["high"]:
            value = f.current  # half-bounded: the scenario's value agrees with the history
            note = f"{mark}: kept, inside the {interval}; {row['note']}"
        else:
            note = f"{mark}: {_fmt(f, value)} ({interval})"
        _put(tree, f.path.split("."), _value(f, value), note)
    _shares(tree, scenario, mark)
    rel = Path(os.path.relpath(base.resolve(), target.resolve().parent)).as_posix()
    years = fit.skill["years"].iloc[0]
    head = [
        f"# {scenario.name}, {mark} by `landsim calibrate`.",
        f"# Simulated likelihood of the treatments of {years}, {fit.draws} draws per value "
        f"tried; {fit.level:.0%} intervals",
        f"# from {fit.bootstrap_draws} simulated histories; check p = {fit.p_value:.2f} "
        "(see docs/backtest.md).",
    ]
    head += [f"# {p}: not informed by the history; the scenario's value is kept." for p in kept]
    return "\n".join([*head, f"extends: {rel}", *_render(tree, 0)]) + "\n"


def span(low: str, high: str) -> str:
    """Write an interval as ``low–high``, or once when both ends read the same."""
    return low if low == high else f"{low}–{high}"


def _as_written(f: Fitted, value: float) -> str:
    """Format the scenario's own *value* as it has it: a central 1.5 years is not "2"."""
    return _fmt(f, value) if float(value).is_integer() else f"{value:g}"


def _as_the_scenario_has_it(f: Fitted, scenario: Scenario) -> str:
    """Say what the scenario has: a number, or a distribution and its central value.

    A distribution is replaced by one value in the variant, so the note says so: "the
    scenario had 0.1" hid that it had uniform 0–0.2, and runs of the variant no longer
    vary the parameter.
    """
    value = current_value(f.parameter, scenario)
    if not is_distribution(value):
        return _as_written(f, f.current)
    spec = value.dump()
    kind = spec.pop("dist", "a distribution")
    shape = ", ".join(f"{k} {v:g}" if isinstance(v, float) else f"{k} {v}" for k, v in spec.items())
    return (
        f"{kind} ({shape}), central {_as_written(f, f.current)}; the variant fixes one value, "
        "so its draws no longer vary it"
    )


def _fmt(f: Fitted, value: float) -> str:
    v = _value(f, value)
    return f"{v:,}" if isinstance(v, int) else f"{v:g}"


def _value(f: Fitted, value: float) -> int | float:
    if f.parameter.integer:
        return round(value)
    if f.parameter.field == "quota":
        return round(value)
    return float(f"{value:.3g}") if abs(value) >= 1e-3 else round(value, 6)


def _put(tree: dict[str, Any], keys: list[str], value: Any, note: str) -> None:
    for key in keys[:-1]:
        tree = tree.setdefault(key, {})
    tree[keys[-1]] = (value, note)


def _shares(tree: dict[str, Any], scenario: Scenario, mark: str) -> None:
    """Write fitted class shares as one ``shares`` mapping, the others rescaled to add to 1."""
    classes = tree.get("evaluation", {}).get("classes", {}).get("shares")
    if not classes:
        return
    fixed = {c: v for c, (v, _) in classes.items()}
    shares = dict(scenario.evaluation.classes.shares)
    rest = [c for c in shares if c not in fixed]
    scale = (1.0 - sum(fixed.values())) / sum(shares[c] for c in rest) if rest else 0.0
    new = {c: round(fixed.get(c, shares[c] * scale), 4) for c in shares}
    # one clause a class: "D 0.0818 (…); C kept, inside …" (all were joined after "D, C")
    notes = "; ".join(f"{c} {note.split(': ', 1)[1]}" for c, (_, note) in classes.items())
    moved = [c for c in rest if abs(new[c] - shares[c]) > 1e-9]  # unchanged: not "rescaled"
    rescaled = f"; {', '.join(moved)} rescaled to add up to 1" if moved else ""
    tree["evaluation"]["classes"] = {
        "method": ("percentile", None),
        "shares": (new, f"{mark}: {notes}{rescaled}"),
    }


def _render(tree: dict[str, Any], depth: int) -> list[str]:
    lines = []
    pad = "  " * depth
    for key, node in tree.items():
        if isinstance(node, dict):
            lines.append(f"{pad}{key}:")
            lines += _render(node, depth + 1)
            continue
        value, note = node
        if note:
            lines.append(f"{pad}# {note}")
        lines.append(f"{pad}{key}: {_yaml(value)}")
    return lines


def _yaml(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_yaml(v)}" for k, v in value.items()) + "}"
    return str(value)

"""What a valid scenario may still get wrong: said by ``landsim validate`` and ``init``.

Each function returns printable lines (none when all is well): parcels left out of the
programme because their land is not industrial, firms left without a 亩均 score and why,
headers of the file that name columns the scenario does not map, and inherited yearly
values that the horizon never reaches.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from landsim.evaluation.candidates import industrial_land
from landsim.evaluation.indicators import INDICATORS, figures_matrix, values
from landsim.evaluation.score import evaluate
from landsim.inventory.prepare import Prepared
from landsim.inventory.recognize import suggestions
from landsim.scenario import scenario_source
from landsim.scenario.columns import BY_NAME
from landsim.scenario.consistency import unused_years
from landsim.scenario.yaml_source import dotted

GROUPS = {"above": ("规上", "above-size"), "below": ("规下", "below-size")}


def advice(prepared: Prepared) -> list[str]:
    """All warnings and suggestions for *prepared*, as printable lines."""
    return [*not_industrial(prepared), *unrated(prepared), *unmapped(prepared), *unused(prepared)]


#: Land uses named one by one in the note on land left out; the others are counted.
SHOWN_LAND_USES = 6


def not_industrial(prepared: Prepared) -> list[str]:
    """Say how many parcels and mu are left out as not industrial land, and by land use."""
    parcels = prepared.inventory.parcels
    out = ~industrial_land(parcels, prepared.scenario.inventory.industrial_land_uses)
    if not out.any():
        return []
    uses = pd.Series(parcels["land_use"].to_numpy()[out]).astype(str).value_counts()
    uses = uses.sort_index().sort_values(ascending=False, kind="stable")  # ties: by name
    shown = ", ".join(f"{use} {count:,}" for use, count in uses.iloc[:SHOWN_LAND_USES].items())
    if len(uses) > SHOWN_LAND_USES:
        rest = int(uses.iloc[SHOWN_LAND_USES:].sum())
        shown += f", {len(uses) - SHOWN_LAND_USES} other land uses {rest:,}"
    n, mu = int(out.sum()), float(parcels["area_mu"].to_numpy(float)[out].sum())
    every = n == len(parcels)
    lead = f"Warning: all {n:,} parcels" if every else f"Note: {n:,} parcels"
    lines = [
        f"\n{lead} ({mu:,.1f} mu) are not industrial land ({shown}) and are left out of "
        "the programme: never selected, not scored in the 亩均 evaluation."
    ]
    lines.append(
        "  List their land use under inventory.industrial_land_uses to include them"
        + (" (no parcel is in the programme now)." if every else ".")
    )
    return lines


def unrated(prepared: Prepared) -> list[str]:
    """Say how many operating firms get no 亩均 score, why, and what to map or set."""
    scn, inv = prepared.scenario, prepared.inventory
    parcels = inv.parcels
    industrial = industrial_land(parcels, scn.inventory.industrial_land_uses)
    scores = evaluate(parcels, scn.evaluation, industrial=industrial)
    lines = []
    for group, (zh, en) in GROUPS.items():
        members = scores.group == group
        missing = members & np.isnan(scores.score)
        if not missing.any():
            continue
        formula = getattr(scn.evaluation, f"{group}_size")
        known = float(np.median(scores.known_weight[missing]))
        lines.append(
            f"\nWarning: {int(missing.sum()):,} of {int(members.sum()):,} operating {zh} "
            f"({en}) firms have no 亩均 score, so no class (A–D) and no class-based "
            f"selection: {_why(scn.evaluation, known)}"
        )
        lines.append(f"  To rate them: {_fix(prepared, formula.weights, missing, known)}")
    return lines


def _why(evaluation, known: float) -> str:
    if evaluation.missing == "unrated":
        return "evaluation.missing is `unrated` and each lacks an indicator."
    return (
        f"the indicators they have carry {known:.0%} of the weight (median), below "
        f"evaluation.min_known_weight ({evaluation.min_known_weight:g})."
    )


def _fix(prepared: Prepared, weights: dict[str, float], missing: np.ndarray, known: float) -> str:
    inv = prepared.inventory
    total = sum(weights.values())
    absent: dict[str, float] = {}
    empty: dict[str, float] = {}
    figures = figures_matrix(inv.parcels)
    for name, w in weights.items():
        if not np.isnan(values(figures, name)[missing]).any():
            continue
        for column in INDICATORS[name][:2]:
            if column not in inv.headers:
                absent[column] = absent.get(column, 0.0) + w / total
            elif inv.parcels[column].isna().to_numpy()[missing].any():
                empty[column] = empty.get(column, 0.0) + w / total
    parts = []
    if absent:
        cols = sorted(absent, key=lambda c: -absent[c])
        shown = ", ".join(f"{c} ({BY_NAME[c].zh[0]})" if BY_NAME[c].zh else c for c in cols)
        parts.append(f"map {shown} in inventory.columns (the scenario maps none of them)")
    if empty:
        parts.append(f"fill the empty cells of {', '.join(sorted(empty))}")
    parts.append(
        ("or " if parts else "") + f"set evaluation.min_known_weight: {max(known - 0.005, 0):.2f} "
        "(or evaluation.missing: zero) to score them on what they have"
    )
    return "; ".join(parts)


def unmapped(prepared: Prepared) -> list[str]:
    """Headers of the file that name a column the scenario does not map."""
    inv = prepared.inventory
    found = suggestions(inv.file_headers, inv.headers)
    return [
        f"\nDid you mean to map {m.header} → {m.column}? "
        f"(add inventory.columns.{m.column}: {m.header}; now: {_default(m.column)})"
        for m in found
    ]


def _default(column: str) -> str:
    default = BY_NAME[column].default
    if default is None or default != default:  # None or NaN
        return "missing for every parcel"
    return f"{default!r} for every parcel"


def unused(prepared: Prepared) -> list[str]:
    """Inherited yearly values the horizon never reaches (own ones are refused on load)."""
    scn = prepared.scenario
    source = scenario_source(scn)
    lines = []
    h = scn.horizon
    for path, _ in unused_years(scn):
        origin = source.origins.get(path) if source is not None else None
        where = f" (set in {origin.file.name}:{origin.line})" if origin is not None else ""
        lines.append(
            f"\nNote: {dotted(path)}{where}: the value for {path[-1]} never applies in the "
            f"horizon {h.start}–{h.end}."
        )
    return lines

"""Load everything a scenario needs before anything is simulated.

:func:`prepare` is the one place that goes from a validated scenario to its data: the
inventory (checked) and the adjacency graph. ``landsim validate`` stops here;
``landsim run`` continues into evaluation, selection and the pipeline.

When a problem comes from a setting the scenario inherited through ``extends`` (the
default's neighbour table, its encoding, a column mapping), the error also names the
file and line where that setting was written, so the user knows what to override.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from scipy import sparse

from landsim.errors import InputError, Problem
from landsim.inventory import Inventory, load_inventory
from landsim.inventory.adjacency import build_adjacency, resolved_method
from landsim.inventory.bridges import build_bridges
from landsim.inventory.findings import CountedError
from landsim.inventory.platform_layer import PlatformLayer, load_platform_layer
from landsim.memory import give_back
from landsim.scenario import Scenario, load_scenario, scenario_source
from landsim.scenario.yaml_source import Origin, PathKey, dotted

#: A scenario key named in a problem: ``inventory.columns.area_mu``, ``inventory.encoding``.
_KEY = re.compile(r"inventory(?:\.[a-z_]+)+")


@dataclass(frozen=True)
class Prepared:
    """A scenario with its validated inventory and adjacency graph.

    ``bridges`` links parcels separated by a road or gap (for major projects that may
    bridge them), or is None. ``boundaries`` holds the platform boundary layer of
    ``inventory.boundaries``, in the inventory's CRS, or is None. ``adjacency_method``
    is the rule the graph was built with (``polygons``, ``points``, ``table`` or
    ``none``: ``auto`` resolved), or ``unknown``.
    """

    scenario: Scenario
    inventory: Inventory
    adjacency: sparse.csr_array
    bridges: sparse.csr_array | None = None
    boundaries: PlatformLayer | None = None
    adjacency_method: str = "unknown"


def prepare(scenario: Scenario | str | Path) -> Prepared:
    """Load the inventory and build the adjacency graph of *scenario*.

    Parameters
    ----------
    scenario
        A scenario, or the path of a scenario file.

    Raises
    ------
    InputError
        With every problem in the scenario or its inventory; a setting inherited from a
        base scenario that the problems involve is named with its file and line.
    """
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    try:
        inventory = load_inventory(scenario.inventory, scenario.platforms)
    except InputError as exc:
        raise _with_inherited(exc, scenario, _keys_named(exc)) from None
    _check_restrictions(scenario, inventory)
    try:
        adjacency = build_adjacency(inventory, scenario.inventory.adjacency)
    except InputError as exc:
        raise _with_inherited(exc, scenario, [("inventory", "adjacency", "method")]) from None
    try:
        bridges = build_bridges(inventory, scenario.inventory.adjacency, adjacency)
    except InputError as exc:
        raise _with_inherited(exc, scenario, [("inventory", "adjacency", "bridges_path")]) from None
    layer = scenario.inventory.boundaries
    boundaries = (
        None if layer is None else load_platform_layer(layer, scenario.platforms, inventory.crs)
    )
    give_back()  # what reading the neighbour table freed
    method = resolved_method(inventory, scenario.inventory.adjacency)
    return Prepared(scenario, inventory, adjacency, bridges, boundaries, method)


def _check_restrictions(scenario: Scenario, inventory: Inventory) -> None:
    """Refuse restricted parcel ids and towns the inventory does not have.

    A mistyped id protected nothing: the parcel the district meant to keep could be
    vacated, without a word.
    """
    source = scenario_source(scenario)
    problems = []
    spec = scenario.restrictions
    for key, listed, column in (
        ("parcel_ids", spec.parcel_ids, "parcel_id"),
        ("towns", spec.towns, "town"),
    ):
        if not listed:
            continue
        known = set(inventory.parcels[column].dropna().astype(str))
        for k, value in enumerate(listed):
            if value in known:
                continue
            path = ("restrictions", key, k)
            origin = source.origins.get(path) if source is not None else None
            close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}? " if close else ""
            problems.append(
                Problem(
                    str(origin) if origin is not None else "",
                    dotted(path),
                    f"no parcel has {column.replace('_', ' ')} {value!r} in "
                    f"{inventory.source.name}; {hint}a restriction that matches nothing "
                    "protects nothing: correct it or remove it",
                )
            )
    if problems:
        raise InputError("restrictions name parcels the inventory does not have", problems)


def _keys_named(exc: InputError) -> list[PathKey]:
    """Scenario keys the problems name (as the field, or in the message)."""
    found: dict[str, None] = {}
    for p in exc.problems:
        for text in (p.field, p.message):
            found.update(dict.fromkeys(_KEY.findall(text)))
    return [tuple(k.split(".")) for k in found]


def _inherited(scenario: Scenario, key: PathKey) -> Origin | None:
    """Return the origin of *key* if a base scenario, not the scenario's own file, wrote it."""
    source = scenario_source(scenario)
    if source is None:
        return None
    origin = source.origins.get(key)
    if origin is None or origin.line == 0:  # not in a file: an override
        return None
    return origin if origin.file != source.files[0] else None


def _with_inherited(exc: InputError, scenario: Scenario, keys: list[PathKey]) -> InputError:
    """Add, for each inherited key among *keys*, where it was set and how to override it."""
    source = scenario_source(scenario)
    notes = []
    for key in keys:
        origin = _inherited(scenario, key)
        if origin is None or source is None:
            continue
        own = source.files[0].name
        message = _note(key, origin.file.name, own, scenario)
        notes.append(
            Problem(str(origin), dotted(key[:2] if key[1] == "adjacency" else key), message)
        )
    if not notes:
        return exc
    if isinstance(exc, CountedError):
        return exc.preceded_by(notes)
    return InputError(exc.summary, [*notes, *exc.problems])


def _note(key: PathKey, base: str, own: str, scenario: Scenario) -> str:
    if key[:2] == ("inventory", "adjacency"):
        adj = scenario.inventory.adjacency
        return (
            f"{own} inherits inventory.adjacency (method: {adj.method}"
            + (f", path: {Path(adj.path).name}" if adj.path else "")
            + f") from {base}, where it describes another inventory; set inventory.adjacency "
            f"in {own}: method: points (x/y), polygons, none, or table with your own pairs"
        )
    return (
        f"{own} inherits this setting from {base}; if it does not fit, set {dotted(key)} in {own}"
    )

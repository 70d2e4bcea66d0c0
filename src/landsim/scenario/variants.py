"""Scenario variants: ``extends: base.yaml`` with deep merging.

Rules, applied in this order:

1. A file's ``extends`` names one base file, or a list of them, relative to the file;
   ``landsim:NAME`` names a programme bundled with landsim (:mod:`.bundled`).
   Bases are resolved recursively; a base listed later overrides an earlier one.
2. The file's own keys are merged on top: mappings merge deeply; lists and scalars
   replace the base's value. A *value* written as a mapping replaces the base's value as
   a whole, never key by key: a distribution or anything else with a kind key
   (:data:`KIND_KEYS`, e.g. ``{dist: uniform, ...}`` over ``{dist: lognormal, ...}``, or
   ``adjacency: {method: points}`` over a ``method: table`` with its ``path``), and a
   yearly mapping (``{2024: 2, 2026: 3}``: every key a year).
3. Relative file paths (see :data:`RELATIVE_PATH_KEYS`) are resolved against the file
   that wrote them, before merging.
4. A cycle (a file extending itself, directly or not) is an error.
"""

from __future__ import annotations

import copy
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from landsim.errors import InputError, Problem
from landsim.scenario import bundled
from landsim.scenario.yaml_source import Origin, PathKey, dotted, load_yaml

#: Scenario keys that hold file paths; relative values are resolved per file.
RELATIVE_PATH_KEYS: tuple[PathKey, ...] = (
    ("inventory", "path"),
    ("inventory", "adjacency", "path"),
    ("inventory", "adjacency", "bridges_path"),
    ("inventory", "boundaries", "path"),
    ("plots", "font_path"),
    ("history", "path"),
)

#: Keys that say what kind of thing a mapping is; such a mapping replaces as a whole.
KIND_KEYS = ("dist", "method")


@dataclass
class Resolved:
    """A scenario document after ``extends`` is applied.

    Attributes
    ----------
    data
        The merged document.
    origins
        Where each key was last written (file, line, column).
    files
        Every file read, the scenario itself first.
    overrides
        For each base file, the dotted paths the extending files changed.
    """

    data: dict[Hashable, Any]
    origins: dict[PathKey, Origin]
    files: list[Path] = field(default_factory=list)
    overrides: list[str] = field(default_factory=list)


def resolve(file: Path | str) -> Resolved:
    """Read *file* and everything it extends, merged.

    Parameters
    ----------
    file
        The scenario YAML.

    Raises
    ------
    InputError
        On unreadable or invalid YAML anywhere in the chain, or a cycle.
    """
    resolved = _resolve(Path(file).resolve(), (), {})
    resolved.files = list(dict.fromkeys(resolved.files))  # a base reached twice, once
    return resolved


def _resolve(file: Path, chain: tuple[Path, ...], memo: dict[Path, Resolved]) -> Resolved:
    """Resolve *file*; *memo* holds the files already resolved in this load.

    A base two files extend is read once: bases extending pairs of bases, 14 levels deep,
    were read 2¹⁴ times and the load never ended.
    """
    if file in chain:
        loop = " → ".join(p.name for p in (*chain, file))
        raise InputError(
            "the scenario's extends chain loops",
            [Problem(str(chain[-1]), "extends", f"cycle {loop}; remove one of the extends")],
        )
    if file in memo:  # a copy: each use merges it on its own (2 ms; not on every load)
        return copy.deepcopy(memo[file])
    memo[file] = _resolve_once(file, chain, memo)
    return memo[file]


def _resolve_once(file: Path, chain: tuple[Path, ...], memo: dict[Path, Resolved]) -> Resolved:
    data, origins = load_yaml(file)
    if data is None:
        raise InputError(f"{file}: the scenario file is empty", [])
    if not isinstance(data, dict):
        raise InputError(
            "a scenario must be a mapping of keys",
            [Problem(f"{file}:1:1", "", "the top level must be `key: value` lines")],
        )
    _absolutize(data, file.parent)
    bases = data.pop("extends", None)
    if bases is None:
        return Resolved(data, origins, [file])
    names = [bases] if isinstance(bases, str) else bases
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        where = str(origins.get(("extends",), Origin(file, 1, 1)))
        raise InputError(
            "bad extends", [Problem(where, "extends", "give a file name or a list of them")]
        )
    if len(set(names)) < len(names):
        where = str(origins.get(("extends",), Origin(file, 1, 1)))
        twice = next(n for n in names if names.count(n) > 1)
        raise InputError(
            "bad extends", [Problem(where, "extends", f"{twice} is listed twice; list it once")]
        )
    merged = Resolved({}, {}, [file])
    for name in names:
        base_path = _base_path(name, file, origins)
        base = _resolve(base_path, (*chain, file), memo)
        merged.data = deep_merge(merged.data, base.data)
        merged.origins.update(base.origins)
        # once each: in a lattice of bases, the lists doubled with every level
        merged.files = list(dict.fromkeys([*merged.files, *base.files]))
        merged.overrides = list(dict.fromkeys([*merged.overrides, *base.overrides]))
    changed = sorted(set(_leaf_paths(data)) & set(_leaf_paths(merged.data)))
    merged.overrides.extend(f"{file.name}: {p}" for p in changed)
    merged.data = deep_merge(merged.data, data)
    merged.origins.update(origins)
    # values replaced as a whole leave no positions of the base's keys behind
    merged.origins = {k: v for k, v in merged.origins.items() if _holds(merged.data, k)}
    return merged


def _base_path(name: str, file: Path, origins: dict[PathKey, Origin]) -> Path:
    """Find the base *name* of *file*: a bundled programme, or a file next to *file*."""
    found = bundled.path_of(name) if bundled.is_bundled(name) else (file.parent / name)
    if found is not None and found.exists():
        return found.resolve()
    where = str(origins.get(("extends",), Origin(file, 1, 1)))
    message = bundled.unknown(name) if found is None else f"no file {name} next to {file.name}"
    raise InputError("a base scenario is missing", [Problem(where, "extends", message)])


def deep_merge(base: Mapping[Hashable, Any], top: Mapping[Hashable, Any]) -> dict[Hashable, Any]:
    """Merge *top* over *base*: sections merge deeply, values replace.

    A mapping that is a value (see :func:`is_value`) replaces as a whole.

    Examples
    --------
    >>> deep_merge({"a": {"x": 1, "y": 2}, "l": [1]}, {"a": {"y": 3}, "l": [2]})
    {'a': {'x': 1, 'y': 3}, 'l': [2]}
    >>> deep_merge({"p": {"dist": "lognormal", "median": 35, "sigma": 0.3}},
    ...            {"p": {"dist": "uniform", "low": 20, "high": 50}})
    {'p': {'dist': 'uniform', 'low': 20, 'high': 50}}
    >>> deep_merge({"t": {2024: 2, 2026: 3}}, {"t": {2024: 4}})
    {'t': {2024: 4}}
    """
    out = dict(base)
    for key, value in top.items():
        below = out.get(key)
        if _is_section(value) and _is_section(below):
            out[key] = deep_merge(below, value)
        else:
            out[key] = value
    return out


def apply_overrides(
    data: Mapping[Hashable, Any], overrides: Mapping[Hashable, Any]
) -> tuple[dict[Hashable, Any], list[PathKey]]:
    """Set the leaves *overrides* names in *data*; return the result and the leaves' paths.

    Unlike :func:`deep_merge`, a key given on the command line (``--set``, ``--vary``)
    changes that key only, inside a value too: ``evaluation.classes.shares.D=0.05`` keeps
    the classes' method and the other shares (merged as a file, the whole ``classes``
    mapping was replaced). A value given whole (a distribution, a yearly mapping) still
    replaces the one below it.

    Examples
    --------
    >>> base = {"c": {"method": "percentile", "shares": {"C": 0.25, "D": 0.05}}}
    >>> apply_overrides(base, {"c": {"shares": {"D": 0.1}}})[0]
    {'c': {'method': 'percentile', 'shares': {'C': 0.25, 'D': 0.1}}}
    """
    out = dict(data)
    leaves: list[PathKey] = []
    for key, value in overrides.items():
        below = out.get(key)
        if (
            isinstance(value, Mapping)
            and value
            and not is_value(value)
            and isinstance(below, Mapping)
        ):
            out[key], inner = apply_overrides(below, value)
            leaves += [(key, *path) for path in inner]
        else:
            out[key] = value
            leaves.append((key,))
    return out, leaves


def is_value(data: Any) -> bool:
    """Tell whether a mapping is one value rather than a section of keys.

    Values are mappings with a kind key (:data:`KIND_KEYS`) and yearly mappings, whose
    keys are all years.
    """
    if not isinstance(data, Mapping) or not data:
        return False
    if any(k in data for k in KIND_KEYS):
        return True
    return all(isinstance(k, int) and not isinstance(k, bool) for k in data)


def _is_section(data: Any) -> bool:
    return isinstance(data, Mapping) and not is_value(data)


def _holds(data: Any, path: PathKey) -> bool:
    """Whether *path* leads to something in *data*."""
    for part in path:
        in_map = isinstance(data, Mapping) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if not (in_map or in_list):
            return False
        data = data[part]
    return True


def _leaf_paths(data: Any, prefix: PathKey = ()) -> list[str]:
    if _is_section(data) and data:
        return [p for k, v in data.items() for p in _leaf_paths(v, (*prefix, k))]
    return [dotted(prefix)]


def _absolutize(data: dict[Hashable, Any], folder: Path) -> None:
    for path in RELATIVE_PATH_KEYS:
        parent: Any = data
        for key in path[:-1]:
            parent = parent.get(key) if isinstance(parent, dict) else None
        if isinstance(parent, dict) and isinstance(parent.get(path[-1]), str):
            value = Path(parent[path[-1]]).expanduser()
            parent[path[-1]] = str(value if value.is_absolute() else (folder / value).resolve())

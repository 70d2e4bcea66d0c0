"""Scenario variants: ``extends: base.yaml`` with deep merging.

Rules, applied in this order:

1. A file's ``extends`` names one base file, or a list of them, relative to the file.
   Bases are resolved recursively; a base listed later overrides an earlier one.
2. The file's own keys are merged on top: mappings merge deeply; lists and scalars
   replace the base's value.
3. Relative file paths (see :data:`RELATIVE_PATH_KEYS`) are resolved against the file
   that wrote them, before merging.
4. A cycle (a file extending itself, directly or not) is an error.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from landsim.errors import InputError, Problem
from landsim.scenario.yaml_source import Origin, PathKey, dotted, load_yaml

#: Scenario keys that hold file paths; relative values are resolved per file.
RELATIVE_PATH_KEYS: tuple[PathKey, ...] = (
    ("inventory", "path"),
    ("inventory", "adjacency", "path"),
    ("inventory", "boundaries", "path"),
    ("plots", "font_path"),
)


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
    return _resolve(Path(file).resolve(), ())


def _resolve(file: Path, chain: tuple[Path, ...]) -> Resolved:
    if file in chain:
        loop = " → ".join(p.name for p in (*chain, file))
        raise InputError(
            "the scenario's extends chain loops",
            [Problem(str(chain[-1]), "extends", f"cycle {loop}; remove one of the extends")],
        )
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
    merged = Resolved({}, {}, [file])
    for name in names:
        base_path = (file.parent / name).resolve()
        if not base_path.exists():
            where = str(origins.get(("extends",), Origin(file, 1, 1)))
            raise InputError(
                "a base scenario is missing",
                [Problem(where, "extends", f"no file {name} next to {file.name}")],
            )
        base = _resolve(base_path, (*chain, file))
        merged.data = deep_merge(merged.data, base.data)
        merged.origins.update(base.origins)
        merged.files.extend(base.files)
        merged.overrides.extend(base.overrides)
    changed = sorted(set(_leaf_paths(data)) & set(_leaf_paths(merged.data)))
    merged.overrides.extend(f"{file.name}: {p}" for p in changed)
    merged.data = deep_merge(merged.data, data)
    merged.origins.update(origins)
    return merged


def deep_merge(base: Mapping[Hashable, Any], top: Mapping[Hashable, Any]) -> dict[Hashable, Any]:
    """Merge *top* over *base*: mappings merge deeply, everything else replaces.

    Examples
    --------
    >>> deep_merge({"a": {"x": 1, "y": 2}, "l": [1]}, {"a": {"y": 3}, "l": [2]})
    {'a': {'x': 1, 'y': 3}, 'l': [2]}
    """
    out = dict(base)
    for key, value in top.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _leaf_paths(data: Any, prefix: PathKey = ()) -> list[str]:
    if isinstance(data, Mapping) and data:
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

"""Safe YAML loading that remembers where every key came from.

PyYAML's ``safe_load`` forgets positions and silently keeps the last of two duplicate
keys. Here the document is *composed* into nodes with a private subclass of
``yaml.SafeLoader`` (the shared loader is never modified), then built into plain Python
data while recording, for every dotted path, the file, line and column of its key.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from landsim.errors import InputError, Problem

PathKey = tuple[Hashable, ...]


@dataclass(frozen=True)
class Origin:
    """Where a value was written: file, 1-based line and column."""

    file: Path
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class _PositionedLoader(yaml.SafeLoader):
    """A private SafeLoader subclass, so the shared loader stays untouched."""


def _origin(path: Path, mark: yaml.Mark | None) -> Origin:
    if mark is None:
        return Origin(path, 1, 1)
    return Origin(path, mark.line + 1, mark.column + 1)


class _Builder:
    """Turn a composed node tree into data plus a map of origins."""

    def __init__(self, loader: _PositionedLoader, file: Path) -> None:
        self.loader = loader
        self.file = file
        self.origins: dict[PathKey, Origin] = {}
        self.problems: list[Problem] = []
        self._active: set[int] = set()

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        if id(node) in self._active:
            self._problem(node, path, "a YAML alias refers to itself; remove the recursion")
            return None
        self._active.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
            if isinstance(node, yaml.SequenceNode):
                return self._sequence(node, path)
            return self.loader.construct_object(node, deep=True)
        finally:
            self._active.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[Any, Any]:
        self.loader.flatten_mapping(node)  # resolves YAML merge keys (<<)
        out: dict[Any, Any] = {}
        first_seen: dict[Any, Origin] = {}
        for key_node, value_node in node.value:
            key = self.build(key_node, path)
            if not isinstance(key, Hashable) or isinstance(key, (list, dict)):
                self._problem(key_node, path, "a mapping key must be a plain value")
                continue
            here = _origin(self.file, key_node.start_mark)
            if key in first_seen:
                prev = first_seen[key]
                self._problem(
                    key_node,
                    (*path, key),
                    f"duplicate key (first given at line {prev.line}); keep one of them",
                )
                continue
            first_seen[key] = here
            self.origins[(*path, key)] = here
            out[key] = self.build(value_node, (*path, key))
        return out

    def _sequence(self, node: yaml.SequenceNode, path: PathKey) -> list[Any]:
        items = []
        for i, item in enumerate(node.value):
            self.origins[(*path, i)] = _origin(self.file, item.start_mark)
            items.append(self.build(item, (*path, i)))
        return items

    def _problem(self, node: yaml.Node, path: PathKey, message: str) -> None:
        where = str(_origin(self.file, node.start_mark))
        self.problems.append(Problem(where, dotted(path), message))


def dotted(path: PathKey) -> str:
    """Render a path tuple as ``a.b[0].c``."""
    out = ""
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def read_text(file: Path) -> str:
    """Read a UTF-8 text file (a BOM is tolerated) or raise a located :class:`InputError`."""
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{file}: file not found", []) from None
    except OSError as exc:
        raise InputError(f"{file}: cannot read the file ({exc.strerror})", []) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            "scenario files must be UTF-8",
            [Problem(f"{file}:{line}", "", "not valid UTF-8; save the file as UTF-8")],
        ) from None


def load_yaml(file: Path) -> tuple[Any, dict[PathKey, Origin]]:
    """Load one YAML file safely.

    Parameters
    ----------
    file
        The YAML file.

    Returns
    -------
    data, origins
        The document as plain Python data, and the origin of every key by path.

    Raises
    ------
    InputError
        On syntax errors, duplicate keys, or an unreadable file; every problem found.
    """
    text = read_text(file)
    loader = _PositionedLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        builder = _Builder(loader, file)
        data = builder.build(node, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        raise InputError(
            "the scenario file is not valid YAML",
            [Problem(str(_origin(file, mark)), "", f"{what}; check indentation and quoting")],
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks nearly everything
        raise InputError(
            "the scenario file is not valid YAML", [Problem(str(file), "", str(exc))]
        ) from None
    finally:
        loader.dispose()
    if builder.problems:
        n = len(builder.problems)
        raise InputError(f"{file}: {n} problem{'s' * (n != 1)} in the YAML", builder.problems)
    return data, builder.origins

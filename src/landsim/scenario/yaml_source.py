"""Safe YAML loading that remembers where every key came from.

PyYAML's ``safe_load`` forgets positions and silently keeps the last of two duplicate
keys. Here the document is *composed* into nodes with a private subclass of
``yaml.SafeLoader`` (the shared loader is never modified), then built into plain Python
data while recording, for every dotted path, the file, line and column of its key.

What is refused before building (size, encoding, control characters, depth, aliases,
tags) is :mod:`landsim.scenario.yaml_guard`'s; numbers that are not finite (``.nan``,
``.inf``) are refused here. Full-width characters a Chinese input method
types where YAML needs ASCII (a full-width space in the indentation, ``key：value``) are
named where they are (:mod:`landsim.scenario.fullwidth`), not through what they caused.
"""

from __future__ import annotations

import math
import re
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml

from landsim.errors import InputError, Problem
from landsim.scenario import fullwidth
from landsim.scenario.yaml_guard import (
    Origin,
    PositionedLoader,
    check_expansion,
    origin,
    position,
    read_text,
    unprintable,
)

__all__ = ["Origin", "PathKey", "dotted", "load_yaml"]

PathKey = tuple[Hashable, ...]


class _Builder:
    """Turn a composed node tree into data plus a map of origins."""

    def __init__(self, loader: PositionedLoader, file: Path, text: str) -> None:
        self.loader = loader
        self.file = file
        self.text = text
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
            value = self.loader.construct_object(node, deep=True)
            if isinstance(value, float) and not math.isfinite(value):
                self._problem(node, path, f"{node.value} is not a finite number; give a number")
            return value
        finally:
            self._active.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[Any, Any]:
        self.loader.flatten_mapping(node)  # resolves YAML merge keys (<<)
        out: dict[Any, Any] = {}
        first_seen: dict[Any, Origin] = {}
        if node.flow_style:
            self._split_numbers(node.value, path)
        for key_node, value_node in node.value:
            key = self.build(key_node, path)
            if not isinstance(key, Hashable) or isinstance(key, (list, dict)):
                self._problem(key_node, path, "a mapping key must be a plain value")
                continue
            if _plain_text(key_node, key) and (found := fullwidth.in_key(key)):
                self._fullwidth(key_node, key, found)
                continue
            here = origin(self.file, key_node.start_mark)
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
            out[key] = self._value(value_node, (*path, key), in_list=False)
        return out

    def _split_numbers(self, pairs: list[tuple[yaml.Node, yaml.Node]], path: PathKey) -> None:
        """Report a number with thousands separators inside ``{…}``.

        There a comma ends an entry: ``{vacate_mu: 2,500}`` is ``vacate_mu: 2`` and a key
        ``500`` without a value, which the schema refused as "Keys should be strings".
        """
        for i, (key_node, value_node) in enumerate(pairs):
            groups = []
            for more_key, more_value in pairs[i + 1 :]:
                if not _thousands_group(more_key, more_value):
                    break
                groups.append(more_key.value)
            if groups and _plain_match(value_node, r"[-+]?[0-9]{1,3}"):
                number = ",".join([value_node.value, *groups])
                digits, unit = fullwidth.split_unit(number)
                self._problem(
                    value_node,
                    (*path, key_node.value),
                    f"{number} is read as {len(groups) + 1} entries: inside {{…}} a comma "
                    f"separates them{f', and {fullwidth.UNIT_NOTE}' if unit else ''}; "
                    f"write {digits.replace(',', '')}",
                )

    def _sequence(self, node: yaml.SequenceNode, path: PathKey) -> list[Any]:
        items = []
        for i, item in enumerate(node.value):
            self.origins[(*path, i)] = origin(self.file, item.start_mark)
            items.append(self._value(item, (*path, i), in_list=bool(node.flow_style)))
        return items

    def _value(self, node: yaml.Node, path: PathKey, *, in_list: bool) -> Any:
        value = self.build(node, path)
        if _plain_text(node, value) and (found := fullwidth.in_text(value, in_list=in_list)):
            self._fullwidth(node, value, found)
        return value

    def _fullwidth(self, node: yaml.Node, text: str, found: tuple[int, str]) -> None:
        """Report a full-width character where the source text has it (its line and column)."""
        offset, message = found
        start, end = node.start_mark.index, node.end_mark.index
        index = self.text.find(text[offset], start, max(end, start + 1))
        line, column = position(self.text, index if index >= 0 else start)
        self.problems.append(Problem(str(Origin(self.file, line, column)), "", message))

    def _problem(self, node: yaml.Node, path: PathKey, message: str) -> None:
        where = str(origin(self.file, node.start_mark))
        self.problems.append(Problem(where, dotted(path), message))


def _plain_text(node: yaml.Node, value: Any) -> bool:
    """Tell whether *value* is text written without quotes (quotes mean it as written)."""
    return isinstance(value, str) and isinstance(node, yaml.ScalarNode) and node.style is None


def _plain_match(node: yaml.Node, pattern: str) -> bool:
    """Tell whether *node* is an unquoted scalar that matches *pattern* in full."""
    return (
        isinstance(node, yaml.ScalarNode)
        and node.style is None
        and re.fullmatch(pattern, node.value) is not None
    )


def _thousands_group(key: yaml.Node, value: yaml.Node) -> bool:
    """Tell whether a ``{…}`` entry is the ``500`` of ``2,500``: three digits, no value.

    The digits may end in a unit (the ``500亩`` of ``2,500亩``).
    """
    empty = isinstance(value, yaml.ScalarNode) and value.start_mark.index == value.end_mark.index
    return empty and _plain_match(key, rf"[0-9]{{3}}(\.[0-9]+)?(\s*{fullwidth.UNIT})?")


def dotted(path: PathKey) -> str:
    """Render a path tuple as ``a.b[0].c``."""
    out = ""
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


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
    try:
        loader = PositionedLoader(text, file)
    except yaml.reader.ReaderError as exc:  # the reader checks every character first
        raise unprintable(file, text, exc) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        if loader.tags:
            n = len(loader.tags)
            raise InputError(f"{file}: {n} YAML tag{'s' * (n != 1)} refused", loader.tags)
        check_expansion(node, file, loader.aliases)
        builder = _Builder(loader, file, text)
        data = builder.build(node, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        hint = "check indentation and quoting"
        if (near := _fullwidth_near(text, mark)) is not None:
            raise InputError(
                "the scenario file is not valid YAML",
                [Problem(str(Origin(file, near[0], near[1])), "", near[2])],
            ) from None
        if "another document" in what:
            what, hint = "a second document ('---')", "a scenario file holds one; remove it"
        elif "'\\t'" in what:
            what, hint = (
                "a tab",
                "YAML indents with spaces only (and wants spaces before a # comment); "
                "replace the tab with spaces",
            )
        raise InputError(
            "the scenario file is not valid YAML",
            [Problem(str(origin(file, mark)), "", f"{what}; {hint}")],
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


def _fullwidth_near(text: str, mark: yaml.Mark | None) -> tuple[int, int, str] | None:
    """Find a full-width character on the line of a syntax error or the two above it.

    A full-width colon or space breaks a line's structure, and YAML often notices only a
    line or two later (``could not find expected ':'``); the nearest one is named.
    """
    if mark is None:
        return None
    lines = text.split("\n")
    for i in range(min(mark.line, len(lines) - 1), max(mark.line - 3, -1), -1):
        if (found := fullwidth.in_line(lines[i])) is not None:
            return i + 1, found[0] + 1, found[1]
    return None

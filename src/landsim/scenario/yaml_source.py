"""Safe YAML loading that remembers where every key came from.

PyYAML's ``safe_load`` forgets positions and silently keeps the last of two duplicate
keys. Here the document is *composed* into nodes with a private subclass of
``yaml.SafeLoader`` (the shared loader is never modified), then built into plain Python
data while recording, for every dotted path, the file, line and column of its key.

A scenario is a small, plain document, so anything else is refused before it can cost
time or memory: files above :data:`MAX_BYTES`, nesting deeper than :data:`MAX_DEPTH`,
aliases that expand the document beyond :data:`MAX_VALUES` values ("billion laughs"),
every explicit tag (``!!python/object``, ``!!str``, ``!custom``) by name, and numbers
that are not finite (``.nan``, ``.inf``). Full-width characters a Chinese input method
types where YAML needs ASCII (a full-width space in the indentation, ``key：value``) are
named where they are (:mod:`landsim.scenario.fullwidth`), not through what they caused.
"""

from __future__ import annotations

import math
import re
import stat
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from landsim.errors import InputError, Problem
from landsim.scenario import fullwidth

PathKey = tuple[Hashable, ...]

#: Largest scenario file read (bytes). The default scenario is about 9 kB; 256 KiB leaves
#: room for thirty times more and refuses a wrong file before reading it (assumption).
MAX_BYTES = 256 << 10
#: Deepest nesting of mappings and lists; scenarios nest about six levels (assumption).
MAX_DEPTH = 50
#: Most values (keys, items, scalars) a document may hold, aliases expanded; the default
#: scenario has about 700 (assumption: thirty times that; a "billion laughs" document
#: exceeds it within microseconds, and PyYAML composes it in well under a second).
MAX_VALUES = 20_000


@dataclass(frozen=True)
class Origin:
    """Where a value was written: file, 1-based line and column."""

    file: Path
    line: int
    column: int

    def __str__(self) -> str:
        if self.line == 0:  # not from a file: an override (load_scenario's overrides)
            return str(self.file)
        return f"{self.file}:{self.line}:{self.column}"


class _PositionedLoader(yaml.SafeLoader):
    """A private SafeLoader subclass, so the shared loader stays untouched.

    While composing it records every explicit tag and every alias, and refuses nesting
    deeper than :data:`MAX_DEPTH`.
    """

    def __init__(self, stream: str, file: Path) -> None:
        super().__init__(stream)
        self.file = file
        self.tags: list[Problem] = []
        self.aliases: list[yaml.Mark] = []
        self.depth = 0
        self.count = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        """Compose one node, noting its tag or alias and checking the depth."""
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            self.aliases.append(event.start_mark)
        elif getattr(event, "tag", None) is not None:
            self.tags.append(_tag_problem(self.file, event.tag, event.start_mark))
        self.count += 1
        if self.count > MAX_VALUES:
            raise _too_large(self.file, event.start_mark, "it holds")
        if self.depth >= MAX_DEPTH:
            raise InputError(
                "the scenario file is nested too deeply",
                [
                    Problem(
                        str(_origin(self.file, event.start_mark)),
                        "",
                        f"more than {MAX_DEPTH} levels of nesting; a scenario needs a few",
                    )
                ],
            )
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _tag_problem(file: Path, tag: str, mark: yaml.Mark) -> Problem:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return Problem(
        str(_origin(file, mark)),
        "",
        f"YAML tag {shown} is not allowed; scenario files hold plain values only "
        "(remove the tag; quote a value to make it text)",
    )


def _origin(path: Path, mark: yaml.Mark | None) -> Origin:
    if mark is None:
        return Origin(path, 1, 1)
    return Origin(path, mark.line + 1, mark.column + 1)


class _Builder:
    """Turn a composed node tree into data plus a map of origins."""

    def __init__(self, loader: _PositionedLoader, file: Path, text: str) -> None:
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
            self.origins[(*path, i)] = _origin(self.file, item.start_mark)
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
        line, column = _position(self.text, index if index >= 0 else start)
        self.problems.append(Problem(str(Origin(self.file, line, column)), "", message))

    def _problem(self, node: yaml.Node, path: PathKey, message: str) -> None:
        where = str(_origin(self.file, node.start_mark))
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


def _position(text: str, index: int) -> tuple[int, int]:
    """Return the 1-based line and column of *index* in *text*."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


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
    """Read a UTF-8 text file (a BOM is tolerated) or raise a located :class:`InputError`.

    Only regular files of at most :data:`MAX_BYTES` are read, so a device, a pipe or a
    wrong, huge file is refused at once instead of hanging.
    """
    try:
        info = file.stat()
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{file}: not a file; give the path of a scenario .yaml file", [])
        if info.st_size > MAX_BYTES:
            raise InputError(
                f"{file}: the file has {info.st_size:,} bytes, more than any scenario "
                f"({MAX_BYTES:,} at most); check that it is a scenario file",
                [],
            )
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


def _unprintable(file: Path, text: str, exc: yaml.reader.ReaderError) -> InputError:
    """Say where a control character YAML refuses (NUL, BEL, ESC, …) is."""
    line, column = _position(text, int(exc.position))
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    return InputError(
        "the scenario file is not valid YAML",
        [
            Problem(
                f"{file}:{line}:{column}",
                "",
                f"a control character (U+{code:04X}) YAML does not allow; remove it (a copy "
                "from a terminal or a word processor may have brought it in)",
            )
        ],
    )


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
        loader = _PositionedLoader(text, file)
    except yaml.reader.ReaderError as exc:  # the reader checks every character first
        raise _unprintable(file, text, exc) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        if loader.tags:
            n = len(loader.tags)
            raise InputError(f"{file}: {n} YAML tag{'s' * (n != 1)} refused", loader.tags)
        _check_expansion(node, file, loader.aliases)
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
            [Problem(str(_origin(file, mark)), "", f"{what}; {hint}")],
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


def _check_expansion(root: yaml.Node, file: Path, aliases: list[yaml.Mark]) -> None:
    """Refuse a document whose aliases expand it beyond :data:`MAX_VALUES` values.

    Sizes are counted once per node (aliases share nodes), so the check takes time in
    proportion to the file, not to its expansion.
    """
    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            if sizes[key] < 0:  # an alias inside its own anchor; the builder reports it
                return 1
            return sizes[key]
        sizes[key] = -1
        total = 1
        for child in _children(node):
            total += size(child)
            if total > MAX_VALUES:
                break
        sizes[key] = min(total, MAX_VALUES + 1)
        return sizes[key]

    if size(root) <= MAX_VALUES:
        return
    raise _too_large(file, aliases[0] if aliases else root.start_mark, "its aliases expand it to")


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _too_large(file: Path, mark: yaml.Mark, what: str) -> InputError:
    return InputError(
        f"{file}: the document is too large",
        [
            Problem(
                str(_origin(file, mark)),
                "",
                f"{what} more than {MAX_VALUES:,} values; a scenario needs about a "
                "thousand (write the values out instead of expanding YAML aliases)",
            )
        ],
    )

"""What a scenario file must pass before it is built: limits, positions, a guarded loader.

A scenario is a small, plain document, so anything else is refused before it can cost
time or memory: files above :data:`MAX_BYTES` or not regular files, text that is not
UTF-8 or holds control characters, nesting deeper than :data:`MAX_DEPTH`, aliases that
expand the document beyond :data:`MAX_VALUES` values ("billion laughs"), and every
explicit tag (``!!python/object``, ``!!str``, ``!custom``) by name. Each refusal names
the file, line and column (:class:`Origin`). :mod:`landsim.scenario.yaml_source` builds
the document that passes.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from landsim.errors import InputError, Problem

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


class PositionedLoader(yaml.SafeLoader):
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
            raise too_large(self.file, event.start_mark, "it holds")
        if self.depth >= MAX_DEPTH:
            raise InputError(
                "the scenario file is nested too deeply",
                [
                    Problem(
                        str(origin(self.file, event.start_mark)),
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
        str(origin(file, mark)),
        "",
        f"YAML tag {shown} is not allowed; scenario files hold plain values only "
        "(remove the tag; quote a value to make it text)",
    )


def origin(path: Path, mark: yaml.Mark | None) -> Origin:
    """Where *mark* is in *path*, 1-based (line 1, column 1 without a mark)."""
    if mark is None:
        return Origin(path, 1, 1)
    return Origin(path, mark.line + 1, mark.column + 1)


def position(text: str, index: int) -> tuple[int, int]:
    """Return the 1-based line and column of *index* in *text*."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


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


def unprintable(file: Path, text: str, exc: yaml.reader.ReaderError) -> InputError:
    """Say where a control character YAML refuses (NUL, BEL, ESC, …) is."""
    line, column = position(text, int(exc.position))
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


def check_expansion(root: yaml.Node, file: Path, aliases: list[yaml.Mark]) -> None:
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
    raise too_large(file, aliases[0] if aliases else root.start_mark, "its aliases expand it to")


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def too_large(file: Path, mark: yaml.Mark, what: str) -> InputError:
    """Refuse a document of more than :data:`MAX_VALUES` values, at *mark*."""
    return InputError(
        f"{file}: the document is too large",
        [
            Problem(
                str(origin(file, mark)),
                "",
                f"{what} more than {MAX_VALUES:,} values; a scenario needs about a "
                "thousand (write the values out instead of expanding YAML aliases)",
            )
        ],
    )

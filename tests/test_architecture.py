"""The packages form a one-way stack that follows the data (see docs/architecture.md).

Every import in ``src/landsim`` — at module level, inside functions, or under
``TYPE_CHECKING`` — must go to the importing unit itself or to a unit lower in
:data:`LAYERS`. A unit is a subpackage or a top-level module of ``landsim``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "src" / "landsim"

#: Bottom first. A unit may import only itself and units of lower layers.
LAYERS: list[tuple[str, ...]] = [
    ("version", "errors", "units", "axes"),
    ("io", "streams", "memory"),
    ("scenario",),
    ("inventory",),
    ("synthetic",),
    ("evaluation",),
    ("model",),
    ("engine",),
    ("accounting",),
    ("analysis",),
    ("runs",),
    ("plots",),
    ("report",),
    ("cli", "reference"),
    ("__main__", "__init__"),
]
RANK = {unit: i for i, layer in enumerate(LAYERS) for unit in layer}


def unit_of(module: str) -> str:
    """``landsim.engine.year`` → ``engine``; ``landsim`` → ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT.parent).with_suffix("")
    return ".".join(p for p in rel.parts if p != "__init__")


def imported_modules(path: Path, package: str | None = None) -> list[tuple[int, str]]:
    """``(line, module)`` of every landsim import in *path*, lazy ones included.

    *package* is the package *path* belongs to (by default, from its place in ``src``).
    """
    if package is None:
        me = module_name(path)
        package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.startswith("landsim")]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if not base.startswith("landsim"):
                continue
            if base == "landsim":  # `from landsim import plots` names a subpackage
                for a in node.names:
                    sub = ROOT / a.name
                    is_unit = sub.is_dir() or sub.with_suffix(".py").is_file()
                    out.append((node.lineno, f"landsim.{a.name}" if is_unit else "landsim"))
            else:
                out.append((node.lineno, base))
    return out


def sources() -> list[Path]:
    return sorted(ROOT.rglob("*.py"))


def test_every_unit_has_a_place_in_the_stack():
    units = {unit_of(module_name(p)) for p in sources()}
    assert units - set(RANK) == set(), "add new packages to LAYERS and docs/architecture.md"


def test_no_import_goes_up_the_stack():
    upward = []
    for path in sources():
        me = unit_of(module_name(path))
        for line, target in imported_modules(path):
            them = unit_of(target)
            if them != me and RANK[them] >= RANK[me]:
                upward.append(f"{path.relative_to(ROOT)}:{line}: {me} imports {target}")
    assert upward == []


def test_the_walk_sees_lazy_relative_and_type_only_imports(tmp_path):
    # the checker itself must catch the imports it is meant to catch
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from landsim.plots import style\n"
        "def f():\n    from landsim.runs import run\n"
        "from ..report import brief\n"
        "from landsim import __version__\n",
        encoding="utf-8",
    )
    found = sorted(m for _, m in imported_modules(probe, package="landsim.engine"))
    assert found == ["landsim", "landsim.plots", "landsim.report", "landsim.runs"]


@pytest.mark.parametrize("doc", ["docs/architecture.md"])
def test_architecture_doc_names_every_unit(doc):
    text = (ROOT.parents[1] / doc).read_text(encoding="utf-8")
    missing = [u for u in RANK if not u.startswith("__") and f"`{u}" not in text]
    assert missing == []

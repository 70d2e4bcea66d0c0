"""Programmes bundled with landsim, which a scenario extends as ``landsim:NAME``.

A programme is a scenario without an inventory: targets, 亩均 evaluation, quotas,
prices and industries, each with its source in a comment. The files ship inside the
package (``landsim/programmes/NAME.yaml``), so ``extends: landsim:xiaoshan_2024`` finds
the default programme wherever landsim is installed, from any folder — unlike a path,
which holds only next to a source checkout.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

#: How ``extends`` names a bundled programme: ``landsim:xiaoshan_2024``.
PREFIX = "landsim:"


def folder() -> Path:
    """Return the package folder that holds the bundled programmes."""
    return Path(str(resources.files("landsim").joinpath("programmes")))


def names() -> list[str]:
    """Return the bundled programmes' names, sorted (``xiaoshan_2024``, …)."""
    return sorted(p.stem for p in folder().glob("*.yaml"))


def is_bundled(name: str) -> bool:
    """Tell whether an ``extends`` entry names a bundled programme (``landsim:NAME``)."""
    return name.startswith(PREFIX)


def path_of(name: str) -> Path | None:
    """Return the file of the bundled programme ``landsim:NAME``, or ``None`` if none.

    Parameters
    ----------
    name
        ``landsim:NAME``; a ``.yaml`` ending is allowed.

    Examples
    --------
    >>> path_of("landsim:xiaoshan_2024").name
    'xiaoshan_2024.yaml'
    >>> path_of("landsim:nowhere") is None
    True
    """
    stem = name.removeprefix(PREFIX).removesuffix(".yaml")
    return folder() / f"{stem}.yaml" if stem in names() else None


def shown(path: Path) -> str:
    """Name a scenario file as ``extends`` would: ``landsim:NAME`` if bundled, else its name."""
    if path.parent.resolve() == folder().resolve() and path.suffix == ".yaml":
        return f"{PREFIX}{path.stem}"
    return path.name


def unknown(name: str) -> str:
    """Say that no programme *name* is bundled, and which are."""
    listed = ", ".join(f"{PREFIX}{n}" for n in names())
    return f"landsim bundles no programme {name}; bundled: {listed}"

"""The installed version of landsim.

``__version__`` is looked up on first use (``importlib.metadata`` takes tens of
milliseconds to import), so ``import landsim`` — and the command line's start-up —
stays quick.
"""

from __future__ import annotations


def installed_version() -> str:
    """Return the installed version, or ``"0+unknown"`` when running from a bare source tree."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("landsim")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return installed_version()
    raise AttributeError(f"module 'landsim.version' has no attribute {name!r}")

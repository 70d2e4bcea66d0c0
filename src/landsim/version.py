"""The installed version of landsim."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("landsim")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

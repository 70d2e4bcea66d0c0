"""``python -m landsim`` runs the command line."""

from landsim.cli import entry

entry()

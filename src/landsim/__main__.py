"""``python -m landsim`` runs the command line."""

import sys

from landsim.cli import main

sys.exit(main())

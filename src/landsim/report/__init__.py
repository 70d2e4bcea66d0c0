"""What users read: briefs and run folders (plots live in :mod:`landsim.plots`)."""

"""The engine: the yearly loop, selection under quotas and budget, and land transitions."""

"""The compiled, immutable inputs the engine reads: arrays, switches and numbers."""

"""Analyses built on many runs: Monte Carlo, sensitivity, comparison, diagnostics."""

"""Uncertainty: distributions in scenarios, Monte Carlo draws and sensitivity analysis."""

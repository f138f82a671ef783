"""Threshold sweeps: expand a saved sweep into points, screen them analytically, simulate the best."""

"""Metrics: pure, vectorised functions over the typed tables (one module per topic)."""

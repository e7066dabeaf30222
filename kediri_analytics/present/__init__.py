"""Presentation helpers: Indonesian formats, charts, briefs, safe Excel/CSV exports."""

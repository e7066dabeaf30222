"""Presentation helpers: Indonesian formats, charts, briefs, safe Excel/CSV exports."""

#: the MIME type under which each piece of a ``Brief`` records itself in a notebook's
#: outputs (written by present.brief, read by present.pdf; here so that the PDF side does
#: not import pandas)
MIME = "application/vnd.kediri-analytics.brief+json"

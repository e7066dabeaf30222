"""Indonesian number and date formats for report text (``1.234``, ``254,4``, ``98,5%``,
``23 November 2026``): the notebooks' name for :mod:`kediri_analytics.core.fmt`, which every
layer may use."""

from ..core.fmt import BULAN, agency_place, date, number, percent, points

__all__ = ["BULAN", "agency_place", "date", "number", "percent", "points"]

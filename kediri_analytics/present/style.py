"""One chart style for every report: a colour-blind-safe palette (Okabe-Ito) that stays
distinguishable printed in grey, DejaVu Sans (as in the PDF), quiet axes."""

from __future__ import annotations

#: Okabe & Ito (2008) colours, ordered so neighbours differ in lightness too (grey print)
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000")
#: light to dark blues for ordered categories (predikat, bands)
SEQUENTIAL = ("#deebf7", "#9ecae1", "#4292c6", "#2171b5", "#08306b")


def apply() -> None:
    """Set matplotlib/seaborn defaults for report charts (call once per notebook)."""
    import matplotlib as mpl
    import seaborn as sns

    sns.set_theme(style="whitegrid", palette=list(PALETTE), font="DejaVu Sans")
    mpl.rcParams.update(
        {
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "axes.titlesize": 11,
            "axes.labelsize": 9,
            "xtick.labelsize": 8,
            "ytick.labelsize": 8,
            "legend.fontsize": 8,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "svg.fonttype": "path",
            "axes.formatter.use_locale": False,
            "svg.hashsalt": "kediri-analytics",
        }
    )

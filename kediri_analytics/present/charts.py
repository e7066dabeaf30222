"""Report charts: one function per kind, Indonesian labels and number formats, the palette of
:mod:`.style`, readable in grey. Each returns a matplotlib Figure (or None when there is
nothing to draw: a report says so in words rather than showing an empty axis)."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter

from ..core.fmt import BULAN, number, percent
from .style import PALETTE, SEQUENTIAL

PCT = FuncFormatter(lambda v, _: percent(v, 0))
NUM = FuncFormatter(lambda v, _: number(v, 0) if float(v).is_integer() else number(v, 1))
YEAR = FuncFormatter(lambda v, _: str(int(v)) if float(v).is_integer() else "")


def merit_trend(
    index: pd.DataFrame,
    refs: pd.DataFrame,
    bands: list[tuple[float, str]],
    score_range: tuple[float, float],
):
    """Merit score per year from the self-assessment, the bands shaded, the published
    results as reference points, and a dotted line where the framework changes."""
    if index.empty:
        return None
    refs = refs.dropna(subset=["score", "date"]) if len(refs) else refs  # text-only: not drawn
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    lo_all, hi_all = score_range
    scores = pd.concat([index["score"], refs["score"]]) if len(refs) else index["score"]
    y0, y1 = max(lo_all, scores.min() - 60), min(hi_all, scores.max() + 60)
    edges = sorted(bands)  # lowest first
    for i, (lo, label) in enumerate(edges):
        hi = edges[i + 1][0] if i + 1 < len(edges) else hi_all
        ax.axhspan(lo, hi, color=SEQUENTIAL[min(i, len(SEQUENTIAL) - 1)], alpha=0.35, lw=0)
        vis_lo, vis_hi = max(lo, y0), min(hi, y1)
        if vis_hi - vis_lo > (y1 - y0) * 0.06:  # name only the bands in view
            ax.text(
                1.01,
                (vis_lo + vis_hi) / 2,
                label,
                transform=ax.get_yaxis_transform(),
                va="center",
                fontsize=7.5,
                color="#333333",
            )
    ax.plot(
        index["year"], index["score"], marker="o", color=PALETTE[0], lw=2, label="penilaian mandiri"
    )
    for r in index.itertuples():
        ax.annotate(
            number(r.score, 1),
            (r.year, r.score),
            textcoords="offset points",
            xytext=(0, 7),
            ha="center",
            fontsize=7.5,
        )
    if len(refs):
        x = refs["date"].dt.year + (refs["date"].dt.dayofyear - 1) / 365
        ax.scatter(
            x,
            refs["score"],
            marker="D",
            s=36,
            color=PALETTE[3],
            zorder=5,
            label="hasil KASN (dipublikasikan)",
        )
        for xi, r in zip(x, refs.itertuples(), strict=True):
            ax.annotate(
                f"{number(r.score, 1)} ({r.date.day} {BULAN[r.date.month - 1][:3]})",
                (xi, r.score),
                textcoords="offset points",
                xytext=(4, -12),
                fontsize=7,
                color=PALETTE[3],
            )
    switch = index[index["framework"] != index["framework"].shift()].iloc[1:]
    for r in switch.itertuples():
        ax.axvline(r.year - 0.5, ls=":", color="#333333")
        ax.text(
            r.year - 0.45,
            lo_all + 5,
            f"kerangka {r.framework}",
            fontsize=7,
            rotation=90,
            va="bottom",
        )
    ax.set_ylim(y0, y1)
    ax.set(xlabel="tahun", ylabel="skor sistem merit")
    ax.xaxis.set_major_formatter(YEAR)
    ax.yaxis.set_major_formatter(NUM)
    ax.legend(loc="upper left", frameon=False)
    return fig


def stacked_shares(
    df: pd.DataFrame,
    x: str,
    part: str,
    value: str,
    order: list,
    xlabel: str,
    colors: list | None = None,
    extra_last: bool = False,
):
    """Stacked bars of shares (0-1) of ``part`` per ``x`` in ``order`` (best first: darkest);
    each share written inside when it is at least 6%. ``extra_last``: the last part is not
    on the scale (e.g. "Belum Dinilai") and is drawn grey."""
    if df.empty:
        return None
    wide = df.pivot_table(index=x, columns=part, values=value, aggfunc="sum", observed=True)
    wide = wide.reindex(columns=[o for o in order if o in wide.columns]).fillna(0)
    fig, ax = plt.subplots(figsize=(7.5, 3.4))
    colors = colors or _ordered_colors(len(wide.columns), extra_last)
    bottom = np.zeros(len(wide))
    xs = np.arange(len(wide))
    for i, col in enumerate(wide.columns):
        v = wide[col].to_numpy(dtype=float)
        c = colors[i % len(colors)]
        ax.bar(xs, v, bottom=bottom, color=c, label=str(col), edgecolor="white", lw=0.6)
        ink = "white" if _dark(c) else "black"
        for xi, (b, h) in enumerate(zip(bottom, v, strict=True)):
            if h >= 0.06:
                ax.text(
                    xi, b + h / 2, percent(h, 0), ha="center", va="center", fontsize=7, color=ink
                )
        bottom += v
    ax.set_xticks(xs, [str(i) for i in wide.index])
    ax.set(xlabel=xlabel, ylabel="bagian ASN", ylim=(0, 1))
    ax.yaxis.set_major_formatter(PCT)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return fig


def mark_break(fig, years: list, year: int, label: str):
    """A dashed line before ``year`` on a chart whose x axis is ``years`` (one bar or point per
    year, in order), labelled: a real change in what is counted, not a data error."""
    if fig is None or year not in years:
        return fig
    ax = fig.axes[0]
    bars = bool(ax.patches)  # bars sit at 0..n-1; lines at the years themselves
    x = years.index(year) - 0.5 if bars else year - 0.5
    ax.axvline(x, color="#555555", ls="--", lw=1)
    ax.text(
        x,
        1.0,
        f" {label}",
        transform=ax.get_xaxis_transform(),
        fontsize=7,
        va="bottom",
        ha="left",
        color="#333333",
    )
    return fig


def indicator_lines(city: pd.DataFrame, labels: dict[str, str], shares: list[str]):
    """One line per share indicator over the years (the city, or one OPD)."""
    d = city[city["indicator"].isin(shares)]
    if d.empty or d["year"].nunique() < 1:
        return None
    fig, ax = plt.subplots(figsize=(7.5, 3.4))
    markers = "osD^v<>"
    for i, (ind, g) in enumerate(d.groupby("indicator", sort=False)):
        ax.plot(
            g["year"],
            g["value"],
            marker=markers[i % len(markers)],
            label=labels[ind],
            color=PALETTE[i % len(PALETTE)],
            lw=1.8,
        )
    ax.set(xlabel="tahun", ylabel="bagian ASN", ylim=(0, 1.02))
    ax.yaxis.set_major_formatter(PCT)
    ax.xaxis.set_major_formatter(YEAR)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return fig


def monthly_shares(trend: pd.DataFrame, labels: dict[str, str], year: int):
    """Shares per month of one year (``trend``: month and the share columns of ``labels``);
    the months without data stay gaps, never joined by a line."""
    cols = [c for c in labels if c in trend.columns and trend[c].notna().any()]
    if trend.empty or not cols:
        return None
    full = trend.set_index("month").reindex(range(1, 13))
    last = int(trend["month"].max())
    fig, ax = plt.subplots(figsize=(7.5, 3.2))
    for i, c in enumerate(cols):
        ax.plot(
            full.index,
            full[c].astype(float),
            marker="osD^"[i % 4],
            lw=1.8,
            color=PALETTE[i % len(PALETTE)],
            label=labels[c],
        )
    ax.set_xlim(0.5, max(last, 3) + 0.5)
    ax.set_xticks(range(1, max(last, 3) + 1), [b[:3] for b in BULAN[: max(last, 3)]])
    low = float(np.nanmin(full[cols].astype(float).to_numpy()))
    ax.set(xlabel=str(year), ylabel="bagian ASN", ylim=(max(0.0, min(low - 0.05, 0.8)), 1.01))
    ax.yaxis.set_major_formatter(PCT)
    ax.legend(loc="lower left", frameon=False)
    return fig


def heatmap(wide: pd.DataFrame, labels: dict[str, str], shares: list[str]):
    """OPD x share indicators, values written in each cell (greyscale-safe sequential map)."""
    cols = [c for c in shares if c in wide.columns]
    if wide.empty or not cols:
        return None
    import seaborn as sns

    data = wide.set_index("opd")[cols].astype(float)
    fig, ax = plt.subplots(figsize=(7.5, max(3.0, 0.24 * len(data) + 1)))
    annot = data.map(lambda v: "-" if pd.isna(v) else percent(v, 0))
    sns.heatmap(
        data,
        annot=annot,
        fmt="",
        cmap="Blues",
        vmin=0,
        vmax=1,
        cbar=False,
        ax=ax,
        annot_kws={"fontsize": 6.5},
        linewidths=0.4,
        linecolor="white",
    )
    ax.set_xticklabels([labels[c] for c in cols], rotation=30, ha="right", fontsize=7)
    ax.set_yticklabels(ax.get_yticklabels(), fontsize=6.5)
    ax.set(xlabel="", ylabel="")
    return fig


def coverage_bars(coverage: pd.DataFrame, share: str = "share_skp"):
    """One bar per OPD of a share (default: ASN with an own annual SKP, from
    ``metrics.quality.skp_coverage``), in the frame's order."""
    if coverage.empty:
        return None
    import seaborn as sns
    from matplotlib.ticker import PercentFormatter

    fig, ax = plt.subplots(figsize=(7.5, max(2.5, 0.2 * len(coverage))))
    sns.barplot(data=coverage, y="opd", x=share, color=PALETTE[0], ax=ax)
    ax.set(xlabel="bagian ASN dengan SKP tahunan", ylabel="", xlim=(0, 1))
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    return fig


def nine_box(counts: pd.Series, layout: dict, kinerja: list[str], potensi: list[str]):
    """The 3x3 talent grid: people per box, potensi up, kinerja right."""
    if counts.sum() == 0:
        return None
    grid = np.array([[counts.get(layout[p][k], 0) for k in kinerja] for p in potensi[::-1]])
    boxes = np.array([[layout[p][k] for k in kinerja] for p in potensi[::-1]])
    fig, ax = plt.subplots(figsize=(4.8, 3.6))
    ax.imshow(grid, cmap="Blues", vmin=0, vmax=max(grid.max(), 1))
    for (i, j), v in np.ndenumerate(grid):
        ax.text(
            j,
            i,
            f"kotak {boxes[i, j]}\n{number(v)}",
            ha="center",
            va="center",
            fontsize=8,
            color="white" if v > grid.max() * 0.6 else "black",
        )
    ax.set_xticks(range(len(kinerja)), [textwrap.fill(k, 12) for k in kinerja], fontsize=7.5)
    ax.set_yticks(range(len(potensi)), potensi[::-1], fontsize=7.5)
    ax.set(xlabel="kinerja", ylabel="potensi")
    ax.grid(False)
    return fig


def _ordered_colors(n: int, extra_last: bool = False) -> list[str]:
    """Dark to light blues for ordered parts (best first), grey for a trailing extra part."""
    blues = ["#08306b", "#2171b5", "#6baed6", "#c6dbef", "#eef5fb"]
    k = n - 1 if extra_last else n
    scale = blues[:k] if k <= len(blues) else blues + list(PALETTE)
    return scale + (["#9e9e9e"] if extra_last else [])


def _dark(color: str) -> bool:
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(color)
    return 0.299 * r + 0.587 * g + 0.114 * b < 0.5

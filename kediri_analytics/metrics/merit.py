"""Merit-system index from the self-assessment: score, index and band per year, per aspect,
the aspects that moved most, the gap to the next band and the published reference points."""

from __future__ import annotations

import pandas as pd

from .. import rules
from .outputs import check


def index_by_year(merit_assessment: pd.DataFrame, rules_dir=None) -> pd.DataFrame:
    """Per year: framework, score (sum of bobot x nilai), index (score / max), band.

    A framework whose range and bands are not entered yet (2026 on) gives the score with index
    and band missing.

    A year whose score lies outside the framework's range raises (a sign of a broken workbook:
    weights that do not sum to 100, or scores outside 1-4).
    """
    m = merit_assessment.assign(skor=merit_assessment["bobot"] * merit_assessment["nilai"])
    rows = []
    for year, g in m.groupby("year"):
        f = rules.merit_framework(int(year), rules_dir)
        score = float(g["skor"].sum())
        hi = None
        if f.score_range is not None:  # a framework without a published range: no check
            lo, hi = f.score_range
            if not lo - 1e-9 <= score <= hi + 1e-9:
                raise ValueError(f"merit score {score:g} for {year} is outside {lo}-{hi}")
            score = min(max(score, lo), hi)
        index, label = rules.merit_band(score, int(year), rules_dir)
        rows.append(
            {
                "year": int(year),
                "framework": f.name,
                "score": score,
                "index": float("nan") if index is None else index,
                "band": label,
                "max": float("nan") if hi is None else hi,
                "sub_aspects": int(g["sub_no"].nunique()),
            }
        )
    return check("merit_index", pd.DataFrame(rows))


def by_aspect(merit_assessment: pd.DataFrame) -> pd.DataFrame:
    """Per year and aspect: score, the most it could score (bobot x 4) and the share reached."""
    m = merit_assessment.assign(
        skor=merit_assessment["bobot"] * merit_assessment["nilai"],
        max=merit_assessment["bobot"] * 4,
    )
    g = m.groupby(["year", "aspek_no", "aspek"], observed=True)
    out = g.agg(score=("skor", "sum"), max=("max", "sum")).reset_index()
    out["share"] = out["score"] / out["max"]
    return check("merit_aspects", out)


def movers(aspects: pd.DataFrame, year_from: int, year_to: int) -> pd.DataFrame:
    """Change of each aspect's score between two years, largest absolute change first."""
    a = aspects.set_index(["aspek_no", "aspek", "year"])["score"].unstack("year")
    for y in (year_from, year_to):
        if y not in a.columns:
            raise ValueError(f"no merit self-assessment for {y}")
    out = pd.DataFrame({"from": a[year_from], "to": a[year_to]})
    out["change"] = out["to"] - out["from"]
    return out.reset_index().sort_values("change", key=abs, ascending=False, ignore_index=True)


def gap_to_next_band(score: float, year: int, rules_dir=None) -> tuple[str | None, float | None]:
    """(next band, points needed); (None, 0) in the top band; (None, None) when the year's
    framework has no bands entered (nothing to aim at is stated)."""
    f = rules.merit_framework(year, rules_dir)
    if f.bands is None:
        return None, None
    bands = sorted(rules.cutoffs(f.bands))
    for lo, label in bands:
        if score < lo:
            return label, round(lo - score, 1)
    return None, 0.0


def reference_points(rules_dir=None) -> pd.DataFrame:
    """The published results (``rules/merit_reference.yaml``) with their index and band, and
    the earlier standings published without a score or year (``earlier``) as rows with the
    score, date and index missing and their ``text``.

    Returns columns: date, year, score, index, band, event, reported (the day news reported
    it, when not the event's), text.
    """
    d = rules.merit_reference(rules_dir)
    rows = []
    for r in d.results:
        date = pd.Timestamp(r.date)
        index, label = rules.merit_band(r.score, date.year, rules_dir)
        if label != r.label:
            raise rules.RuleError(
                f"{rules.rule_path('merit_reference', rules_dir)}: "
                f"{r.score} is {label} by the bands, the file says {r.label}"
            )
        rows.append(
            {
                "date": date,
                "year": date.year,
                "score": r.score,
                "index": index,
                "band": label,
                "event": r.event,
                "reported": pd.Timestamp(r.reported) if r.reported else pd.NaT,
                "text": None,
            }
        )
    for r in d.earlier:
        rows.append(
            {
                "date": pd.NaT,
                "reported": pd.NaT,
                "year": pd.NA,
                "score": float("nan"),
                "index": float("nan"),
                "band": r.label,
                "event": None,
                "text": r.text,
            }
        )
    return pd.DataFrame(rows).astype({"year": "Int64"})


def aspect_table(merit_assessment: pd.DataFrame) -> pd.DataFrame:
    """The share of each aspect's maximum reached, one row per aspect and one column per
    year (named by the year as text): the table a trend report prints.

    Returns columns: aspek, one per year.
    """
    if merit_assessment.empty:
        raise ValueError("no merit self-assessment to tabulate")
    t = by_aspect(merit_assessment).pivot_table(
        index="aspek", columns="year", values="share", observed=True
    )
    t.columns = [str(int(c)) for c in t.columns]
    return t.reset_index()


def latest_movers(merit_assessment: pd.DataFrame, index: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """The ``n`` aspects that moved most between the first and the last year assessed under
    the latest year's framework (aspects of two frameworks are not compared). Empty when that
    framework has a single year.

    ``index`` is :func:`index_by_year` of ``merit_assessment``. Returns the columns of
    :func:`movers`.
    """
    if index.empty:
        raise ValueError("no merit index: nothing to compare")
    last = index.iloc[-1]
    same = index[index["framework"] == last["framework"]]
    if len(same) < 2:
        return pd.DataFrame(columns=["aspek_no", "aspek", "from", "to", "change"])
    ma = merit_assessment[merit_assessment["year"].isin(same["year"])]
    return movers(by_aspect(ma), int(same["year"].iloc[0]), int(last["year"])).head(n)


def chart_bands(year: int, rules_dir=None) -> tuple[list[tuple[float, str]], tuple]:
    """(bands, score range) of the framework in force in ``year``, for a chart: bands as
    (lower bound, label), highest first. A framework without bands entered raises a
    RuleError naming the file."""
    f = rules.merit_framework(year, rules_dir)
    if f.bands is None or f.score_range is None:
        raise rules.RuleError(
            f"{rules.rule_path('merit_frameworks', rules_dir)}: framework {f.name!r} "
            "has no bands or score range entered: nothing to shade"
        )
    return rules.cutoffs(f.bands), tuple(f.score_range)

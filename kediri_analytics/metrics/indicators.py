"""The merit indicators per OPD and year that the merit-trend report compares: SKP made and
rated, education requirement met, assessment coverage, training hours, IP ASN.

One long frame (year, opd, indicator, value, numerator, denominator) from the metric
functions, so a city figure is the ratio of the summed counts (never a mean of OPD shares) and
an OPD with no data for a year simply has no row (never a zero).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from .. import rules
from . import competency, ip_asn, performance, qualification

#: the indicators, in the report's order (all shares except the IP ASN mean); their names in
#: reports are in the vocabulary (``present/labels.yaml``, ``present.labels.indicators()``)
INDICATORS = ("skp_ada", "skp_dinilai", "kualifikasi", "asesmen", "pelatihan", "ip_asn")
SHARES = [k for k in INDICATORS if k != "ip_asn"]
COLUMNS = ["year", "opd", "indicator", "value", "numerator", "denominator"]


def _long(frame: pd.DataFrame, year: int, indicator: str, num: str, den: str) -> pd.DataFrame:
    f = frame[["opd", num, den]].rename(columns={num: "numerator", den: "denominator"})
    return f.assign(year=year, indicator=indicator)


def by_opd(
    tables: Mapping[str, pd.DataFrame],
    years: Iterable[int],
    rules_dir=None,
    annual: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every indicator for every OPD and year of ``years`` that has a roster. ``annual`` is
    :func:`~.performance.annual_predikat` of the SKP table when the caller already has it.

    IP ASN (PNS only): ``numerator`` is the sum of the scores, ``denominator`` the PNS scored,
    so the value is their mean. Years without a roster are left out (see
    :func:`missing_years`); so are the training share of a year with no training rows and IP
    ASN where it cannot be computed (no training types): missing, never 0.
    """
    t = tables
    roster_years = set(t["roster"]["year"].dropna().astype(int))
    if annual is None:
        annual = performance.annual_predikat(t["skp"], rules_dir)
    parts = []
    for year in sorted({int(y) for y in years} & roster_years):
        c = performance.compliance(t["roster"], t["skp"], t["skp_documents"], year)
        parts += [
            _long(c, year, "skp_ada", "has_skp", "asn"),
            _long(c, year, "skp_dinilai", "rated", "asn"),
        ]
        if len(t["requirements"]):
            per = qualification.meets_requirement(t["roster"], t["requirements"], year, rules_dir)
            q = qualification.share_meeting(per, by=("opd",))
            parts.append(_long(q, year, "kualifikasi", "meeting", "judged"))
        if len(t["assessments"]):
            cov = competency.coverage(t["roster"], t["assessments"], year, window=3)
            parts.append(_long(cov, year, "asesmen", "assessed", "asn"))
        # no training rows for the year: no data (never 0% of ASN trained)
        if (t["training"]["year"] == year).any():
            tr = competency.training_rule(t["roster"], t["training"], year, rules_dir)
            parts.append(_long(tr, year, "pelatihan", "meeting", "asn"))
        # IP ASN: PNS only; missing kompetensi (no training types) leaves no score, no row
        ip = ip_asn.scores(
            t["roster"], annual, t["training_events"], t["discipline"], year, rules_dir
        )
        g = ip.groupby("opd", observed=True)["total"].agg(["sum", "count"]).reset_index()
        g = g.rename(columns={"sum": "numerator", "count": "denominator"})
        parts.append(g.assign(year=year, indicator="ip_asn"))
    if not parts:
        return pd.DataFrame(columns=COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    out = out[out["denominator"] > 0]
    out["value"] = out["numerator"] / out["denominator"]
    out["opd"] = out["opd"].astype(str)
    return out[COLUMNS].sort_values(["indicator", "year", "opd"], ignore_index=True)


def city(ind: pd.DataFrame) -> pd.DataFrame:
    """The whole agency per year and indicator: summed numerators over summed denominators."""
    g = ind.groupby(["year", "indicator"], as_index=False)[["numerator", "denominator"]].sum()
    return g.assign(value=g["numerator"] / g["denominator"], opd=None)[COLUMNS]


def compare(ind: pd.DataFrame, year: int) -> pd.DataFrame:
    """Each OPD's indicators in ``year`` beside the city's: a wide table (one row per OPD,
    one column per indicator) plus ``selisih``, the mean difference from the city over the
    share indicators (positive = above the city), sorted from the highest."""
    y = ind[ind["year"] == year]
    if y.empty:
        raise ValueError(f"no indicator data for {year}")
    wide = y.pivot_table(index="opd", columns="indicator", values="value", aggfunc="first")
    ref = city(y).set_index("indicator")["value"]
    shares = [c for c in SHARES if c in wide.columns]
    wide["selisih"] = (wide[shares] - ref[shares]).mean(axis=1)
    cols = [c for c in INDICATORS if c in wide.columns] + ["selisih"]
    return wide[cols].sort_values("selisih", ascending=False).reset_index()


def missing_years(tables: Mapping[str, pd.DataFrame], years: Iterable[int]) -> dict[str, list]:
    """Per source, the years of ``years`` it has no rows for (what a report must say)."""
    want = sorted({int(y) for y in years})
    out = {}
    for name in ("roster", "skp", "assessments", "training", "merit_assessment"):
        t = tables[name]
        have = set(t["year"].dropna().astype(int)) if len(t) else set()
        gaps = [y for y in want if y not in have]
        if gaps:
            out[name] = gaps
    return out


def of_dataset(ds, years: Iterable[int], rules_dir=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(annual predikat, indicators by OPD) for a :class:`~kediri_analytics.Dataset`, computed
    once per set of files and kept in the loader's cache (``Dataset.memo``): every per-OPD
    run of a report reuses them."""
    from functools import partial

    years = sorted({int(y) for y in years})
    params = {"years": years, "rules": rules.fingerprint(rules_dir)}
    annual = ds.memo(
        "annual_predikat", params, partial(performance.annual_predikat, ds.skp, rules_dir)
    )
    ind = ds.memo("indicators", params, partial(by_opd, ds.tables, years, rules_dir, annual))
    return annual, ind


def year_table(city_series: pd.DataFrame) -> pd.DataFrame:
    """The share indicators of :func:`city` per year: one row per share indicator in
    :data:`SHARES` order (an indicator without data in any year keeps its row), one column
    per year named by the year as text; missing where a year has no data, never 0.

    Returns columns: indicator, one per year.
    """
    s = city_series[city_series["indicator"].isin(SHARES)]
    if s.empty:
        raise ValueError("no share indicator to tabulate")
    t = s.pivot_table(index="indicator", columns="year", values="value").reindex(SHARES)
    t.columns = [str(int(c)) for c in t.columns]
    return t.rename_axis("indicator").reset_index()


def at(ind: pd.DataFrame, indicator: str, year: int) -> pd.Series | None:
    """One indicator in one year for everyone in ``ind`` (summed over its OPDs, as
    :func:`city`): a row with numerator, denominator and value; None when there is no data."""
    if indicator not in INDICATORS:
        raise ValueError(f"unknown indicator {indicator!r}; expected one of {INDICATORS}")
    rows = ind[(ind["indicator"] == indicator) & (ind["year"] == year)]
    return city(rows).iloc[0] if len(rows) else None


def ip_asn_by_opd(ind: pd.DataFrame, year: int, rules_dir=None) -> pd.DataFrame:
    """Each OPD's mean IP ASN in ``year`` with its category (``rules/ip_asn.yaml``) and the
    PNS scored, highest first.

    Returns columns: opd, ip_asn_mean, ip_asn_category, pns_scored.
    """
    ip = ind[(ind["indicator"] == "ip_asn") & (ind["year"] == year)]
    out = pd.DataFrame(
        {
            "opd": ip["opd"],
            "ip_asn_mean": ip["value"],
            "ip_asn_category": rules.ip_asn_categories(ip["value"], rules_dir).to_numpy(),
            "pns_scored": ip["denominator"],
        }
    )
    return out.sort_values("ip_asn_mean", ascending=False)


def shares_in(wide: pd.DataFrame) -> list[str]:
    """The columns of a :func:`compare` table that hold shares (to show as percentages)."""
    return [c for c in wide.columns if c in SHARES or c == "selisih"]

"""Metrics: pure, vectorised functions over the typed tables (one module per topic)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from . import competency, ip_asn, performance, qualification, talent
from .keys import as_int, as_text, decategorize, shared_people

#: text columns the metrics group or join by: few distinct values over millions of rows
KEY_COLUMNS = ("opd", "jabatan", "kompetensi", "jenis_asesmen")


def as_keys(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables with their join and grouping keys in fast dtypes: NIP as int64 (an 18-digit
    NIP fits) and the grouping text columns (:data:`KEY_COLUMNS`) as categoricals.

    Every NIP is then parsed once and every OPD name hashed once, instead of in each of the
    dozen joins and group-bys: at national scale (4.5 million ASN, 32,000 OPD names) that is
    most of the metric set's time. Values are unchanged; the frames given are not modified.
    """
    out = {}
    for name, df in tables.items():
        conv = {
            c: "category"
            for c in KEY_COLUMNS
            if c in df.columns and not isinstance(df[c].dtype, pd.CategoricalDtype)
        }
        df = df.astype(conv) if conv else df
        if "nip" in df.columns and not pd.api.types.is_integer_dtype(df["nip"].dtype):
            key = as_int(df["nip"])
            df = df.assign(nip=key) if key is not None else df
        out[name] = df
    return out


def compute_all(
    tables: Mapping[str, pd.DataFrame], year: int, rules_dir=None, *, categorize: bool = True
) -> dict:
    """The per-person and per-OPD metric set for one year (what the reports draw on).

    ``tables`` is a Dataset's tables (``ds.tables``). Metrics whose inputs are empty are left
    out of the result rather than computed on nothing. ``categorize`` casts the grouping text
    columns to categoricals first (:func:`as_keys`); False computes on the columns as given.

    At national scale pass tables already compacted with :func:`as_keys` and drop the text
    ones first (``docs/metrics.md``): the same values in 3.2 GB instead of 4.1 GB at 4.4
    million ASN; the keys then come back as integer NIP and categorical OPD.
    """
    with shared_people():  # the year's people are indexed once for every metric below
        out = _compute(tables, year, rules_dir, categorize)
    return _as_given(out, tables) if categorize else out


def _compute(tables, year: int, rules_dir, categorize: bool) -> dict:
    t = as_keys(tables) if categorize else dict(tables)
    out: dict[str, pd.DataFrame] = {}
    annual = performance.annual_predikat(t["skp"], rules_dir)
    out["annual_predikat"] = annual
    out["distribution"] = performance.distribution(annual)
    out["compliance"] = performance.compliance(t["roster"], t["skp"], t["skp_documents"], year)
    if len(t["opd_predikat"]):
        out["quota"] = performance.quota_check(annual, t["opd_predikat"], year, rules_dir)
    if len(t["requirements"]):
        per = qualification.meets_requirement(t["roster"], t["requirements"], year, rules_dir)
        out["qualification"] = qualification.share_meeting(per)
    out["education_mix"] = qualification.education_mix(t["roster"])
    if len(t["assessments"]):
        out["jpm"] = competency.jpm_categories(t["assessments"], rules_dir)
        out["coverage"] = competency.coverage(t["roster"], t["assessments"], year, window=3)
    if len(t["competency"]):
        out["gaps"] = competency.gaps(t["competency"])
    if len(t["training"]):
        out["training"] = competency.training_rule(t["roster"], t["training"], year, rules_dir)
    placement = talent.nine_box_placement(annual, t["assessments"], year, rules_dir)
    out["nine_box"] = talent.pools(placement, rules_dir=rules_dir)
    ip = ip_asn.scores(t["roster"], annual, t["training_events"], t["discipline"], year, rules_dir)
    out["ip_asn"] = ip_asn.by_opd(ip, rules_dir)
    return out


def _as_given(out: dict[str, pd.DataFrame], tables: Mapping[str, pd.DataFrame]) -> dict:
    """Keys back in the tables' own dtypes: NIPs as text, and an output filtered to one OPD
    must not carry 32,000 unused categories into a chart's axis."""
    given = {}
    for df in tables.values():
        for c in (*KEY_COLUMNS, "nip"):
            if c in df.columns and c not in given:
                given[c] = df[c]
    for name, df in out.items():
        back = {
            c: decategorize(df[c], given[c])
            for c in KEY_COLUMNS
            if c in df.columns
            and c in given
            and isinstance(df[c].dtype, pd.CategoricalDtype)
            and not isinstance(given[c].dtype, pd.CategoricalDtype)
        }
        df = df.assign(**back) if back else df
        if (
            "nip" in df.columns
            and "nip" in given
            and pd.api.types.is_integer_dtype(df["nip"])
            and not pd.api.types.is_integer_dtype(given["nip"].dtype)
        ):
            df = df.assign(nip=as_text(df["nip"], given["nip"]))
        out[name] = df
    return out

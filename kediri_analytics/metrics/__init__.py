"""Metrics: pure, vectorised functions over the typed tables (one module per topic)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd


def compute_all(tables: Mapping[str, pd.DataFrame], year: int, rules_dir=None) -> dict:
    """The per-person and per-OPD metric set for one year (what the reports draw on).

    ``tables`` is a Dataset's tables (``ds.tables``). Metrics whose inputs are empty are left
    out of the result rather than computed on nothing.
    """
    from . import competency, ip_asn, performance, qualification, talent

    t = tables
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
    out["training"] = competency.training_rule(t["roster"], t["training"], year, rules_dir)
    placement = talent.nine_box_placement(annual, t["assessments"], year, rules_dir)
    out["nine_box"] = talent.pools(placement, rules_dir=rules_dir)
    ip = ip_asn.scores(t["roster"], annual, t["assessments"], t["training"], t["discipline"],
                       year, rules_dir)  # fmt: skip
    out["ip_asn"] = ip_asn.by_opd(ip, rules_dir)
    return out

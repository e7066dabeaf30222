"""Awards: BKN Award readiness per category (criteria measured from the data, plus evidence)
and the ASN Award shortlist (at most 3 per OPD, explained)."""

from __future__ import annotations

import difflib

import numpy as np
import pandas as pd

from .. import rules
from ..core.fmt import number, percent
from . import competency, performance, qualification
from .keys import isin, latest_per_person, lookup
from .merit import index_by_year
from .outputs import check

STATUS = {"ready": "Siap", "nearly": "Hampir siap", "not": "Belum siap"}


def _share(num, den) -> float:
    return float(num) / float(den) if den else float("nan")


def indicators(
    year: int,
    *,
    roster: pd.DataFrame,
    skp: pd.DataFrame,
    skp_documents: pd.DataFrame,
    opd_predikat: pd.DataFrame,
    assessments: pd.DataFrame,
    training: pd.DataFrame,
    requirements: pd.DataFrame,
    files: pd.DataFrame,
    merit_assessment: pd.DataFrame,
    opd: str | None = None,
    rules_dir=None,
) -> pd.DataFrame:
    """The city-wide (or one OPD's) value of every readiness metric for a data year.

    Returns columns: metric, value, year (NaN value where the data cannot say).
    """
    r = roster[roster["year"] == year]
    if r.empty:
        raise ValueError(f"no roster for {year}: readiness needs the year's SIASN roster")
    if opd is not None:
        r = r[r["opd"] == opd]
    annual = performance.annual_predikat(skp, rules_dir)
    comp = performance.compliance(r, skp, skp_documents, year=year, by=("year",))
    asn = int(comp["asn"].sum())
    v: dict[str, float] = {
        "skp_rated_share": _share(comp["rated"].sum(), asn),
        "skp_approved_share": _share(comp["approved"].sum(), asn)
        if len(skp_documents[skp_documents["year"] == year])
        else float("nan"),
        "skp_roster_match_share": _share(comp["has_skp"].sum(), asn),
    }
    try:
        q = performance.quota_summary(
            performance.quota_check(annual, opd_predikat, year, rules_dir)
        )
        if opd is not None:
            q = q[q["opd"] == opd]
        v["quota_compliance_share"] = _share(q["ok"].fillna(False).sum(), q["ok"].notna().sum())
    except rules.RuleError:
        v["quota_compliance_share"] = float("nan")
    cov = competency.coverage(r, assessments, year, window=3, by=("year",))
    v["assessed_share_3y"] = _share(cov["assessed"].sum(), cov["asn"].sum())
    recent = assessments["year"].between(year - 2, year) & isin(assessments["nip"], r["nip"])
    a = competency.jpm_categories(assessments[recent], rules_dir)
    v["jpm_optimal_share"] = _share(
        (a["kategori_pemetaan"] == "Optimal").sum(), a["jpm"].notna().sum()
    )
    if (training["year"] == year).any():
        tr = competency.training_rule(r, training, year, rules_dir, by=("year",))
        v["training_20jp_share"] = _share(tr["meeting"].sum(), tr["asn"].sum())
    else:  # no training list for the year: no data, never 0%
        v["training_20jp_share"] = float("nan")
    f = files[(files["kind"] == "siasn_roster") & (files["year"] == year)]
    v["nip_valid_share"] = _share(
        f["rows_loaded"].sum(), (f["rows_loaded"] + f["rows_rejected"]).sum()
    )
    v["education_known_share"] = _share(r["education"].notna().sum(), len(r))
    if len(requirements):
        per = qualification.meets_requirement(r, requirements, year, rules_dir)
        v["qualification_share"] = _share(
            per["meets"].fillna(False).sum(), per["meets"].notna().sum()
        )
        v["requirement_coverage_share"] = _share(per["min_education"].notna().sum(), len(per))
    else:
        v["qualification_share"] = v["requirement_coverage_share"] = float("nan")
    m = index_by_year(merit_assessment, rules_dir) if len(merit_assessment) else pd.DataFrame()
    m = m[m["year"] <= year] if len(m) else m
    v["merit_index"] = float(m.sort_values("year")["index"].iloc[-1]) if len(m) else float("nan")
    return pd.DataFrame({"metric": list(v), "value": list(v.values())}).assign(year=year)


def award_years(rules_dir=None) -> list[int]:
    """The BKN Award years that have a category list in ``rules/bkn_award.yaml``, sorted."""
    return sorted(rules.bkn_award(rules_dir).categories)


def data_year(
    roster: pd.DataFrame, skp: pd.DataFrame, award_year: int, rules_dir=None
) -> int | None:
    """The latest complete data year up to ``award_year``: a year with a roster whose own
    annual SKPs are rated for at least ``complete_year_min_rated_share`` of its ASN (a year
    still being rated would make every SKP criterion look unmet). None when there is none."""
    need = rules.bkn_award(rules_dir).complete_year_min_rated_share
    years = sorted({int(y) for y in roster["year"].dropna().unique() if y <= award_year})
    for y in reversed(years):
        c = performance.compliance(roster, skp, None, year=y, by=("year",))
        if _share(c["rated"].sum(), c["asn"].sum()) >= need:
            return y
    return None


def readiness(
    award_year: int, indicator_values: pd.DataFrame, evidence: pd.DataFrame, rules_dir=None
) -> pd.DataFrame:
    """Every criterion of every category of the award year: metric, value, threshold, met, why.

    A category's score is the weighted share of its criteria met; status Siap / Hampir siap /
    Belum siap by ``readiness_bands``. A criterion without data counts as not met and says so.
    Raises a RuleError naming the file when the year has no categories.
    """
    d = rules.bkn_award(rules_dir)
    cats = d.categories
    if award_year not in cats:
        raise rules.RuleError(
            f"{rules.rule_path('bkn_award', rules_dir)}: no BKN Award categories for "
            f"{award_year} (years with rules: {sorted(cats)}); add the year's categories"
        )
    crit, themes_of = d.criteria, d.themes_of
    vals = dict(zip(indicator_values["metric"], indicator_values["value"], strict=True))
    ev = evidence[evidence["year"] == award_year]
    rows = []
    for cat in cats[award_year]:
        if cat not in themes_of:
            raise rules.RuleError(
                f"{rules.rule_path('bkn_award', rules_dir)}: category {cat!r} "
                "has no entry in themes_of"
            )
        for theme in themes_of[cat]:
            for c in crit[theme]:
                if c.metric == "evidence_share":
                    e = ev[ev["kategori"] == cat]
                    value = _share(e["ada"].fillna(False).sum(), len(e)) if len(e) else np.nan
                else:
                    value = vals.get(c.metric, np.nan)
                rows.append(_criterion(cat, theme, c, value))
    out = pd.DataFrame(rows)
    out["met"] = out["met"].astype("boolean")
    bands = d.readiness_bands
    score = out.assign(w_met=out["weight"] * out["met"].fillna(False)).groupby("category")
    s = (score["w_met"].sum() / score["weight"].sum()).rename("score")
    status = s.map(
        lambda x: (
            STATUS["ready"]
            if x >= bands.ready
            else STATUS["nearly"]
            if x >= bands.nearly
            else STATUS["not"]
        )
    )
    out = out.merge(s.reset_index(), on="category").merge(
        status.rename("status").reset_index(), on="category"
    )
    out.insert(0, "award_year", award_year)
    return check("readiness", out)


def show(metric: str, value) -> str:
    """A criterion's value as reports print it: the merit index with 3 decimals (``0,775``),
    every other metric as a percentage (``93,1%``); missing as ``-``."""
    return number(value, 3) if metric == "merit_index" else percent(value)


def _criterion(cat: str, theme: str, c: rules.shapes.Criterion, value: float) -> dict:
    thr, op, m = float(c.threshold), c.op, c.metric

    if value is None or value != value:
        met, why = None, f"{c.label}: data tidak tersedia, dihitung belum terpenuhi."
    else:
        met = value >= thr if op == ">=" else value <= thr
        gap = thr - value if op == ">=" else value - thr
        if met:
            why = f"{c.label}: {show(m, value)}, memenuhi ambang {show(m, thr)}."
        else:
            why = f"{c.label}: {show(m, value)}, kurang {show(m, gap)} dari ambang {show(m, thr)}."
    return {
        "category": cat,
        "theme": theme,
        "metric": c.metric,
        "label": c.label,
        "value": value,
        "op": op,
        "threshold": thr,
        "weight": float(c.weight),
        "met": met,
        "why": why,
    }


def category_summary(ready: pd.DataFrame) -> pd.DataFrame:
    """One row per category: score, status, criteria met / total."""
    g = ready.groupby(["award_year", "category", "score", "status"], sort=False)
    return g.agg(
        met=("met", lambda s: int(s.fillna(False).sum())), criteria=("metric", "size")
    ).reset_index()


def actions(ready: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The unmet criteria whose fixing gains most: for each metric, the readiness score it
    would add summed over every category that uses it (its weight over the category's total
    weight). Ties go to the smaller gap.

    Returns columns: metric, label, value, threshold, gap, categories, gain.
    """
    if ready.empty:
        return pd.DataFrame(
            columns=["metric", "label", "value", "threshold", "gap", "categories", "gain"]
        )
    total = ready.groupby("category")["weight"].transform("sum")
    todo = ready[~ready["met"].fillna(False).astype(bool)].assign(gain=ready["weight"] / total)
    gap = (todo["threshold"] - todo["value"]).where(
        todo["op"] == ">=", todo["value"] - todo["threshold"]
    )
    todo = todo.assign(gap=gap)
    g = (
        todo.groupby(["metric", "label"], sort=False)
        .agg(
            value=("value", "first"),
            threshold=("threshold", "first"),
            gap=("gap", "first"),
            categories=("category", "; ".join),
            gain=("gain", "sum"),
        )
        .reset_index()
    )
    g = g.sort_values(["gain", "gap"], ascending=[False, True], na_position="last")
    return g.head(n).reset_index(drop=True)


# ------------------------------------------------------------------------- ASN Award


def shortlist(
    year: int,
    *,
    roster: pd.DataFrame,
    skp: pd.DataFrame,
    assessments: pd.DataFrame,
    training: pd.DataFrame,
    discipline: pd.DataFrame,
    nominations: pd.DataFrame,
    rules_dir=None,
) -> pd.DataFrame:
    """Candidates for the ASN Award of ``year`` with the data behind each: at most
    ``max_per_opd`` shortlisted per OPD **in total**, across the categories, exclusions
    explained (``rules/asn_award.yaml``).

    Candidates are the year's nominations (every category) plus, for the data category
    (ASN Berkinerja), every ASN whose last completed annual SKPs meet the rule. Berkinerja is
    judged on the last completed year (``year - last_completed_offset``: nominations close
    before the award year is rated): its predikat history, its training hours, and a JPM (the
    only category that needs one). A nomination without the OPD head's recommendation is
    excluded with that reason. Eligible candidates are ranked within their category by
    ``tie_break`` (``rank_kategori``); an OPD's places then go round the categories in the
    order of ``categories`` (``rank``: 1 to ``max_per_opd`` are shortlisted).

    Returns columns: year, kategori, sumber (data / usulan), opd, nip, nama, jabatan,
    predikat_history, jpm, jp (of the last completed year), shortlisted, rank_kategori, rank,
    reason (why not shortlisted); ``attrs["data_year"]`` is the last completed year.
    """
    d = rules.asn_award(rules_dir)
    rules.check_year("asn_award", year, rules_dir)
    bk = d.berkinerja
    last = year - bk.last_completed_offset  # the last completed (rated) year
    yrs = list(range(last - bk.predikat_years + 1, last + 1))
    r = roster[roster["year"] == year].drop_duplicates("nip").set_index("nip")
    if r.empty:
        raise ValueError(f"no roster for {year}")
    annual = performance.annual_predikat(skp, rules_dir)
    a = annual[annual["year"].isin(yrs) & annual["rated"]]
    hist = a.pivot_table(
        index="nip", columns="year", values="predikat", aggfunc="first", observed=True
    ).reindex(columns=yrs)
    allc = _candidates(r, hist, nominations[nominations["year"] == year], d)
    allc["predikat_history"] = _history_text(hist, allc["nip"])
    jpm = latest_per_person(assessments, year, "jpm")
    allc["jpm"] = lookup(allc["nip"], jpm).astype("Float64").to_numpy()
    # JP of the last completed year: 0 for a person the year's list does not name, missing
    # when there is no training list for that year at all
    jp = training[training["year"] == last].groupby("nip")["jp"].sum()
    allc["jp"] = allc["nip"].map(jp).astype(float).to_numpy()
    if (training["year"] == last).any():
        allc["jp"] = allc["jp"].fillna(0.0)
    dy = d.exclude_discipline_years
    sanctioned = set(discipline.loc[discipline["year"].between(year - dy + 1, year), "nip"])
    reason = _unknown_categories(allc["kategori"], d.categories)
    for mask, why in _exclusions(allc, r, hist, sanctioned, year, last, d):
        m = np.asarray(pd.Series(mask).fillna(False), dtype=bool)
        reason = reason.mask(reason.isna() & m, why)
    allc = _places(allc, reason, d)
    allc.insert(0, "year", year)
    out = allc[SHORTLIST_COLUMNS].sort_values(
        ["opd", "rank", "kategori", "nip"], na_position="last", ignore_index=True
    )
    out.attrs["data_year"] = last
    return check("shortlist", out)


SHORTLIST_COLUMNS = [
    "year",
    "kategori",
    "sumber",
    "opd",
    "nip",
    "nama",
    "jabatan",
    "predikat_history",
    "jpm",
    "jp",
    "shortlisted",
    "rank_kategori",
    "rank",
    "reason",
]


def _candidates(
    r: pd.DataFrame, hist: pd.DataFrame, nominations: pd.DataFrame, d: rules.shapes.AsnAward
) -> pd.DataFrame:
    """The year's nominations (every category) plus, for the data category, every ASN of the
    roster ``r`` whose predikat history ``hist`` meets the rule; a person both nominated for
    it and found in the data is one candidate (the nomination)."""
    data_cat = d.from_data
    ok_hist = hist.reindex(r.index).isin(d.berkinerja.predikat).all(axis=1).to_numpy()
    data = pd.DataFrame(
        {
            "nip": r.index[ok_hist],
            "opd": r["opd"].to_numpy()[ok_hist],
            "nama": r["nama"].to_numpy()[ok_hist],
            "jabatan": r["jabatan"].to_numpy()[ok_hist],
            "kategori": data_cat,
            "sumber": "data",
            "rekomendasi": pd.NA,
        }
    )
    cols = ("nip", "opd", "nama", "jabatan", "kategori", "rekomendasi")
    nom = pd.DataFrame({c: nominations[c].to_numpy() for c in cols})
    nom["sumber"] = "usulan"
    nominated = set(nom.loc[nom["kategori"] == data_cat, "nip"])
    return pd.concat([nom, data[~data["nip"].isin(nominated)]], ignore_index=True)


def _history_text(hist: pd.DataFrame, nips: pd.Series) -> list[str]:
    """Each person's predikat per year as the shortlist prints it ("2022: Baik; 2023: -")."""
    yrs = list(hist.columns)
    cols = [hist[y].astype(object).reindex(nips.to_numpy()).to_numpy() for y in yrs]
    return [
        "; ".join(f"{y}: {v if isinstance(v, str) else '-'}" for y, v in zip(yrs, vs, strict=True))
        for vs in zip(*cols, strict=True)
    ]


def _unknown_categories(kategori: pd.Series, cats: list[str]) -> pd.Series:
    """Why a candidate is out because of its category (missing when the category is known): a
    misspelt category says which one was probably meant."""
    reason = pd.Series(pd.NA, index=kategori.index, dtype="string")
    unknown = ~kategori.isin(cats)
    if not unknown.any():
        return reason
    hint = {
        k: difflib.get_close_matches(str(k), cats, n=1, cutoff=0.3)
        for k in kategori[unknown].unique()
    }
    return reason.mask(
        unknown,
        kategori.map(
            lambda k: (
                f"kategori {k!r} tidak ada di aturan"
                + (f" (maksudnya {hint[k][0]!r}?)" if hint.get(k) else "")
            )
        ),
    )


def _exclusions(
    allc: pd.DataFrame,
    r: pd.DataFrame,
    hist: pd.DataFrame,
    sanctioned: set,
    year: int,
    last: int,
    d: rules.shapes.AsnAward,
) -> list[tuple]:
    """(mask, reason) of every rule that excludes a candidate, in the order they are told (the
    first that applies is the one given)."""
    bk = d.berkinerja
    yrs = list(hist.columns)
    is_bk = (allc["kategori"] == d.from_data).to_numpy()
    no_last = pd.isna(hist[last].astype(object).reindex(allc["nip"].to_numpy()).to_numpy())
    never = allc["nip"].isna()  # a rule switched off in the rule file excludes nobody
    good_history = hist.reindex(r.index).isin(bk.predikat).all(axis=1)
    return [
        (
            (allc["sumber"] == "usulan") & ~allc["rekomendasi"].eq(True).fillna(False)
            if d.require_recommendation
            else never,
            "tanpa rekomendasi kepala OPD",
        ),
        (~pd.Series(isin(allc["nip"], r.index), index=allc.index), f"tidak ada di roster {year}"),
        (~allc["opd"].isin(set(r["opd"].dropna())), "OPD tidak dikenal"),
        (
            allc["nip"].isin(sanctioned),
            f"hukuman disiplin dalam {d.exclude_discipline_years} tahun terakhir",
        ),
        (is_bk & no_last, f"tidak ada SKP tahunan {last} yang sudah dinilai"),
        (
            is_bk & ~good_history.reindex(allc["nip"].to_numpy()).fillna(False).to_numpy(),
            f"predikat SKP tahunan {yrs[0]}-{last} tidak semuanya " + " / ".join(bk.predikat),
        ),
        (
            is_bk & allc["jpm"].isna().to_numpy() if bk.needs_jpm else never,
            "belum diases (JPM tidak ada)",
        ),
        (is_bk & allc["jp"].isna().to_numpy(), f"tidak ada data pelatihan {last}"),
        (
            is_bk & (allc["jp"] < bk.min_training_jp).to_numpy(),
            f"pelatihan {last} kurang dari {bk.min_training_jp:g} JP",
        ),
    ]


def _places(allc: pd.DataFrame, reason: pd.Series, d: rules.shapes.AsnAward) -> pd.DataFrame:
    """Rank the eligible candidates within their category by ``tie_break``, then give each
    OPD's places round the categories (each category's first, then each second, ...); beyond
    ``max_per_opd`` a candidate is out with that reason."""
    tb, cap = d.tie_break, d.max_per_opd
    ok = allc[reason.isna()].sort_values(
        [t.column for t in tb], ascending=[t.ascending for t in tb], na_position="last"
    )
    ok = ok.assign(
        rank_kategori=ok.groupby(["opd", "kategori"]).cumcount() + 1,
        _cat=ok["kategori"].map({c: i for i, c in enumerate(d.categories)}),
    )
    ok = ok.sort_values(["opd", "rank_kategori", "_cat"], kind="stable")
    ok["rank"] = ok.groupby("opd").cumcount() + 1
    allc["rank_kategori"] = ok["rank_kategori"].reindex(allc.index).astype("Int64")
    allc["rank"] = ok["rank"].reindex(allc.index).astype("Int64")
    over = allc["rank"].gt(cap).fillna(False).to_numpy(bool)
    allc["reason"] = reason.mask(over, f"di luar {cap} tempat OPD")
    allc["shortlisted"] = allc["reason"].isna()
    return allc


def over_limit(
    nominations: pd.DataFrame, year: int, shortlist: pd.DataFrame | None = None, rules_dir=None
) -> pd.DataFrame:
    """Every nomination of the OPDs that nominated more than ``max_per_opd`` people in total
    for ``year`` (all categories together), with the OPD's count, and whether each nominee was
    shortlisted (when ``shortlist`` is given).

    Returns columns: year, opd, usulan_opd, kategori, nip, nama, rekomendasi[, shortlisted,
    reason].
    """
    cap = rules.asn_award(rules_dir).max_per_opd
    n = nominations[nominations["year"] == year]
    count = n.groupby("opd", dropna=False)["nip"].transform("size")
    out = n[count > cap].assign(usulan_opd=count[count > cap])
    out = out[["year", "opd", "usulan_opd", "kategori", "nip", "nama", "rekomendasi"]]
    if shortlist is not None:
        s = shortlist[shortlist["sumber"] == "usulan"][["nip", "kategori", "shortlisted", "reason"]]
        out = out.merge(s.drop_duplicates(["nip", "kategori"]), on=["nip", "kategori"], how="left")
    return out.sort_values(["opd", "kategori", "nip"], ignore_index=True)


def mask_nip(nip: pd.Series) -> pd.Series:
    """``198609262015051001`` -> ``198609********1001`` (birth year-month and the serial kept)."""
    s = nip.astype("string")
    return s.str[:6] + "********" + s.str[-4:]


# ------------------------------------------------------------------ for the reports

#: the readiness metric -> the merit indicator (``metrics.indicators``) that measures it per
#: OPD, for the OPDs furthest from a threshold
INDICATOR_OF = {
    "skp_rated_share": "skp_dinilai",
    "skp_roster_match_share": "skp_ada",
    "assessed_share_3y": "asesmen",
    "training_20jp_share": "pelatihan",
    "qualification_share": "kualifikasi",
}


def indicators_of(ds, years, opd: str | None = None, rules_dir=None) -> pd.DataFrame:
    """:func:`indicators` of a :class:`~kediri_analytics.Dataset` for each of ``years``, one
    long frame (metric, value, year)."""
    t = ds.tables
    names = ("roster", "skp", "skp_documents", "opd_predikat", "assessments", "training")
    tables = {k: t[k] for k in (*names, "requirements", "merit_assessment")}
    years = [int(y) for y in years]
    if not years:
        raise ValueError("no year to measure")
    parts = [indicators(y, **tables, files=ds.files, opd=opd, rules_dir=rules_dir) for y in years]
    return pd.concat(parts, ignore_index=True)


def unmet(ready: pd.DataFrame) -> pd.DataFrame:
    """The criteria of :func:`readiness` not met (no data counts as not met) that the data
    measures (the evidence checklist is not)."""
    return ready[~ready["met"].fillna(False).astype(bool) & (ready["metric"] != "evidence_share")]


def criteria_table(ready: pd.DataFrame) -> pd.DataFrame:
    """The criteria of :func:`readiness` (one category's, or all) as a report lists them:
    the value and threshold as :func:`show` writes them.

    Returns columns: criterion, nilai, ambang, met, weight.
    """
    if ready.empty:
        raise ValueError("no criteria to list")
    return pd.DataFrame(
        {
            "criterion": ready["label"],
            "nilai": [show(m, v) for m, v in zip(ready["metric"], ready["value"], strict=True)],
            "ambang": [
                show(m, v) for m, v in zip(ready["metric"], ready["threshold"], strict=True)
            ],
            "met": ready["met"],
            "weight": ready["weight"],
        }
    )


def unmet_trend(ds, ready: pd.DataFrame, data_year: int, opd=None, rules_dir=None) -> pd.DataFrame:
    """The value of each unmet criterion (:func:`unmet`, but the merit index) in every roster
    year up to ``data_year``, for a chart: years without data are left out.

    Returns columns: indicator (the metric), value, year.
    """
    years = sorted(int(y) for y in ds.roster["year"].dropna().unique() if y <= data_year)
    todo = set(unmet(ready)["metric"]) - {"merit_index"}
    if not years or not todo:
        return pd.DataFrame(columns=["indicator", "value", "year"])
    t = indicators_of(ds, years, opd, rules_dir)
    t = t[t["metric"].isin(todo)].dropna(subset=["value"])
    return t.rename(columns={"metric": "indicator"})


def furthest_opds(ready: pd.DataFrame, per_opd: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """For each unmet criterion that a merit indicator measures per OPD
    (:data:`INDICATOR_OF`), the ``n`` OPDs with the lowest value (``per_opd``: the indicators
    by OPD of the data year, ``metrics.indicators.by_opd``).

    Returns columns: kriteria, opd, value, threshold.
    """
    rows = []
    for r in unmet(ready).drop_duplicates("metric").itertuples():
        if r.metric in INDICATOR_OF:
            low = per_opd[per_opd["indicator"] == INDICATOR_OF[r.metric]].nsmallest(n, "value")
            rows += [
                {"kriteria": r.label, "opd": o.opd, "value": o.value, "threshold": r.threshold}
                for o in low.itertuples()
            ]
    return pd.DataFrame(rows, columns=["kriteria", "opd", "value", "threshold"])


def evidence_list(evidence: pd.DataFrame, award_year: int) -> pd.DataFrame:
    """The evidence checklist of ``award_year`` with each item's ``status`` as a report
    states it: "ada", or "belum" (also where the checklist leaves ``ada`` blank); the
    checklist's own status column, if any, is replaced."""
    ev = evidence[evidence["year"] == award_year]
    return ev.assign(status=ev["ada"].map({True: "ada", False: "belum"}).fillna("belum"))


def shortlist_of(ds, year: int, rules_dir=None) -> pd.DataFrame:
    """:func:`shortlist` of a :class:`~kediri_analytics.Dataset`."""
    t = ds.tables
    names = ("roster", "skp", "assessments", "training", "discipline", "nominations")
    return shortlist(year, **{k: t[k] for k in names}, rules_dir=rules_dir)


def masked(frame: pd.DataFrame, show_nip: bool = False) -> pd.DataFrame:
    """``frame`` with its ``nip`` column masked (:func:`mask_nip`), or as it is when
    ``show_nip``."""
    if show_nip:
        return frame
    if "nip" not in frame.columns:
        raise KeyError(f"no 'nip' column to mask: {list(frame.columns)}")
    return frame.assign(nip=mask_nip(frame["nip"]))


def nomination_outcomes(over: pd.DataFrame) -> pd.DataFrame:
    """Each nomination of :func:`over_limit` (given the shortlist) with its outcome:
    ``status`` "masuk daftar" or "tidak masuk", and the reason.

    Returns columns: opd, kategori, nip, status, reason.
    """
    if "shortlisted" not in over.columns:
        raise KeyError("over_limit was called without the shortlist: no outcome to show")
    status = over["shortlisted"].map({True: "masuk daftar", False: "tidak masuk"})
    return over.assign(status=status)[["opd", "kategori", "nip", "status", "reason"]]


def exclusions(candidates: pd.DataFrame) -> pd.DataFrame:
    """Candidates of :func:`shortlist` not shortlisted, counted per category and reason.

    Returns columns: kategori, reason, people.
    """
    out = candidates[~candidates["shortlisted"]].groupby(["kategori", "reason"]).size()
    return out.rename("people").reset_index()

"""Performance (kinerja): predikat per person-year across the three SKP regimes, distribution
per OPD, SKP compliance, the distribution quota, year-on-year change."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import rules
from ..core.fmt import number, percent
from ..rules import labels
from .keys import flag, nip_key, people_of
from .outputs import check
from .population import active

NOT_RATED = "Belum Dinilai"


def predikat_labels(rules_dir=None) -> list[str]:
    """The predikat labels, worst first, from ``labels_predikat.yaml``."""
    return labels.predikat_vocab(rules_dir)[2]


def annual_predikat(skp: pd.DataFrame, rules_dir=None) -> pd.DataFrame:
    """One row per NIP and year: the person's own annual predikat.

    Acting-position (Plt/Plh) SKPs are left out. Legacy numeric results (PP 46/2011, PP 30/2019)
    are shown as predikat through the bridge in ``rules/legacy_bands.yaml`` (``bridged`` True);
    a legacy number without its sebutan is first banded by its regime's ``bands`` (``banded``
    True).
    Not yet rated stays missing (``rated`` False). If one NIP has several own annual rows in a
    year, the one whose period ends last is kept.

    Returns columns: year, nip, nama, opd, jenis_pegawai, regime, predikat (ordered
    categorical), rated, bridged, banded, nilai.
    """
    need = {"nip", "year", "period", "acting", "predikat", "sebutan", "regime", "rated"}
    if missing := need - set(skp.columns):
        raise ValueError(f"skp table lacks columns {sorted(missing)}")
    own = skp[(skp["period"] == "Tahunan") & ~skp["acting"].astype(bool)]
    own = own.assign(_k=nip_key(own["nip"]))
    dup = own["_k"].duplicated(keep=False)  # one int column first: cheap, usually all False
    if dup.any():
        dup[dup] = own[dup].duplicated(["year", "_k"], keep=False)
    if dup.any():  # only the few people with several own rows need sorting
        several = (
            own[dup]
            .sort_values(["year", "_k", "periode_akhir"], na_position="first", kind="stable")
            .drop_duplicates(["year", "_k"], keep="last")
        )
        own = pd.concat([own[~dup], several]).sort_index()
    lb = rules.legacy_bands(rules_dir)
    bridge = lb.bridge
    sebutan = own["sebutan"]
    # a legacy number without its sebutan is banded by its regime's bands (never left unrated)
    bare = sebutan.isna() & own["predikat"].isna() & own["nilai"].notna()
    banded = pd.Series(False, index=own.index)
    if bare.any():
        sebutan = sebutan.astype(object).copy()
        for reg, spec in lb.regimes.items():
            m = bare & own["regime"].eq(reg).fillna(False)
            if m.any():
                bands = rules.cutoffs(spec.bands)
                sebutan[m] = rules.bands_of(own.loc[m, "nilai"], bands).astype(object)
                banded |= m
    legacy = sebutan.notna() & own["predikat"].isna()
    bridged = sebutan.astype("category").map(bridge).astype(object)  # once per label
    labels = predikat_labels(rules_dir)
    cat = pd.CategoricalDtype(labels, ordered=True)
    pred = own["predikat"].astype(cat)
    if legacy.any():
        pred = pred.astype(object).where(~legacy, bridged).astype(cat)
    unknown = legacy & bridged.isna()
    if unknown.any():
        bad = sorted(sebutan[unknown].dropna().unique())
        raise ValueError(f"legacy band(s) {bad} have no bridge in rules/legacy_bands.yaml")
    out = pd.DataFrame(
        {
            "year": own["year"].astype("Int64"),
            "nip": own["nip"],
            "nama": own.get("nama"),
            "opd": own["opd"],
            "jenis_pegawai": own.get("jenis_pegawai"),
            "regime": own["regime"],
            "predikat": pred,
            "rated": own["rated"].astype(bool) & pd.notna(pred),
            "bridged": legacy.to_numpy(),
            "banded": banded.to_numpy(),
            "nilai": own.get("nilai"),
        },
        copy=False,
    )
    return check("annual_predikat", out.reset_index(drop=True))


def distribution(annual: pd.DataFrame, by: tuple[str, ...] = ("year", "opd")) -> pd.DataFrame:
    """Counts and shares of each predikat (plus "Belum Dinilai") per group; shares sum to 1.

    Returns columns: *by, predikat, count, share.
    """
    if annual.empty:
        return pd.DataFrame(columns=[*by, "predikat", "count", "share"])
    cats = annual["predikat"].cat.categories
    order = [*cats[::-1], NOT_RATED]
    # by code (no label per row): rated rows keep their predikat, in reversed order; the
    # rest are "Belum Dinilai" (a rated row always has a predikat)
    code = annual["predikat"].cat.codes.to_numpy()
    rated = annual["rated"].to_numpy(dtype=bool) & (code >= 0)
    new = np.where(rated, len(cats) - 1 - code, len(cats))
    lab = pd.Categorical.from_codes(new, dtype=pd.CategoricalDtype(order, ordered=True))
    g = annual.assign(predikat=lab)
    counts = g.groupby([*by, "predikat"], observed=True).size().rename("count").reset_index()
    total = counts.groupby(list(by))["count"].transform("sum")
    return check("distribution", counts.assign(share=counts["count"] / total))


def compliance(
    roster: pd.DataFrame,
    skp: pd.DataFrame,
    skp_documents: pd.DataFrame | None = None,
    year: int | None = None,
    period: str = "Tahunan",
    by: tuple[str, ...] = ("opd",),
) -> pd.DataFrame:
    """SKP compliance per OPD for one year and period, against that year's roster.

    For each ASN in the roster expected to report (kedudukan hukum Aktif or not recorded;
    see :func:`.population.not_expected` for the others): ``has_skp`` (an own SKP document or
    rating exists for the period), ``approved`` (a document with status Persetujuan; only when
    documents are given), ``rated`` (a rating exists). People not in the roster are not
    counted here.

    Returns columns: year, period, *by, asn, has_skp, approved, rated, no_skp, share_has_skp,
    share_approved, share_rated.
    """
    if year is None:
        if roster.empty:
            raise ValueError("roster is empty: no year to measure compliance for")
        year = int(roster["year"].max())
    r, people = people_of(active(roster), year)
    s = skp.loc[
        (skp["year"] == year) & (skp["period"] == period) & ~skp["acting"].astype(bool),
        ["nip", "rated"],
    ]
    has = flag(people, s["nip"])
    rated = flag(people, s.loc[s["rated"].astype(bool), "nip"])
    approved = np.zeros(len(r), dtype=bool)
    if skp_documents is not None and len(skp_documents):
        d = skp_documents[(skp_documents["year"] == year) & ~skp_documents["acting"].astype(bool)]
        has |= flag(people, d["nip"])
        approved = flag(people, d.loc[d["approved"].astype(bool), "nip"])
    flags = r.assign(has_skp=has, approved=approved, rated=rated)
    out = (
        flags.groupby(list(by), observed=True)
        .agg(
            asn=("nip", "size"),
            has_skp=("has_skp", "sum"),
            approved=("approved", "sum"),
            rated=("rated", "sum"),
        )
        .reset_index()
    )
    out["no_skp"] = out["asn"] - out["has_skp"]
    for c in ("has_skp", "approved", "rated"):
        out[f"share_{c}"] = out[c] / out["asn"]
    out.insert(0, "period", period)
    if "year" not in out:
        out.insert(0, "year", year)
    return check("compliance", out.sort_values("share_has_skp", ignore_index=True))


def quota_check(
    annual: pd.DataFrame, opd_predikat: pd.DataFrame, year: int, rules_dir=None
) -> pd.DataFrame:
    """Each OPD's employee predikat mix against the quota for its own predikat.

    Shares are of rated own SKPs. OPDs without an organisation predikat for the year are
    listed with ``ok`` missing and ``rule`` "predikat OPD tidak ada".

    A rule is on the share of the labels (``max`` / ``min``) or on their number of people
    (``min_count``: "at least some" is at least 1 person, ``unit`` "orang").

    Returns columns: year, opd, opd_predikat, rated, rule, labels, count, share, limit, unit,
    ok.
    """
    rules.check_year("predikat_quota", year, rules_dir)
    spec = rules.predikat_quota(rules_dir).by_opd_predikat
    a = annual[(annual["year"] == year) & annual["rated"]]
    counts = a.groupby(["opd", "predikat"], observed=True).size().unstack(fill_value=0)
    rated = counts.sum(axis=1)
    op = opd_predikat[opd_predikat["year"] == year].drop_duplicates("opd", keep="last")
    org = op.set_index("opd")["predikat"]
    rows = []
    for opd in sorted(set(rated.index) | set(org.index)):
        n = int(rated.get(opd, 0))
        p = org.get(opd)
        if p is None or pd.isna(p):
            rows.append(
                {
                    "opd": opd,
                    "opd_predikat": None,
                    "rated": n,
                    "rule": "predikat OPD tidak ada",
                    "labels": None,
                    "count": None,
                    "share": None,
                    "limit": None,
                    "unit": None,
                    "ok": pd.NA,
                }
            )
            continue
        if p not in spec:
            raise ValueError(f"OPD predikat {p!r} of {opd!r} has no quota in predikat_quota.yaml")
        for r in spec[p]:
            k = (
                int(counts.loc[opd, [x for x in r.labels if x in counts.columns]].sum())
                if opd in counts.index
                else 0
            )
            share = k / n if n else np.nan
            if r.max is not None:
                ok, rule, limit, unit = share <= r.max, "paling banyak", r.max, "share"
            elif r.min is not None:
                ok, rule, limit, unit = share >= r.min, "paling sedikit", r.min, "share"
            else:
                ok, limit, unit = k >= r.min_count, r.min_count, "orang"
                rule = "paling sedikit"
            rows.append(
                {
                    "opd": opd,
                    "opd_predikat": p,
                    "rated": n,
                    "rule": rule,
                    "labels": " + ".join(r.labels),
                    "count": k,
                    "share": share,
                    "limit": limit,
                    "unit": unit,
                    "ok": pd.NA if n == 0 else bool(ok),
                }
            )
    out = pd.DataFrame(rows)
    out.insert(0, "year", year)
    out["ok"] = out["ok"].astype("boolean")
    return check("quota_check", out)


def quota_text(check: pd.DataFrame) -> pd.Series:
    """Each quota rule as a report states it, with what was found: "Baik paling banyak 70,0%
    (nyata 75,0%)", "Butuh Perbaikan + Kurang/Misconduct paling sedikit 1 orang (nyata 0
    orang)"."""
    people = check["unit"].eq("orang").fillna(False).to_numpy(bool)
    limit = np.where(
        people, [f"{number(v)} orang" for v in check["limit"]], [percent(v) for v in check["limit"]]
    )
    found = np.where(
        people, [f"{number(v)} orang" for v in check["count"]], [percent(v) for v in check["share"]]
    )
    out = check["labels"] + " " + check["rule"] + " " + limit + " (nyata " + found + ")"
    return out.where(check["labels"].notna(), check["rule"])


def quota_summary(check: pd.DataFrame) -> pd.DataFrame:
    """One row per OPD: whether all its quota rules hold (missing when it cannot be judged)."""
    g = check.groupby(["year", "opd"], sort=True)["ok"]
    out = g.agg(lambda s: pd.NA if s.isna().any() else bool(s.all())).rename("ok")
    return out.astype("boolean").reset_index()


def yoy_change(dist: pd.DataFrame, by: tuple[str, ...] = ("opd",)) -> pd.DataFrame:
    """Change of each predikat's share against the previous year present (percentage points
    as a fraction). Returns columns: *by, predikat, year, share, previous, change."""
    d = dist.sort_values([*by, "predikat", "year"])
    prev = d.groupby([*by, "predikat"], observed=True)["share"].shift(1)
    return d.assign(previous=prev, change=d["share"] - prev)[
        [*by, "predikat", "year", "share", "previous", "change"]
    ].reset_index(drop=True)


def quota_breaches(check: pd.DataFrame, opd: str | None = None) -> pd.DataFrame:
    """The OPDs of a :func:`quota_check` that break a quota rule (``opd``: that OPD only),
    one row each with every rule broken as :func:`quota_text` states it ("; " between).

    Returns columns: opd, opd_predikat, asn_rated, rules_broken.
    """
    for c in ("opd", "opd_predikat", "rated", "ok"):
        if c not in check.columns:
            raise KeyError(f"not a quota_check frame: no column {c!r}")
    broken = check[check["ok"].eq(False)]
    if opd is not None:
        broken = broken[broken["opd"] == opd]
    if broken.empty:
        return pd.DataFrame(columns=["opd", "opd_predikat", "asn_rated", "rules_broken"])
    broken = broken.assign(rules_broken=quota_text(broken))
    out = broken.groupby(["opd", "opd_predikat", "rated"], as_index=False)["rules_broken"].agg(
        "; ".join
    )
    return out.rename(columns={"rated": "asn_rated"})


def bridged_years(annual: pd.DataFrame) -> list[int]:
    """The years of an :func:`annual_predikat` frame whose predikat are bridged from a
    numeric SKP result (PP 46/2011, PP 30/2019), sorted."""
    return sorted(int(y) for y in annual.loc[annual["bridged"].astype(bool), "year"].unique())

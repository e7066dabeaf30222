"""Competency: JPM categories on both scales, gaps per competency, assessment coverage and
training hours against the yearly rule."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import rules
from . import jabatan
from .keys import flag, nip_key, people_of, values_at
from .outputs import check
from .population import active


def _scale_bands(scale: str, rules_dir=None):
    scales = rules.jpm(rules_dir).scales
    if scale not in scales:
        raise ValueError(f"unknown JPM scale {scale!r}; expected one of {list(scales)}")
    return rules.cutoffs(scales[scale])


def jpm_categories(assessments: pd.DataFrame, rules_dir=None) -> pd.DataFrame:
    """Assessments with their JPM category on the mapping and the selection scale, and on the
    scale of their own assessment type (``kategori``; missing when the type is missing or not
    in ``jpm.yaml`` ``scale_of``, which the loader reports). Missing JPM stays missing."""
    if (assessments["jpm"].dropna() < 0).any():
        raise ValueError("JPM below 0 in assessments")
    out = assessments.assign(
        kategori_pemetaan=rules.bands_of(assessments["jpm"], _scale_bands("pemetaan", rules_dir)),
        kategori_seleksi=rules.bands_of(assessments["jpm"], _scale_bands("seleksi", rules_dir)),
    )
    # each row's own scale, decided once per assessment type (a handful of labels); a type
    # the rules do not know (or none) has no own-scale category: never a default scale
    jenis = out["jenis_asesmen"].astype("category").cat
    scale_of = rules.jpm(rules_dir).scale_of
    scale = [scale_of.get(c) for c in jenis.categories]
    seleksi = np.array([s == "seleksi" for s in scale] + [False])[jenis.codes.to_numpy()]
    known = np.array([s is not None for s in scale] + [False])[jenis.codes.to_numpy()]
    pem, sel = out["kategori_pemetaan"].cat, out["kategori_seleksi"].cat
    labels = list(dict.fromkeys([*pem.categories, *sel.categories]))
    codes = np.where(
        seleksi,
        np.array([labels.index(c) for c in sel.categories] + [-1])[sel.codes.to_numpy()],
        np.array([labels.index(c) for c in pem.categories] + [-1])[pem.codes.to_numpy()],
    )
    codes = np.where(known, codes, -1)
    out["kategori"] = pd.Categorical.from_codes(codes, categories=labels)
    return check("jpm_categories", out)


def gaps(
    competency: pd.DataFrame, by: tuple[str, ...] = ("year", "opd", "kompetensi")
) -> pd.DataFrame:
    """Gap per competency (required - assessed; positive = below the standard).

    Returns columns: *by, assessed_people, mean_gap, share_below.
    """
    c = competency.dropna(subset=["required", "assessed"])
    if (c["required"] < 1).any():
        raise ValueError("a required competency level below 1 cannot be judged")
    gap = (c["required"] - c["assessed"]).astype(float)
    g = c.assign(gap=gap, below=gap > 0).groupby(list(by), observed=True)
    out = g.agg(
        assessed_people=("nip", "nunique"), mean_gap=("gap", "mean"), share_below=("below", "mean")
    ).reset_index()
    return check("gaps", out)


def coverage(
    roster: pd.DataFrame,
    assessments: pd.DataFrame,
    year: int,
    window: int = 1,
    by: tuple[str, ...] = ("opd",),
) -> pd.DataFrame:
    """Share of the year's ASN assessed in the ``window`` years up to ``year``."""
    r, people = people_of(active(roster), year)  # people expected to report
    a = assessments.loc[assessments["year"].between(year - window + 1, year), "nip"]
    g = r.assign(assessed=flag(people, a)).groupby(list(by), observed=True)
    out = g.agg(asn=("nip", "size"), assessed=("assessed", "sum")).reset_index()
    out["share"] = out["assessed"] / out["asn"]
    return check("coverage", out if "year" in out else out.assign(year=year))


def training_rule(
    roster: pd.DataFrame,
    training: pd.DataFrame,
    year: int,
    rules_dir=None,
    by: tuple[str, ...] = ("opd",),
) -> pd.DataFrame:
    """ASN of the year's roster reaching the yearly training hours (``jpm.yaml``
    ``training_jp_per_year``: 20 JP as shipped).

    A person with no training record in the year has 0 JP (the list records events; no event
    means no hours), which is a real zero, not missing data.
    """
    need = rules.jpm(rules_dir).training_jp_per_year
    r, people = people_of(active(roster), year)  # people expected to report
    ty = training.loc[training["year"] == year, ["nip", "jp"]]
    jp = ty["jp"].groupby(nip_key(ty["nip"])).sum()
    x = r.assign(jp=pd.Series(values_at(people, jp), index=r.index).fillna(0).astype(float))
    x["meets"] = x["jp"] >= need
    g = x.groupby(list(by), observed=True)
    out = g.agg(asn=("nip", "size"), meeting=("meets", "sum"), mean_jp=("jp", "mean")).reset_index()
    out["share"] = out["meeting"] / out["asn"]
    out = out if "year" in out else out.assign(year=year)
    return check("training_rule", out.assign(rule_jp=need))


def category_shares(jpm: pd.DataFrame, scale: str = "pemetaan") -> pd.DataFrame:
    """The share of each JPM category (``scale``: pemetaan or seleksi) among the assessments
    of each year, from :func:`jpm_categories`.

    Returns columns: year, kategori_<scale>, n, share.
    """
    col = f"kategori_{scale}"
    if col not in jpm.columns:
        raise KeyError(f"no column {col!r}: pass the output of jpm_categories")
    out = jpm.groupby(["year", col], observed=True).size().rename("n").reset_index()
    out["share"] = out["n"] / out.groupby("year")["n"].transform("sum")
    return out


def largest_gaps(competency: pd.DataFrame, n: int = 8) -> pd.DataFrame:
    """The ``n`` competencies with the largest mean gap (:func:`gaps` by competency),
    largest first."""
    return gaps(competency, by=("kompetensi",)).sort_values("mean_gap", ascending=False).head(n)


def jpm_by_position(
    assessments: pd.DataFrame, roster: pd.DataFrame, year: int, window: int = 3, rules_dir=None
) -> pd.DataFrame:
    """Assessments of the ``window`` years up to ``year`` per position category of the people
    assessed as they stand in ``year``'s roster (``metrics.jabatan``): how many, and the mean
    JPM. People no longer in the roster are left out.

    Returns columns: kategori_jabatan, assessments, jpm_mean.
    """
    now = roster[roster["year"] == year]
    if now.empty:
        raise ValueError(f"no roster for {year}")
    a = assessments[assessments["year"].between(year - window + 1, year)]
    a = jabatan.attach(a.assign(year=year), jabatan.classify(now, rules_dir))  # jabatan now
    g = a.groupby("kategori_jabatan", observed=True)["jpm"].agg(["count", "mean"])
    return g.reset_index().rename(columns={"count": "assessments", "mean": "jpm_mean"})

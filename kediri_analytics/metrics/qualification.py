"""Qualification (kualifikasi): education level against the position's requirement."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import rules
from ..loaders import normalize as nz
from .outputs import check
from .population import active


def _rank(levels: pd.Series, rules_dir=None) -> pd.Series:
    """Comparable rank of an education level, with equivalences (D-IV counts as S-1); worked
    out once per level, then taken by code."""
    eq = rules.load("labels_education", rules_dir).get("equivalent", {}) or {}
    cats = list(levels.cat.categories)
    rank = np.array([cats.index(eq[c]) if eq.get(c) in cats else i for i, c in enumerate(cats)]
                    + [-1], dtype=float)  # fmt: skip
    out = rank[levels.cat.codes.to_numpy()]
    return pd.Series(np.where(out < 0, np.nan, out), index=levels.index)


def _as_levels(values: pd.Series, cat: pd.CategoricalDtype) -> pd.Series:
    """Education labels as the vocabulary's categorical (recoded, not re-parsed, when already
    categorical)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.set_categories(cat.categories).astype(cat)
    return values.astype(object).astype(cat)


def meets_requirement(
    roster: pd.DataFrame, requirements: pd.DataFrame, year: int | None = None, rules_dir=None
) -> pd.DataFrame:
    """Per ASN expected to report (kedudukan hukum Aktif or not recorded): the minimum
    education of the position and whether the person meets it.

    A position missing from the requirement table gives ``meets`` missing and ``reason``
    "tidak ada standar" (never counted as meeting or failing). Unknown education likewise.

    Returns columns: year, nip, opd, jabatan, jenis_jabatan, education, min_education, meets,
    reason.
    """
    r = active(roster if year is None else roster[roster["year"] == year])
    if r.empty:
        raise ValueError(f"no roster rows{'' if year is None else f' for {year}'}")
    req = requirements.drop_duplicates("jabatan", keep="last").set_index("jabatan")
    cat = pd.CategoricalDtype(nz.education_vocab(rules_dir)[0], ordered=True)
    jab = r["jabatan"].astype("category")  # each distinct position looked up once
    need_of = _as_levels(req["min_education"], cat).reindex(jab.cat.categories)
    codes = np.append(need_of.cat.codes.to_numpy(), -1)[jab.cat.codes.to_numpy()]
    min_edu = pd.Series(pd.Categorical.from_codes(codes, dtype=cat), index=r.index)
    edu = _as_levels(r["education"], cat)
    have, need = _rank(edu, rules_dir), _rank(min_edu, rules_dir)
    meets = pd.array(have >= need, dtype="boolean")
    meets[(have.isna() | need.isna()).to_numpy()] = pd.NA
    reason = pd.Categorical.from_codes(
        np.select([need.isna(), have.isna()], [0, 1], default=-1),
        categories=["tidak ada standar", "pendidikan tidak diketahui"],
    )
    out = pd.DataFrame(
        {
            "year": r["year"], "nip": r["nip"], "opd": r["opd"], "jabatan": r["jabatan"],
            "jenis_jabatan": r["jenis_jabatan"], "education": r["education"],
            "min_education": min_edu, "meets": meets, "reason": reason,
        }
    ).reset_index(drop=True)  # fmt: skip
    return check("meets_requirement", out)


def share_meeting(per_person: pd.DataFrame, by: tuple[str, ...] = ("year", "opd")) -> pd.DataFrame:
    """Per group: ASN, those with a requirement, those meeting it, and the share meeting it
    (of those with a known requirement and education)."""
    g = per_person.assign(
        judged=per_person["meets"].notna(), ok=per_person["meets"].fillna(False).astype(bool),
        no_standard=per_person["reason"].eq("tidak ada standar").fillna(False),
    ).groupby(list(by), observed=True)  # fmt: skip
    out = g.agg(asn=("nip", "size"), judged=("judged", "sum"), meeting=("ok", "sum"),
                no_standard=("no_standard", "sum")).reset_index()  # fmt: skip
    out["share"] = (out["meeting"] / out["judged"]).where(out["judged"] > 0)
    return check("share_meeting", out)


def education_mix(roster: pd.DataFrame) -> pd.DataFrame:
    """ASN per year and education level, with the share of the year's total."""
    g = roster.groupby(["year", "education"], observed=True).size().rename("count").reset_index()
    g["share"] = g["count"] / g.groupby("year")["count"].transform("sum")
    return check("education_mix", g)

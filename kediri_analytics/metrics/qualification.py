"""Qualification (kualifikasi): education level against the position's requirement."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .. import rules
from ..loaders import normalize as nz
from ..rules import labels
from . import jabatan
from .outputs import check
from .population import active


def _rank(levels: pd.Series, rules_dir=None) -> pd.Series:
    """Comparable rank of an education level, with equivalences (D-IV counts as S-1); worked
    out once per level, then taken by code."""
    eq = rules.labels_education(rules_dir).equivalent
    cats = list(levels.cat.categories)
    rank = np.array(
        [cats.index(eq[c]) if eq.get(c) in cats else i for i, c in enumerate(cats)] + [-1],
        dtype=float,
    )
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

    Profesi and Spesialis requirements are met only by that track (``tracks`` in
    ``labels_education.yaml``: an S-2 does not meet a Profesi requirement); where the table
    names a field of study (``bidang``), the education's name must name one of its fields
    (``meets_field``; missing when no field is required or the name is unknown).

    Returns columns: year, nip, opd, jabatan, jenis_jabatan, education, min_education, bidang,
    meets_field, meets, reason (tidak ada standar, pendidikan tidak diketahui, jenjang kurang,
    bidang tidak sesuai).
    """
    r = active(roster if year is None else roster[roster["year"] == year])
    if r.empty:
        raise ValueError(f"no roster rows{'' if year is None else f' for {year}'}")
    req = requirements.drop_duplicates("jabatan", keep="last").set_index("jabatan")
    cat = pd.CategoricalDtype(labels.education_vocab(rules_dir)[0], ordered=True)
    jab = r["jabatan"].astype("category")  # each distinct position looked up once
    need_of = _as_levels(req["min_education"], cat).reindex(jab.cat.categories)
    codes = np.append(need_of.cat.codes.to_numpy(), -1)[jab.cat.codes.to_numpy()]
    min_edu = pd.Series(pd.Categorical.from_codes(codes, dtype=cat), index=r.index)
    edu = _as_levels(r["education"], cat)
    have, need = _rank(edu, rules_dir), _rank(min_edu, rules_dir)
    level_ok = (have >= need).to_numpy().copy()
    tracks = rules.labels_education(rules_dir).tracks
    for lvl, allowed in tracks.items():  # Profesi / Spesialis: only that track meets it
        on = (min_edu == lvl).fillna(False).to_numpy(bool)
        if on.any():
            level_ok[on] = edu[on].astype(object).isin(allowed).to_numpy()
    field = _field_of(req, jab)
    field_ok = _field_met(field, r.get("education_name"))
    judged = ~(have.isna() | need.isna()).to_numpy()
    meets = pd.array(level_ok & field_ok.fillna(True).to_numpy(bool), dtype="boolean")
    meets[~judged] = pd.NA
    reason = pd.Categorical.from_codes(
        np.select(
            [
                need.isna().to_numpy(),
                have.isna().to_numpy(),
                judged & ~level_ok,
                judged & field_ok.eq(False).fillna(False).to_numpy(bool),
            ],
            [0, 1, 2, 3],
            default=-1,
        ),
        categories=[
            "tidak ada standar",
            "pendidikan tidak diketahui",
            "jenjang kurang",
            "bidang tidak sesuai",
        ],
    )
    out = pd.DataFrame(
        {
            "year": r["year"],
            "nip": r["nip"],
            "opd": r["opd"],
            "jabatan": r["jabatan"],
            "jenis_jabatan": r["jenis_jabatan"],
            "education": r["education"],
            "min_education": min_edu,
            "bidang": field.to_numpy(),
            "meets_field": field_ok.to_numpy(),
            "meets": meets,
            "reason": reason,
        }
    ).reset_index(drop=True)
    return check("meets_requirement", out)


def _field_of(req: pd.DataFrame, jab: pd.Series) -> pd.Series:
    """The field of study (bidang) the requirement table names for each person's position."""
    if "bidang" not in req:
        return pd.Series(pd.NA, index=jab.index, dtype="string")
    b = nz.text(req["bidang"]).reindex(jab.cat.categories)
    codes = np.append(np.arange(len(b)), -1)[jab.cat.codes.to_numpy()]
    vals = np.append(b.to_numpy(dtype=object), pd.NA)[codes]
    return pd.Series(vals, index=jab.index, dtype="string")


def _field_met(field: pd.Series, education_name: pd.Series | None) -> pd.Series:
    """Per person: does the education's name name one of the fields the requirement allows
    ("ILMU HUKUM / ADMINISTRASI PUBLIK": any of them, in any case or spacing)? Missing where
    the requirement names no field or the education's name is unknown."""
    out = pd.Series(pd.NA, index=field.index, dtype="boolean")
    if education_name is None:
        return out
    name = education_name.astype("string").map(nz.key, na_action="ignore")
    on = field.notna() & name.notna()
    for f, idx in field[on].groupby(field[on]).groups.items():  # once per distinct field
        alts = [nz.key(a) for a in re.split(r"\s*[/;,]\s*|\s+atau\s+", str(f)) if a.strip()]
        n = name[idx]
        out[idx] = n.map(lambda x, alts=alts: any(a and a in x for a in alts)).astype("boolean")
    return out


def requirement_summary(requirements: pd.DataFrame) -> dict:
    """How many positions the requirement table lists, and how many name a field of study
    (the others are judged on the education level alone)."""
    req = requirements.drop_duplicates("jabatan", keep="last")
    with_field = int(nz.text(req["bidang"]).notna().sum()) if "bidang" in req else 0
    return {
        "positions": int(len(req)),
        "with_field": with_field,
        "without_field": int(len(req)) - with_field,
    }


def share_meeting(per_person: pd.DataFrame, by: tuple[str, ...] = ("year", "opd")) -> pd.DataFrame:
    """Per group: ASN, those with a requirement, those meeting it, and the share meeting it
    (of those with a known requirement and education)."""
    g = per_person.assign(
        judged=per_person["meets"].notna(),
        ok=per_person["meets"].fillna(False).astype(bool),
        no_standard=per_person["reason"].eq("tidak ada standar").fillna(False),
    ).groupby(list(by), observed=True)
    out = g.agg(
        asn=("nip", "size"),
        judged=("judged", "sum"),
        meeting=("ok", "sum"),
        no_standard=("no_standard", "sum"),
    ).reset_index()
    out["share"] = (out["meeting"] / out["judged"]).where(out["judged"] > 0)
    return check("share_meeting", out)


def education_mix(roster: pd.DataFrame) -> pd.DataFrame:
    """ASN per year and education level, with the share of the year's total."""
    g = roster.groupby(["year", "education"], observed=True).size().rename("count").reset_index()
    g["share"] = g["count"] / g.groupby("year")["count"].transform("sum")
    return check("education_mix", g)


def by_position_category(
    roster: pd.DataFrame,
    requirements: pd.DataFrame,
    year: int,
    opd: str | None = None,
    rules_dir=None,
) -> pd.DataFrame:
    """:func:`share_meeting` per position category (``metrics.jabatan``: JPT, administrator,
    ..., pelaksana) of ``year``'s roster, of one OPD (None: everyone).

    Returns columns: kategori_jabatan, asn, judged, meeting, share.
    """
    now = roster[roster["year"] == year]
    if now.empty:
        raise ValueError(f"no roster for {year}")
    if opd is not None:
        now = now[now["opd"] == opd]
    per = meets_requirement(roster, requirements, year, rules_dir)
    per = per[per["opd"] == opd] if opd is not None else per
    per = jabatan.attach(per, jabatan.classify(now, rules_dir))
    out = share_meeting(per, by=("kategori_jabatan",))
    return out[["kategori_jabatan", "asn", "judged", "meeting", "share"]]

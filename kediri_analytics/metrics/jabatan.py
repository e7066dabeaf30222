"""Positions: category (JPT, administrator, pengawas, JF keahlian, JF keterampilan, pelaksana)
and level (jenjang) from the position name, its type and eselon (``labels_jenjang.yaml``)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .. import rules
from .outputs import check


def classify(roster: pd.DataFrame, rules_dir=None) -> pd.DataFrame:
    """Per roster row: ``kategori_jabatan`` and ``jenjang``.

    A name ending with a functional level ("... Ahli Muda", "... Terampil") is a JF of that
    kind and level, whatever the type column says; a Fungsional without one is JF with no
    jenjang. JPT, Administrator and Pengawas take their level from the eselon; Pelaksana has
    none. Returns the roster's year, nip, opd, jabatan, jenis_jabatan plus the two columns.
    """
    r = rules.labels_jenjang(rules_dir)
    cats = list(r.categories)
    name = roster["jabatan"].astype("string")
    jenjang = pd.Series(pd.NA, index=roster.index, dtype="object")
    kat = pd.Series(pd.NA, index=roster.index, dtype="object")
    for kind, levels in r.jf.items():
        for lv in levels:
            pat = r"(?i)\b" + r"\s+".join(map(re.escape, lv.split())) + r"\s*$"
            hit = name.str.contains(pat, regex=True).fillna(False).to_numpy(bool)
            hit &= jenjang.isna().to_numpy()
            jenjang[hit], kat[hit] = lv, kind
    jj = roster["jenis_jabatan"].astype(object) if "jenis_jabatan" in roster else None
    if jj is not None:
        es = roster.eselon.astype("string") if "eselon" in roster else None
        by_es = pd.Series(pd.NA, index=roster.index, dtype="object")
        if es is not None:
            m = es.str.upper().str.extract(r"^\s*([IV]+)(?:\s*[./-]?\s*([AB]))?", expand=True)
            full = (m[0] + "." + m[1].str.lower()).where(m[1].notna())
            table = r.eselon
            by_es = full.map(table).fillna(m[0].map(table)).astype(object)
        struct = jj.isin(["JPT", "Administrator", "Pengawas"]).to_numpy()
        fill = kat.isna().to_numpy()
        kat[fill & struct] = jj[fill & struct]
        jenjang[struct] = by_es[struct].where(by_es[struct].notna(), jj[struct])
        jenjang[(jj == "Administrator").to_numpy() | (jj == "Pengawas").to_numpy()] = pd.NA
        pel = fill & (jj == "Pelaksana").to_numpy()
        kat[pel] = "Pelaksana"
        fung = kat.isna().to_numpy() & (jj == "Fungsional").to_numpy()
        kat[fung] = "JF (jenjang tidak terbaca)"
    cat = pd.CategoricalDtype([*cats, "JF (jenjang tidak terbaca)"], ordered=True)
    out = pd.DataFrame(
        {
            "year": roster["year"],
            "nip": roster["nip"],
            "opd": roster.get("opd"),
            "jabatan": roster["jabatan"],
            "jenis_jabatan": roster.get("jenis_jabatan"),
            "kategori_jabatan": kat.astype(cat),
            "jenjang": jenjang.astype("string"),
        }
    )
    return check("jabatan", out.reset_index(drop=True))


def mix(classified: pd.DataFrame, by: tuple[str, ...] = ("year",), rules_dir=None) -> pd.DataFrame:
    """People per category and jenjang per group, with the share of the group.

    Returns columns: *by, kategori_jabatan, jenjang, count, share.
    """
    g = classified.assign(jenjang=classified["jenjang"].fillna("-"))
    out = (
        g.groupby([*by, "kategori_jabatan", "jenjang"], observed=True)
        .size()
        .rename("count")
        .reset_index()
    )
    out["share"] = out["count"] / out.groupby(list(by))["count"].transform("sum")
    r = rules.labels_jenjang(rules_dir)
    order = [
        *dict.fromkeys(r.eselon.values()),
        *(lv for levels in r.jf.values() for lv in reversed(levels)),
    ]
    rank = out["jenjang"].map({lv: i for i, lv in enumerate(order)}).fillna(len(order))
    out = out.assign(_r=rank).sort_values([*by, "kategori_jabatan", "_r"], kind="stable")
    return check("jabatan_mix", out.drop(columns="_r").reset_index(drop=True))


def delayering_year(rules_dir=None) -> int:
    """The year the eselon IV positions became functional (a break in every trend of
    pengawas positions), from ``labels_jenjang.yaml``."""
    return rules.labels_jenjang(rules_dir).delayering_year


def spans_delayering(years, rules_dir=None) -> bool:
    """Whether a chart over ``years`` crosses the delayering (has a year before and one from
    it on), so it should mark it."""
    y = np.asarray(list(years), dtype=int)
    d = delayering_year(rules_dir)
    return bool(len(y) and y.min() < d <= y.max())


def attach(frame: pd.DataFrame, classified: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (rows with year and nip) with each person's ``kategori_jabatan`` and
    ``jenjang`` of that year from :func:`classify`; missing where the roster has no such row."""
    c = classified.drop_duplicates(["year", "nip"], keep="last")
    key = ["year", "nip"]
    right = c[[*key, "kategori_jabatan", "jenjang"]].astype({"year": "Int64", "nip": "string"})
    left = frame.drop(columns=["kategori_jabatan", "jenjang"], errors="ignore")
    left = left.assign(year=left["year"].astype("Int64"), nip=left["nip"].astype("string"))
    out = left.merge(right, on=key, how="left", validate="many_to_one")
    out.index = frame.index
    return out


def category_shares(classified: pd.DataFrame) -> pd.DataFrame:
    """The share of each position category per year (every jenjang together), from
    :func:`classify`.

    Returns columns: year, kategori_jabatan (ordered as the rules list them), share.
    """
    m = mix(classified, by=("year",))
    return m.groupby(["year", "kategori_jabatan"], observed=True)["share"].sum().reset_index()


def jf_levels(classified: pd.DataFrame) -> pd.DataFrame:
    """The functional positions (JF) of the latest year of :func:`classify` per category and
    jenjang, with their share of every ASN of that year.

    Returns columns: year, kategori_jabatan, jenjang, count, share.
    """
    if classified.empty:
        raise ValueError("no positions to count")
    last = classified[classified["year"] == classified["year"].max()]
    m = mix(last, by=("year",))
    return m[m["kategori_jabatan"].astype(str).str.startswith("JF")]

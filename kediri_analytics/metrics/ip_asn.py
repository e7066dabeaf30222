"""Indeks Profesionalitas ASN per PNS (Peraturan BKN 8/2019: kualifikasi, kompetensi from the
training history, kinerja, disiplin) and per OPD."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .. import rules
from .keys import nip_key, people_of, values_at
from .outputs import check

#: why kompetensi (and so the total) is missing, per person
NO_TYPES = "tidak dapat dihitung: data pelatihan tanpa jenis pelatihan"
NO_TRAINING = "tidak dapat dihitung: tidak ada data riwayat pelatihan"
UNKNOWN_TYPE = "tidak dapat dihitung: jenis pelatihan tidak dikenal"


def _words(words: list[str]) -> re.Pattern:
    alt = "|".join(re.escape(str(w).lower()) for w in words)
    return re.compile(rf"(?<![a-z0-9])(?:{alt})(?![a-z0-9])")


def _first_match(text: pd.Series, patterns: dict[str, re.Pattern]) -> pd.Series:
    """Per value of ``text``: the first key whose words it contains (missing for none),
    decided once per distinct value."""
    cat = text.astype("string").str.lower().astype("category").cat
    labels = [next((k for k, p in patterns.items() if p.search(c)), None) for c in cat.categories]
    arr = np.array([*labels, None], dtype=object)
    return pd.Series(arr[cat.codes.to_numpy()], index=text.index)


def training_kinds(training_events: pd.DataFrame, rules_dir=None) -> pd.Series:
    """The kind of each training event (kepemimpinan, fungsional, teknis, seminar) by the words
    of its ``jenis`` (``ip_asn.yaml`` kompetensi.type_words); missing where no word matches or
    the type is empty."""
    tw = rules.ip_asn(rules_dir).kompetensi.type_words
    pats = {kind: _words(w) for kind, w in tw.items()}
    if "jenis" not in training_events:
        return pd.Series(None, index=training_events.index, dtype=object)
    return _first_match(training_events["jenis"], pats)


def kompetensi_points(
    people: pd.DataFrame, training_events: pd.DataFrame, year: int, rules_dir=None
) -> tuple[pd.Series, pd.Series]:
    """(points out of ``kompetensi.max``, why missing) per row of ``people`` (nip,
    jenis_jabatan) from the training history (Peraturan BKN 8/2019 Pasal 8):

    - diklat kepemimpinan matching the person's position (JPT / Administrator / Pengawas, by
      the words of ``leadership_for`` in the training's name), at any time up to ``year``;
    - diklat fungsional, diklat teknis of at least ``min_teknis_jp`` JP, and seminar /
      workshop / magang / kursus, each within the ``window_years`` up to ``year``;

    each kind's points once, the sum capped at ``max``. Missing (with the reason) when the
    history has no training types at all, when there is no history, or when one of the
    person's trainings in the window has a type no rule word matches: never a guess.
    """
    k = rules.ip_asn(rules_dir).kompetensi
    pts, top, window, min_jp = k.points, k.max, k.window_years, k.min_teknis_jp
    lead_pats = {lv: _words(w) for lv, w in k.leadership_for.items()}
    why = pd.Series(pd.NA, index=people.index, dtype="string")
    ev = training_events
    if ev.empty:
        return pd.Series(np.nan, index=people.index), why.fillna(NO_TRAINING)
    if "jenis" not in ev or ev["jenis"].isna().all():
        return pd.Series(np.nan, index=people.index), why.fillna(NO_TYPES)
    ev = ev[ev["year"].notna() & (ev["year"] <= year)]
    kind = training_kinds(ev, rules_dir)
    in_window = (ev["year"] >= year - window + 1).to_numpy()
    name = ev.get("pelatihan", pd.Series("", index=ev.index)).fillna("").astype(str)
    level = _first_match(name + " " + ev["jenis"].fillna("").astype(str), lead_pats)
    key = nip_key(ev["nip"]).to_numpy()
    pkey = nip_key(people["nip"]).to_numpy()

    def has(mask) -> np.ndarray:
        return np.isin(pkey, key[np.asarray(mask, dtype=bool)])

    total = np.zeros(len(people))
    # leadership: a training of the person's own level
    lk = (kind == "kepemimpinan").to_numpy() & level.notna().to_numpy()
    led = pd.MultiIndex.from_arrays([key[lk], level.to_numpy()[lk]])
    mine = pd.MultiIndex.from_arrays([pkey, people["jenis_jabatan"].astype(object).to_numpy()])
    total += np.where(mine.isin(led), pts.kepemimpinan, 0.0)
    total += np.where(has(in_window & (kind == "fungsional").to_numpy()), pts.fungsional, 0)
    teknis = in_window & (kind == "teknis").to_numpy() & (ev["jp"].fillna(0) >= min_jp).to_numpy()
    total += np.where(has(teknis), pts.teknis, 0)
    total += np.where(has(in_window & (kind == "seminar").to_numpy()), pts.seminar, 0)
    unknown = has(in_window & kind.isna().to_numpy())
    out = pd.Series(np.minimum(total, top), index=people.index).mask(unknown)
    return out, why.mask(unknown, UNKNOWN_TYPE)


def _scaled(points: dict[str, float], weight: float) -> tuple[dict[str, float], float]:
    """The points and the factor that scales them to the dimension's weight (the highest
    points give the full weight; the rule file's shape guarantees they are positive)."""
    return points, weight / max(points.values())


def scores(
    roster: pd.DataFrame,
    annual: pd.DataFrame,
    training_events: pd.DataFrame,
    discipline: pd.DataFrame,
    year: int,
    rules_dir=None,
) -> pd.DataFrame:
    """IP ASN per PNS of the year's roster (Peraturan BKN 8/2019; ``scope`` in the rule file:
    PPPK are not scored and are left out).

    Each dimension's points (``rules/ip_asn.yaml``) are read on the scale of its table and
    scaled to the dimension's weight:

    - kualifikasi: points of the education level;
    - kompetensi: from the training history (:func:`kompetensi_points`); missing, with
      ``kompetensi_note``, when the history cannot say (no training types, no history);
    - kinerja: points of the year's own annual predikat; missing when not rated;
    - disiplin: points of the heaviest sanction in the year (none, ringan, sedang, berat);
      missing when a sanction's level is unknown, unless another of the person's sanctions is
      berat.

    ``total`` is missing when a dimension is missing (never silently 0).
    """
    d = rules.ip_asn(rules_dir)
    rules.check_year("ip_asn", year, rules_dir=rules_dir)
    w, scope = d.weights, d.scope
    r, people = people_of(roster, year)
    keep = r["jenis_pegawai"].astype(object).isin(scope).to_numpy()
    r = r[keep]

    def at(by_nip: pd.Series) -> pd.Series:
        return pd.Series(values_at(people, by_nip)[keep], index=r.index)

    edu_pts, f = _scaled(d.education_points, w.kualifikasi)
    edu = r["education"].astype("category").cat  # points per level once, then by code
    edu_arr = np.array([edu_pts.get(c, np.nan) for c in edu.categories] + [np.nan], dtype=float)
    kual = pd.Series(edu_arr[edu.codes.to_numpy()] * f, index=r.index).astype("Float64")
    kpts, why = kompetensi_points(r[["nip", "jenis_jabatan"]], training_events, year, rules_dir)
    komp = (kpts / d.kompetensi.max * w.kompetensi).astype("Float64")
    kin_pts, f = _scaled(d.kinerja_points, w.kinerja)
    a = annual.loc[(annual["year"] == year) & annual["rated"], ["nip", "predikat"]]
    pred = a["predikat"].astype("category").cat  # points per label once, then by code
    pts = np.array([kin_pts.get(c, np.nan) for c in pred.categories] + [np.nan], dtype=float)
    kin_by = pd.Series(pts[pred.codes.to_numpy()] * f, index=nip_key(a["nip"]).to_numpy())
    kin = at(kin_by).astype("Float64")  # one annual row per NIP and year
    dis_pts, f = _scaled(d.disiplin_points.model_dump(), w.disiplin)
    sanc = discipline[discipline["year"] == year]
    # a level the loader could not read (reported there) ranks between sedang and berat: it
    # leaves disiplin unknown, unless the same person also has a berat sanction
    level = sanc["tingkat"].str.lower().map({"ringan": 1, "sedang": 2, "berat": 4}).fillna(3)
    worst = level.groupby(sanc["nip"]).max()
    by_level = (
        np.array(
            [dis_pts["none"], dis_pts["ringan"], dis_pts["sedang"], np.nan, dis_pts["berat"]],
            dtype=float,
        )
        * f
    )
    worst_at = pd.Series(at(worst), dtype=float).fillna(0).astype(int).to_numpy()
    dis = pd.Series(by_level[worst_at], index=r.index)
    out = pd.DataFrame(
        {
            "year": year,
            "nip": r["nip"],
            "nama": r["nama"],
            "opd": r["opd"],
            "kualifikasi": kual.round(2),
            "kompetensi": komp.round(2),
            "kinerja": kin.round(2),
            "disiplin": dis.astype("Float64").round(2),
            "kompetensi_note": why,
        },
        copy=False,
    )
    out["total"] = out["kualifikasi"] + out["kompetensi"] + out["kinerja"] + out["disiplin"]
    out["category"] = rules.bands_of(out["total"], rules.cutoffs(d.categories))
    return check("ip_asn", out.reset_index(drop=True))


def by_opd(per_person: pd.DataFrame, rules_dir=None) -> pd.DataFrame:
    """Mean IP ASN per OPD (over PNS with a total), its category and coverage."""
    g = per_person.groupby(["year", "opd"], observed=True)
    out = g.agg(asn=("nip", "size"), scored=("total", "count"), mean=("total", "mean"))
    out = out.reset_index()
    bands = rules.cutoffs(rules.ip_asn(rules_dir).categories)
    out["category"] = rules.bands_of(out["mean"], bands)
    return check("ip_asn_opd", out)

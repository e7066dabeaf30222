"""Tables the agency keeps by hand: position requirements, OPD predikat, discipline records,
BKN Award evidence checklists and ASN Award nominations."""

from __future__ import annotations

import pandas as pd

from .. import rules
from . import normalize as nz
from .base import (
    Part,
    Result,
    Spec,
    check_nip,
    finish,
    jenis_jabatan,
    require_year,
    year_of,
)

YES = ("ya", "ada", "sudah", "y", "yes", "lengkap", "1", "true")
NO = ("tidak", "belumada", "belum", "tidakada", "t", "no", "0", "false")
PARTIAL = ("sebagian", "dalamproses", "proses")  # evidence not complete yet: counted as not there


def _yes_no(rows, body, col) -> pd.Series:
    """Yes / no answers, as words ("Ada", "Belum Ada", "YA") or as the first words of a
    sentence ("Ya, sudah direkomendasikan", "Belum, menunggu tanda tangan"); anything else is
    reported and left empty."""
    k = nz.label_key(body[col])
    first = nz.text(body[col]).str.lower().str.extract(r"^\s*([a-z]+(?:\s+ada)?)", expand=False)
    first = first.str.replace(r"\s+", "", regex=True)
    out = pd.Series(pd.NA, index=body.index, dtype="boolean")
    out[(k.isin(YES) | (first.isin(YES) & ~k.isin(NO + PARTIAL))).fillna(False)] = True
    out[(k.isin(NO + PARTIAL) | first.isin(NO + PARTIAL)).fillna(False)] = False
    bad = out.isna() & k.notna() & k.ne("")
    rows.note(bad.fillna(False).to_numpy(), col, "label_unknown", body[col])
    return out


def _year(rows, layout, file) -> int | None:
    year = year_of(layout, file)
    require_year(rows, year)
    return year


def load_requirements(part: Part) -> Result:
    """Load the agency's table of minimum education per jabatan (``requirements``)."""
    layout, file, body, rows = part
    edu, bad = nz.to_education(body.get("kode"), body["min_education"])
    rows.note(bad.to_numpy(), "min_education", "label_unknown", body["min_education"])
    jj = jenis_jabatan(rows, body)
    jab = nz.text(body["jabatan"])
    rows.flag(jab.isna().to_numpy(), "reject", "jabatan", "value_missing")
    frame = pd.DataFrame(
        {
            "jabatan": jab,
            "jenis_jabatan": jj,
            "min_education": edu,
            "bidang": nz.text(body["bidang"]) if "bidang" in body else None,
        }
    )
    return finish("requirements", rows, frame, {})


def load_opd_predikat(part: Part) -> Result:
    """Load the agency's table of each OPD's own (organisation) predikat per year."""
    layout, file, body, rows = part
    year, bad = nz.to_int(body["year"])
    rows.flag((bad | year.isna()).to_numpy(), "reject", "year", "value_missing", body["year"])
    # spellings ("BAIK", "butuh perbaikan", "Kurang/Misconduct") read as the quota rule's
    # labels; anything else is reported and left empty (the quota then says so)
    labels = list(rules.predikat_quota().by_opd_predikat)
    spell = {nz.key("kurang/misconduct"): "Kurang"} if "Kurang" in labels else {}
    pred, bad = nz.to_label(body["predikat"], spell, labels, ordered=False)
    rows.note(bad.to_numpy(), "predikat", "label_unknown", body["predikat"])
    frame = pd.DataFrame(
        {"opd": nz.text(body["opd"]), "year": year, "predikat": pred.astype(object)}
    )
    return finish("opd_predikat", rows, frame, {})


#: the levels of hukuman disiplin, PP 94/2021 Pasal 8 (IP ASN scores them: rules/ip_asn.yaml)
SANCTION_LEVELS = ("Ringan", "Sedang", "Berat")


def _tingkat(rows, body) -> pd.Series:
    """The sanction level as Ringan / Sedang / Berat, recognised as a word in any case
    ("RINGAN", "Hukuman Disiplin Berat"). An empty cell, or text naming no level or more than
    one, stays empty and is reported: the sanction is kept, its level is not guessed."""
    raw = nz.text(body["tingkat"])
    words = raw.str.lower().str.replace(r"[^a-z]+", " ", regex=True)
    hits = pd.DataFrame(
        {
            lv: words.str.contains(rf"\b{lv.lower()}\b", regex=True).fillna(False).astype(bool)
            for lv in SANCTION_LEVELS
        }
    )
    one = hits.sum(axis=1).eq(1)
    out = hits.idxmax(axis=1).where(one).astype("string")
    rows.note(raw.isna().to_numpy(), "tingkat", "value_missing", body["tingkat"])
    rows.note((raw.notna() & ~one).to_numpy(), "tingkat", "sanction_level_unknown", body["tingkat"])
    return out


def load_discipline(part: Part) -> Result:
    """Load the agency's recap of disciplinary sanctions (hukuman disiplin)."""
    layout, file, body, rows = part
    nip = check_nip(rows, body["nip"], "unknown")
    tanggal, bad = nz.to_date(body["tanggal"]) if "tanggal" in body else (None, None)
    if bad is not None:
        rows.note(bad.to_numpy(), "tanggal", "date_invalid", body["tanggal"])
    frame = pd.DataFrame(
        {
            "nip": nip,
            **{c: nz.text(body[c]) for c in ("nama", "opd", "hukuman", "nomor_sk") if c in body},
            "tingkat": _tingkat(rows, body) if "tingkat" in body else None,
            "tanggal": tanggal,
            "year": tanggal.dt.year.astype("Int64") if tanggal is not None else None,
        }
    )
    return finish("discipline", rows, frame, {})


def load_evidence(part: Part) -> Result:
    """Load a BKN Award evidence checklist (one row per criterion and its proof)."""
    layout, file, body, rows = part
    year = _year(rows, layout, file)
    frame = pd.DataFrame(
        {
            "year": year,
            "kategori": nz.text(body["kategori"]).ffill(),
            "bukti": nz.text(body["bukti"]),
            "ada": _yes_no(rows, body, "status"),
            "status": nz.text(body["status"]),
            "keterangan": nz.text(body["keterangan"]) if "keterangan" in body else None,
        }
    )
    return finish("award_evidence", rows, frame, {"year": year})


def load_nominations(part: Part) -> Result:
    """Load an ASN Award nomination list (usulan per OPD and category)."""
    layout, file, body, rows = part
    nip = check_nip(rows, body["nip"], "unknown")
    year = _year(rows, layout, file)
    frame = pd.DataFrame(
        {
            "year": year,
            "nip": nip,
            **{
                c: nz.text(body[c])
                for c in ("opd", "kategori", "nama", "jabatan", "uraian")
                if c in body
            },
            "rekomendasi": _yes_no(rows, body, "rekomendasi") if "rekomendasi" in body else None,
        }
    )
    return finish("nominations", rows, frame, {"year": year})


SPECS = (
    Spec(
        "position_requirements",
        "requirements",
        "position education requirements",
        required=("jabatan", "min_education"),
        load=load_requirements,
    ),
    Spec(
        "opd_predikat",
        "opd_predikat",
        "OPD performance predikat",
        required=("opd", "year", "predikat"),
        load=load_opd_predikat,
    ),
    Spec(
        "discipline",
        "discipline",
        "disciplinary sanctions",
        required=("nip", "hukuman"),
        load=load_discipline,
    ),
    Spec(
        "bkn_award_evidence",
        "award_evidence",
        "BKN Award evidence checklist",
        required=("kategori", "bukti", "status"),
        load=load_evidence,
    ),
    Spec(
        "asn_award_nominations",
        "nominations",
        "ASN Award nominations",
        required=("opd", "kategori", "nip"),
        deferred=("opd",),
        load=load_nominations,
        checks={"kategori": "award"},
    ),
)

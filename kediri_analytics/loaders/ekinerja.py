"""e-Kinerja (BKN) exports: "Laporan Penilaian SKP" (annual and periodic ratings) and
"Laporan SKP" (SKP documents and their approval status)."""

from __future__ import annotations

import re

import pandas as pd

from .. import rules
from ..rules import labels
from . import normalize as nz
from .base import (
    Layout,
    Part,
    Result,
    Rows,
    Spec,
    check_nip,
    finish_parts,
    jenis_jabatan,
    join_parts,
    parse_dates,
    per_part,
    require_years,
    title_text,
    years_of,
)

REGIME = "PermenPANRB 6/2022"

APPROVED = ("persetujuan", "disetujui")


def period_of(layout: Layout) -> tuple[str | None, int | None]:
    """('Tahunan', None) or ('Bulanan 8', 8) / ('Triwulan 2', None) from 'Periode : ...'."""
    m = re.search(r"Periode\s*:\s*([A-Za-z]+)\s*(\d{1,2})?", title_text(layout), re.IGNORECASE)
    if not m:
        return None, None
    word = m.group(1).capitalize()
    num = int(m.group(2)) if m.group(2) else None
    if word == "Tahunan":
        return "Tahunan", None
    return f"{word} {num}" if num else word, num if word == "Bulanan" else None


def _acting(raw: pd.Series) -> pd.Series:
    v, _ = nz.to_number(raw)
    return v.fillna(0).astype(float).gt(0)


def _jenis_pegawai(rows: Rows, body: pd.DataFrame):
    """(types or None, the ``pppk`` mask for the NIP check)."""
    if "jenis_pegawai" not in body:
        return None, None
    jp, _ = nz.to_jenis_pegawai(body["jenis_pegawai"])
    return jp, jp.astype(object).isin(["PPPK", "PPPK Paruh Waktu"]).to_numpy()


def load_penilaian(parts: list[Part]) -> list[Result]:
    """Load e-Kinerja "Laporan Penilaian SKP" files (annual or monthly ratings), all of them
    in one pass."""
    body, rows = join_parts(parts)
    spell, ratings, predikat, not_rated = labels.predikat_vocab()
    jp, pppk = _jenis_pegawai(rows, body)
    nip = check_nip(rows, body["nip"], pppk)

    def label(col, cats):
        vals, bad = nz.to_label(body[col], spell, cats, blank=tuple(not_rated))
        rows.note(bad.to_numpy(), col, "label_unknown", body[col])
        return vals

    hk = label("hasil_kerja", ratings)
    pk = label("perilaku_kerja", ratings)
    reported = label("hasil_akhir", predikat)
    # the rules drive the data: the predikat is the matrix's wherever both ratings are there;
    # an export whose hasil_akhir says otherwise is reported row by row
    from_matrix = rules.predikat_of(hk, pk)
    differs = from_matrix.notna() & reported.notna() & (from_matrix != reported.astype(object))
    rows.note(differs.to_numpy(), "hasil_akhir", "predikat_matrix_mismatch", body["hasil_akhir"])
    pred = pd.Series(
        from_matrix.where(from_matrix.notna(), reported.astype(object)), index=body.index
    ).astype(reported.dtype)
    dates = parse_dates(rows, body, ("periode_awal", "periode_akhir", "waktu_dinilai"))
    periods = [period_of(p.layout) for p in parts]
    years = years_of(parts, rows, dates.get("periode_akhir"))
    acting = _acting(body["acting"]) if "acting" in body else pd.Series(False, index=body.index)
    # a transfer leaves two SKPs of one person in one file: keep the latest period end
    if "periode_akhir" in dates:
        live = pd.Series(rows.live, index=body.index)
        key = pd.DataFrame(
            {"part": rows.part, "nip": nip, "acting": acting, "end": dates["periode_akhir"]}
        )[live & nip.notna()]
        order = key.sort_values(
            ["part", "nip", "acting", "end"], kind="stable", na_position="first"
        )
        older = order.duplicated(["part", "nip", "acting"], keep="last")
        mask = body.index.isin(older[older & ~order["acting"]].index)
        rows.flag(mask, "drop", "periode_akhir", "superseded_by_transfer", body["periode_akhir"])
    jj = jenis_jabatan(rows, body)
    gol, bad = nz.to_golongan(body["golongan"]) if "golongan" in body else (None, None)
    if bad is not None:
        rows.note(bad.to_numpy(), "golongan", "label_unknown", body["golongan"])
    period = [p or "Tahunan" for p, _ in periods]
    frame = pd.DataFrame(
        {
            "nip": nip,
            "nama": nz.text(body["nama"]) if "nama" in body else None,
            "opd": nz.text(body["opd"]) if "opd" in body else None,
            "unit": nz.text(body["unit"]) if "unit" in body else None,
            "jabatan": nz.text(body["jabatan"]) if "jabatan" in body else None,
            "jenis_jabatan": jj,
            "jenis_pegawai": jp,
            "golongan": gol,
            "year": per_part(years, rows),
            "period": per_part(period, rows),
            "month": per_part([m for _, m in periods], rows),
            "regime": REGIME,
            "hasil_kerja": hk,
            "perilaku_kerja": pk,
            "predikat": pred,
            "hasil_akhir": reported,
            "rated": pred.notna(),
            "acting": acting,
            **dates,
        }
    )
    require_years(rows, years)
    metas = [{"year": y, "period": p} for y, p in zip(years, period, strict=True)]
    return finish_parts("skp", rows, frame, metas)


def load_dokumen(parts: list[Part]) -> list[Result]:
    """Load e-Kinerja "Laporan SKP" files (SKP documents and their status), in one pass."""
    body, rows = join_parts(parts)
    jp, pppk = _jenis_pegawai(rows, body)
    nip = check_nip(rows, body["nip"], pppk)
    dates = parse_dates(rows, body, ("periode_awal", "periode_akhir"))
    years = years_of(parts, rows, dates.get("periode_akhir"))
    require_years(rows, years)
    status = nz.text(body["status"])
    frame = pd.DataFrame(
        {
            "nip": nip,
            "nama": nz.text(body["nama"]) if "nama" in body else None,
            "jabatan": nz.text(body["jabatan"]) if "jabatan" in body else None,
            "unit": nz.text(body["unit"]) if "unit" in body else None,
            "opd": nz.text(body["opd"]) if "opd" in body else None,
            "jenis_pegawai": jp,
            "status": status,
            "approved": nz.label_key(status).isin(APPROVED).fillna(False),
            "year": per_part(years, rows),
            "acting": _acting(body["acting"]) if "acting" in body else False,
            **dates,
        }
    )
    return finish_parts("skp_documents", rows, frame, [{"year": y} for y in years])


SPECS = (
    Spec(
        "ekinerja_penilaian",
        "skp",
        "e-Kinerja Laporan Penilaian SKP",
        required=("nip", "hasil_kerja", "perilaku_kerja", "hasil_akhir", "opd"),
        deferred=("opd",),
        load=load_penilaian,
        batched=True,
        checks={"hasil_kerja": "rating", "perilaku_kerja": "rating", "hasil_akhir": "predikat"},
    ),
    Spec(
        "ekinerja_dokumen",
        "skp_documents",
        "e-Kinerja Laporan SKP (documents)",
        required=("nip", "status", "opd"),
        load=load_dokumen,
        batched=True,
    ),
)

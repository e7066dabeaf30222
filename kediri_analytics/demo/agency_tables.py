"""Tables the agency keeps by hand: position requirements, OPD predikat, award files, sanctions."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .catalog import load_catalog
from .layout import Export, Sheet, fmt_date, new_body, pick, record
from .outcomes import EKINERJA_YEARS, Outcomes
from .render import person_year
from .world import YEARS, World

NOMINATION_YEARS = (2022, 2023, 2024)
#: jabatan left out of the requirement table on purpose (a new position not yet mapped)
UNMAPPED = ("Penata Layanan Operasional",)


def exports(w: World, o: Outcomes, rng: np.random.Generator) -> list[Export]:
    """All hand-kept tables of the demo agency."""
    out = [_requirements(w), _opd_predikat(w, o), _discipline(w, o)]
    # a checklist only for the award years with a published category list (none for 2024)
    out += [_evidence(y, rng) for y in YEARS if y in load_catalog().awards["bkn_categories"]]
    out += [_nominations(w, o, y, rng) for y in NOMINATION_YEARS]
    return out


def _simple(
    path: str, kind: str, sheet: str, title: list[list], frame: pd.DataFrame, nip, facts: dict
) -> tuple[Export, pd.DataFrame]:
    body = new_body(frame, nip)
    ex = Export(
        path=path,
        kind=kind,
        fmt="xlsx",
        sheets=[],
        data_sheet=sheet,
        facts={**facts, "header_row": len(title) + 1},
    )
    ex.sheets.append(
        Sheet(
            sheet,
            header=[list(frame.columns)],
            body=body,
            title=title,
            widths={1: 40, 2: 30, 3: 30},
        )
    )
    return ex, body


def _requirements(w: World) -> Export:
    cat = load_catalog()
    used = w.panel["job_id"].unique()
    jobs = w.jobs[w.jobs["job_id"].isin(used)].drop_duplicates("jabatan").sort_values("jabatan")
    ed = cat.education.set_index("id")
    missing = sorted(set(UNMAPPED) & set(jobs["jabatan"]))
    jobs = jobs[~jobs["jabatan"].isin(UNMAPPED)]
    fields = cat.fields.set_index("field")["name"].str.replace("|", " / ", regex=False)
    frame = pd.DataFrame(
        {
            "NO": np.arange(1, len(jobs) + 1),
            "NAMA JABATAN": jobs["jabatan"].to_numpy(),
            "JENIS JABATAN": jobs["jenis_jabatan"].to_numpy(),
            "PENDIDIKAN MINIMAL": jobs["min_edu"].map(ed["prefix"]).to_numpy(),
            "KODE TINGKAT PENDIDIKAN": np.char.mod("%02d", jobs["min_edu"].to_numpy()),
            "BIDANG PENDIDIKAN": np.where(
                # a field of study only where a diploma or degree is required
                (jobs["role"].to_numpy() == "staff") & (jobs["min_edu"].to_numpy() >= 20),
                jobs["field"].map(fields).fillna(""),
                "",
            ),
        }
    )
    ex, body = _simple(
        "agency/Persyaratan_Pendidikan_Jabatan.xlsx",
        "position_requirements",
        "Persyaratan",
        [["STANDAR KUALIFIKASI PENDIDIKAN JABATAN"], ["PEMERINTAH KOTA KEDIRI"], []],
        frame,
        None,
        {"jabatan_without_requirement": missing},
    )
    body["_jabatan"] = frame["NAMA JABATAN"].to_numpy()
    for j in missing:
        ex.defects.append(
            {
                "column": "NAMA JABATAN",
                "kind": "missing_requirement",
                "value": j,
                "expected": "load",
                "reason": None,
            }
        )
    return ex


def _opd_predikat(w: World, o: Outcomes) -> Export:
    p = o.opd_predikat
    frame = pd.DataFrame(
        {
            "NO": np.arange(1, len(p) + 1),
            "PERANGKAT DAERAH": w.opd["nama"].to_numpy()[p["opd_id"]],
            "TAHUN": p["year"].to_numpy(),
            "PREDIKAT KINERJA ORGANISASI": p["predikat"].to_numpy(),
        }
    )
    ex, _ = _simple(
        "agency/Predikat_Kinerja_Perangkat_Daerah.xlsx",
        "opd_predikat",
        "Predikat OPD",
        [
            ["PREDIKAT KINERJA ORGANISASI PERANGKAT DAERAH"],
            [f"TAHUN {EKINERJA_YEARS[0]}-{EKINERJA_YEARS[-1]}"],
            [],
        ],
        frame,
        None,
        {"years": list(EKINERJA_YEARS)},
    )
    return ex


def _discipline(w: World, o: Outcomes) -> Export:
    d = o.discipline
    panel = d[["pid", "year"]].merge(w.panel, on=["pid", "year"], how="left", validate="m:1")
    py = person_year(w, panel)
    frame = pd.DataFrame(
        {
            "NO": np.arange(1, len(d) + 1),
            "NIP": py["nip"],
            "NAMA": py["nama_gelar"],
            "PERANGKAT DAERAH": py["opd"],
            "JENIS HUKUMAN DISIPLIN": d["jenis_hukuman"].to_numpy(),
            "TINGKAT": d["tingkat"].to_numpy(),
            "NOMOR SK": d["nomor_sk"].to_numpy(),
            "TANGGAL SK": fmt_date(d["tanggal_sk"], "long").to_numpy(),
        }
    )
    ex, _ = _simple(
        "agency/Rekap_Hukuman_Disiplin_2019-2024.xlsx",
        "discipline",
        "Hukuman Disiplin",
        [["REKAPITULASI HUKUMAN DISIPLIN PEGAWAI"], ["PEMERINTAH KOTA KEDIRI TAHUN 2019-2024"], []],
        frame,
        py["nip"].to_numpy(),
        {},
    )
    return ex


def _evidence(year: int, rng) -> Export:
    aw = load_catalog().awards
    cats = aw["bkn_categories"][year]
    items = np.asarray(aw["evidence_items"])
    rows = []
    p_done = 0.45 + 0.08 * (year - 2019)
    for c in cats:
        k = int(rng.integers(3, 6))
        chosen = items[np.sort(rng.choice(len(items), size=k, replace=False))]
        u = rng.random(k)
        status = np.where(u < p_done, "Ada", np.where(u < p_done + 0.15, "Sebagian", "Belum Ada"))
        rows += [(c, it, s) for it, s in zip(chosen, status, strict=True)]
    frame = pd.DataFrame(rows, columns=["KATEGORI", "BUKTI DUKUNG", "STATUS"])
    frame.insert(0, "NO", np.arange(1, len(frame) + 1))
    frame["KETERANGAN"] = np.where(frame["STATUS"] == "Ada", "Tersimpan di folder bukti dukung", "")
    ex, _ = _simple(
        f"agency/Checklist_Bukti_BKN_Award_{year}.xlsx",
        "bkn_award_evidence",
        "Checklist",
        [[f"CHECKLIST BUKTI DUKUNG BKN AWARD TAHUN {year}"], ["BKPSDM KOTA KEDIRI"], []],
        frame,
        None,
        {"year": year, "categories": cats},
    )
    return ex


def _nominations(w: World, o: Outcomes, year: int, rng) -> Export:
    aw = load_catalog().awards
    p = w.panel[(w.panel["year"] == year) & w.panel["jenis_pegawai"].eq("PNS")]
    frames = []
    for cat_name, texts in (
        ("ASN Berprestasi", aw["achievements"]),
        ("ASN Berinovasi", aw["innovations"]),
    ):
        n_opd = rng.binomial(2, 0.45, len(w.opd))  # 0-2 nominees per OPD
        chosen = []
        for opd_id, k in zip(w.opd["opd_id"], n_opd, strict=True):
            pool = p[p["opd_id"] == opd_id]
            if k and len(pool):
                chosen.append(
                    pool.iloc[np.sort(rng.choice(len(pool), size=min(k, len(pool)), replace=False))]
                )
        if chosen:
            c = pd.concat(chosen)
            frames.append(c.assign(kategori=cat_name, uraian=rng.choice(texts, len(c))))
    nom = pd.concat(frames, ignore_index=True).assign(rekomendasi="Ya")
    if year == 2024:
        # one OPD sent five names across the three categories (the limit is 3 in total): a
        # berkinerja nominee who joined this year (no annual SKP of the last completed year),
        # two berprestasi and two berinovasi
        opd0 = w.opd["opd_id"].iloc[0]
        pool = p[(p["opd_id"] == opd0) & ~p["pid"].isin(nom["pid"])]
        before = set(w.panel.loc[w.panel["year"] == year - 1, "pid"])
        new = pool[~pool["pid"].isin(before)]
        first = (new if len(new) else pool).iloc[:1]
        rest = pool[~pool["pid"].isin(first["pid"])].iloc[:4]
        five = pd.concat(
            [
                first.assign(kategori="ASN Berkinerja", uraian=aw["achievements"][0]),
                rest.iloc[:2].assign(kategori="ASN Berprestasi", uraian=aw["achievements"][1]),
                rest.iloc[2:4].assign(kategori="ASN Berinovasi", uraian=aw["innovations"][0]),
            ]
        )
        nom = pd.concat(
            [nom[nom["opd_id"] != opd0], five.assign(rekomendasi="Ya")], ignore_index=True
        )
        # another OPD's nominee whose head has not (yet) recommended them
        other = nom.index[nom["opd_id"] != opd0]
        if len(other):
            nom.loc[other[0], "rekomendasi"] = "Belum"
    nom = nom.sort_values(["opd_id", "kategori", "pid"]).reset_index(drop=True)
    py = person_year(w, nom)
    opd_name = py["opd"].to_numpy().copy()
    frame = pd.DataFrame(
        {
            "NO": np.arange(1, len(nom) + 1),
            "PERANGKAT DAERAH": opd_name,
            "KATEGORI": nom["kategori"].to_numpy(),
            "NIP": py["nip"],
            "NAMA": py["nama_gelar"],
            "JABATAN": py["jabatan"],
            "URAIAN PRESTASI / INOVASI": nom["uraian"].to_numpy(),
            "REKOMENDASI KEPALA OPD": nom["rekomendasi"].to_numpy(),
        }
    )
    ex, body = _simple(
        f"agency/Usulan_ASN_Award_{year}.xlsx",
        "asn_award_nominations",
        "Usulan",
        [[f"USULAN NOMINASI ASN AWARD KOTA KEDIRI TAHUN {year}"], []],
        frame,
        py["nip"].to_numpy(),
        {"year": year},
    )
    body["_opd"] = opd_name
    body["_kategori"] = nom["kategori"].to_numpy()
    # at most 3 per OPD in total, across the categories
    counts = body.groupby("_opd")["_nip"].transform("size")
    over = body.index[counts.to_numpy() > 3]
    record(ex, body, over, "PERANGKAT DAERAH", "nominees_over_limit")
    no_rec = body.index[frame["REKOMENDASI KEPALA OPD"].to_numpy() != "Ya"]
    record(ex, body, no_rec, "REKOMENDASI KEPALA OPD", "no_recommendation")
    by_opd = body.loc[over].groupby("_opd").size()
    ex.facts["over_limit"] = {str(k): int(v) for k, v in by_opd.sort_index().items()}
    ex.facts["without_recommendation"] = [str(n) for n in body.loc[no_rec, "_nip"]]
    if year == 2024:
        bk = body.index[(body["_kategori"] == "ASN Berkinerja").to_numpy()]
        joined = set(w.panel.loc[w.panel["year"] == year, "pid"]) - set(
            w.panel.loc[w.panel["year"] == year - 1, "pid"]
        )
        ex.facts["berkinerja_nominees_joined_this_year"] = [
            str(n)
            for n, pid in zip(body.loc[bk, "_nip"], nom.loc[bk, "pid"], strict=True)
            if pid in joined
        ]
    if year == 2023:  # an OPD typed its short old name, which matches no OPD
        lab = pick(rng, body, 1)
        body.loc[lab, "PERANGKAT DAERAH"] = "Dinas Pariwisata"
        record(ex, body, lab, "PERANGKAT DAERAH", "unknown_opd")
    return ex

"""Person-year attributes as the exports show them: names with titles, golongan, jabatan, unit."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .catalog import GOLONGAN, GOLONGAN_ID, load_catalog
from .world import World

SPECIALIST = np.array(["Sp.PD", "Sp.A", "Sp.OG", "Sp.B", "Sp.An", "Sp.Rad"])
JENIS_JABATAN_SIASN = {
    "JPT Pratama": (1, "Struktural"),
    "Administrator": (1, "Struktural"),
    "Pengawas": (1, "Struktural"),
    "Fungsional": (2, "Fungsional Tertentu"),
    "Pelaksana": (4, "Fungsional Umum"),
}
JENIS_JABATAN_EKINERJA = {
    "JPT Pratama": "JPT Pratama",
    "Administrator": "Jabatan Administrator",
    "Pengawas": "Jabatan Pengawas",
    "Fungsional": "Jabatan Fungsional",
    "Pelaksana": "Jabatan Pelaksana",
}


def titles(edu_id: np.ndarray, field: np.ndarray, pid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Academic titles (gelar depan, gelar belakang) for an education level and field."""
    f = load_catalog().fields.set_index("field").reindex(field).fillna("")
    s1, d3 = f["gelar_s1"].to_numpy(), f["gelar_d3"].to_numpy()
    pdep, pbel, s2 = (
        f["gelar_profesi_depan"].to_numpy(),
        f["gelar_profesi_belakang"].to_numpy(),
        f["gelar_s2"].to_numpy(),
    )
    d3 = np.where(d3 == "", "A.Md.", d3)
    prof_bel = np.where(pbel != "", pbel, np.where(pdep != "", "", s1))
    s2_bel = np.where(pdep != "", s2, s1 + ", " + s2)
    depan = np.select(
        [edu_id == 42, edu_id == 45, edu_id == 47, edu_id == 50], [pdep, pdep, "dr.", "Dr."], ""
    )
    belakang = np.select(
        [
            np.isin(edu_id, (35, 40)),
            edu_id == 30,
            edu_id == 42,
            edu_id == 45,
            edu_id == 47,
            edu_id == 50,
        ],
        [s1, d3, prof_bel, s2_bel, SPECIALIST[pid % len(SPECIALIST)], s1 + ", " + s2],
        "",
    )
    return depan.astype(object), belakang.astype(object)


def full_name(nama, depan, belakang) -> np.ndarray:
    """Name with titles as e-Kinerja and SIMPEG print it: 'dr. SITI RAHAYU, M.Kes.'."""
    nama = pd.Series(np.asarray(nama, dtype=object))
    d = pd.Series(np.asarray(depan, dtype=object))
    b = pd.Series(np.asarray(belakang, dtype=object))
    return (d.where(d == "", d + " ") + nama + b.where(b == "", ", " + b)).to_numpy(dtype=object)


def person_year(w: World, frame: pd.DataFrame) -> pd.DataFrame:
    """Attributes of each (pid, year) row of ``frame`` in export vocabulary."""
    cat = load_catalog()
    people = w.people.set_index("pid")
    pp = people.loc[frame["pid"].to_numpy()]
    jobs = w.jobs.loc[frame["job_id"].to_numpy()]
    edu = frame["edu_id"].to_numpy().astype(int)
    pid = frame["pid"].to_numpy()
    depan, belakang = titles(edu, pp["field"].to_numpy(), pid)
    gol = frame["gol"].to_numpy().astype(int)
    jenis_peg = pp["jenis_pegawai"].to_numpy()
    min_edu = jobs["min_edu"].to_numpy()
    pppk_grade = np.where(
        jenis_peg == "PPPK Paruh Waktu",
        "",
        np.where(min_edu >= 35, "IX", np.where(min_edu == 30, "VII", "V")),
    )
    gol_labels = np.array(GOLONGAN + [""], dtype=object)
    gol_ids = np.array(GOLONGAN_ID + [0])
    golongan = np.where(gol >= 0, gol_labels[np.where(gol >= 0, gol, -1)], pppk_grade)
    ed = cat.education.set_index("id")
    prefix = pd.Series(edu).map(ed["prefix"]).to_numpy()
    program = pp["program"].to_numpy()
    pendidikan = np.select(
        [edu <= 12, edu <= 18],
        [prefix, prefix + np.where(pid % 2 == 0, " IPA", " IPS")],
        prefix + " " + program,
    )
    return pd.DataFrame(
        {
            "pid": pid,
            "year": frame["year"].to_numpy(),
            "nip": pp["nip"].to_numpy(),
            "nama": pp["nama"].to_numpy(),
            "gelar_depan": depan,
            "gelar_belakang": belakang,
            "nama_gelar": full_name(pp["nama"].to_numpy(), depan, belakang),
            "sex": pp["sex"].to_numpy(),
            "birth_date": pp["birth_date"].to_numpy(),
            "tmt_cpns": pp["tmt_cpns"].to_numpy(),
            "jenis_pegawai": jenis_peg,
            "opd": w.opd["nama"].to_numpy()[frame["opd_id"].to_numpy()],
            "unit": w.units["nama"].to_numpy()[frame["unit_id"].to_numpy()],
            "jabatan": jobs["jabatan"].to_numpy(),
            "jenis_jabatan": jobs["jenis_jabatan"].to_numpy(),
            "eselon": jobs["eselon"].to_numpy(),
            "golongan": golongan,
            "golongan_id": np.where(gol >= 0, gol_ids[np.where(gol >= 0, gol, -1)], 0),
            "edu_id": edu,
            "edu_nama": pd.Series(edu).map(ed["nama"]).to_numpy(),
            "pendidikan": pendidikan,
            "tahun_lulus": frame["edu_year"].to_numpy().astype(int),
        }
    )

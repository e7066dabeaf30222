"""What happened to the demo population: SKP ratings, assessments, training, discipline, merit.

These are the true values; the export modules render them into the real layouts and damage
them on purpose. Vectorised over people, drawn from one generator in a fixed order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .catalog import load_catalog
from .world import World

EKINERJA_YEARS = (2022, 2023, 2024)
LEGACY_YEARS = (2019, 2020, 2021)
MONTHLY_YEAR = 2024
RATINGS = np.array(["Di Atas Ekspektasi", "Sesuai Ekspektasi", "Di Bawah Ekspektasi"])
#: PermenPANRB 6/2022 predikat matrix: [hasil kerja][perilaku] with 0 = Di Atas ... 2 = Di Bawah.
MATRIX = np.array(
    [
        ["Sangat Baik", "Baik", "Kurang/Misconduct"],
        ["Baik", "Baik", "Kurang/Misconduct"],
        ["Butuh Perbaikan", "Butuh Perbaikan", "Sangat Kurang"],
    ]
)
#: Legacy sebutan bands as lower bounds (inclusive), highest first.
PP46_BANDS = (
    (91.0, "Sangat Baik"),
    (76.0, "Baik"),
    (61.0, "Cukup"),
    (51.0, "Kurang"),
    (-np.inf, "Buruk"),
)
PP30_BANDS = (
    (110.0, "Sangat Baik"),
    (90.01, "Baik"),
    (70.01, "Cukup"),
    (50.01, "Kurang"),
    (-np.inf, "Sangat Kurang"),
)
LEGACY_REGIME = {2019: "PP 46/2011", 2020: "PP 46/2011", 2021: "PP 30/2019"}
SKP_STATUS = (("Persetujuan", 0.955), ("Pengajuan", 0.02), ("Draft", 0.015), ("Penolakan", 0.01))
NO_SKP_RATE = 0.015
COMPETENCIES = (
    "Integritas",
    "Kerja Sama",
    "Komunikasi",
    "Orientasi pada Hasil",
    "Pelayanan Publik",
    "Pengembangan Diri dan Orang Lain",
    "Mengelola Perubahan",
    "Pengambilan Keputusan",
    "Perekat Bangsa",
)
COMPETENCY_ABBR = ("INT", "KS", "KOM", "OPH", "PP", "PDOL", "MP", "PK", "PB")
ASSESSED_PER_YEAR = {2019: 260, 2020: 140, 2021: 320, 2022: 430, 2023: 480, 2024: 520}
TRAINING_RATE = {2019: 1.4, 2020: 1.0, 2021: 1.8, 2022: 2.0, 2023: 2.2, 2024: 2.4}
JP_VALUES = np.array([2, 3, 4, 8, 16, 24, 32, 40, 80])
JP_WEIGHTS = np.array([10, 10, 15, 20, 15, 10, 10, 5, 5]) / 100
TRAININGS = {
    "Pelatihan Teknis": [
        "Pengelolaan Keuangan Daerah",
        "Penyusunan Analisis Jabatan",
        "Pengadaan Barang/Jasa Pemerintah",
        "Pengelolaan Arsip Dinamis",
        "Pelayanan Prima",
        "Penyusunan SKP dan Manajemen Kinerja",
        "Analisis Data dengan Spreadsheet",
        "Keselamatan dan Kesehatan Kerja",
    ],
    "Pelatihan Fungsional": [
        "Pelatihan Dasar Jabatan Fungsional",
        "Uji Kompetensi Jenjang",
        "Penguatan Kompetensi Guru",
        "Pelatihan Kegawatdaruratan",
    ],
    "Pelatihan Kepemimpinan": [
        "Pelatihan Kepemimpinan Pengawas",
        "Pelatihan Kepemimpinan Administrator",
    ],
    "Seminar/Webinar": [
        "Webinar Transformasi Digital ASN",
        "Seminar Reformasi Birokrasi",
        "Webinar Budaya Kerja BerAKHLAK",
    ],
    "E-Learning": [
        "E-Learning ASN Unggul: Literasi Digital",
        "E-Learning Anti Korupsi",
        "E-Learning Wawasan Kebangsaan",
    ],
}
PENYELENGGARA = np.array(
    [
        "BKPSDM Kota Kediri",
        "BPSDM Provinsi Jawa Timur",
        "Lembaga Administrasi Negara",
        "ASN Unggul",
        "Kementerian Kesehatan",
        "Kementerian Pendidikan",
    ]
)
#: Self-assessment level per year around which sub-aspect scores are drawn (1-4 scale).
MERIT_LEVEL = {2019: 2.15, 2020: 2.33, 2021: 2.62, 2022: 2.76, 2023: 2.9, 2024: 3.02}
MERIT_ASPECT_SHIFT = {1: 0.0, 2: -0.1, 3: -0.15, 4: 0.05, 5: 0.25, 6: 0.1, 7: 0.05, 8: 0.2}
MERIT_ASPECT_SLOPE = {1: 0.0, 2: -0.06, 3: 0.04, 4: 0.0, 5: 0.06, 6: -0.02, 7: 0.0, 8: 0.1}


@dataclass(frozen=True)
class Outcomes:
    """True results per person and year, before any export renders or damages them."""

    skp: pd.DataFrame  # SKP documents and annual ratings 2022-2024 (incl. acting rows)
    skp_monthly: pd.DataFrame  # monthly periodic ratings for MONTHLY_YEAR
    legacy: pd.DataFrame  # numeric results 2019-2021
    assessments: pd.DataFrame  # one row per assessed person and year, levels per competency
    training: pd.DataFrame  # training events
    discipline: pd.DataFrame  # disciplinary sanctions
    merit: pd.DataFrame  # self-assessment score per year x sub-aspect
    opd_predikat: pd.DataFrame  # each OPD's own (organisation) predikat per year


def build_outcomes(w: World, rng: np.random.Generator) -> Outcomes:
    """Draw every outcome of the world (deterministic for a given generator state)."""
    skp = _skp(w, rng)
    return Outcomes(
        skp=skp,
        skp_monthly=_monthly(skp, rng),
        legacy=_legacy(w, rng),
        assessments=_assessments(w, rng),
        training=_training(w, rng),
        discipline=_discipline(w, rng),
        merit=_merit(rng),
        opd_predikat=_opd_predikat(w, rng),
    )


def _rate(score: np.ndarray, behaviour: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    hk = np.where(score > 0.95, 0, np.where(score < -2.0, 2, 1))
    pk = np.where(behaviour > 0.45, 0, np.where(behaviour < -2.2, 2, 1))
    return hk, pk


def _skp(w: World, rng) -> pd.DataFrame:
    p = w.panel[w.panel["year"].isin(EKINERJA_YEARS)]
    p = p[rng.random(len(p)) >= NO_SKP_RATE]  # these made no SKP at all that year
    p = p[p["kedudukan"].eq("Aktif").to_numpy()]  # on leave, seconded, ...: not expected to
    moved = p[p["transfer_month"] > 0]
    start_of = pd.to_datetime(p["year"].astype(str) + "-01-01")
    hired = w.people.set_index("pid")["tmt_cpns"].reindex(p["pid"]).to_numpy()
    begin = np.maximum(
        start_of.to_numpy(),
        np.where(pd.DatetimeIndex(hired).year == p["year"], hired, start_of.to_numpy()),
    )
    end = pd.to_datetime(p["year"].astype(str) + "-12-31").to_numpy()
    last = p.assign(segment=np.where(p["transfer_month"] > 0, 1, 0), begin=begin, end=end)
    move_start = pd.to_datetime(
        pd.DataFrame({"year": moved["year"], "month": moved["transfer_month"], "day": 1})
    )
    last.loc[moved.index, "begin"] = move_start.to_numpy()
    first = moved.assign(
        segment=0,
        opd_id=moved["from_opd_id"],
        unit_id=moved["from_unit_id"],
        begin=pd.to_datetime(moved["year"].astype(str) + "-01-01").to_numpy(),
        end=(move_start - pd.Timedelta(days=1)).to_numpy(),
    )
    own = pd.concat([first, last], ignore_index=True).assign(acting=False, post_job_id=-1)
    act = w.acting[w.acting["year"].isin(EKINERJA_YEARS)]
    holders = w.panel.merge(act, on=["year", "pid"], suffixes=("", "_post"))
    acting = holders.assign(
        segment=0,
        acting=True,
        post_job_id=holders["job_id_post"],
        opd_id=holders["job_id_post"].map(w.jobs["opd_id"]),
        unit_id=holders["job_id_post"].map(w.jobs["unit_id"]),
        begin=pd.to_datetime(holders["year"].astype(str) + "-01-01").to_numpy(),
        end=pd.to_datetime(holders["year"].astype(str) + "-12-31").to_numpy(),
    ).drop(columns="job_id_post")
    skp = pd.concat([own, acting], ignore_index=True)
    skp = skp.sort_values(["year", "pid", "acting", "segment"], kind="stable").reset_index(
        drop=True
    )
    n = len(skp)
    ability = skp["pid"].map(w.people.set_index("pid")["ability"]).to_numpy()
    bias = skp["opd_id"].map(w.opd["bias"]).to_numpy()
    drift = 0.06 * (skp["year"].to_numpy() - 2022)
    score = ability + bias + drift + rng.normal(0, 0.6, n)
    behaviour = 0.5 * ability + 0.6 * bias + rng.normal(0, 0.8, n)
    hk, pk = _rate(score, behaviour)
    status_names = np.array([s for s, _ in SKP_STATUS])
    status = rng.choice(status_names, size=n, p=[p for _, p in SKP_STATUS])
    rated = (status == "Persetujuan") & (rng.random(n) >= 0.008)
    return skp.assign(
        score=score,
        status=status,
        rated=rated,
        hasil_kerja=np.where(rated, RATINGS[hk], None),
        perilaku=np.where(rated, RATINGS[pk], None),
        predikat=np.where(rated, MATRIX[hk, pk], None),
    )


def _monthly(skp: pd.DataFrame, rng) -> pd.DataFrame:
    s = skp[(skp["year"] == MONTHLY_YEAR) & (skp["status"] != "Penolakan")]
    m0 = pd.DatetimeIndex(s["begin"]).month.to_numpy()
    m1 = pd.DatetimeIndex(s["end"]).month.to_numpy()
    reps = m1 - m0 + 1
    rows = s.loc[s.index.repeat(reps)].copy()
    rows["month"] = np.repeat(m0, reps) + rows.groupby(level=0).cumcount().to_numpy()
    rows = rows.reset_index(drop=True)
    n = len(rows)
    ability_noise = rng.normal(0, 0.5, n)
    score = rows["score"].to_numpy() + ability_noise
    behaviour = score * 0.5 + rng.normal(0, 0.8, n)
    hk, pk = _rate(score, behaviour)
    p_unrated = np.select([rows["month"] == 12, rows["month"] == 11], [0.22, 0.06], 0.015)
    rated = (rows["status"].to_numpy() == "Persetujuan") & (rng.random(n) >= p_unrated)
    return rows.assign(
        rated=rated,
        hasil_kerja=np.where(rated, RATINGS[hk], None),
        perilaku=np.where(rated, RATINGS[pk], None),
        predikat=np.where(rated, MATRIX[hk, pk], None),
    ).drop(columns=["score"])


def legacy_sebutan(nilai: np.ndarray, year: int) -> np.ndarray:
    """Band label of a legacy numeric result under the regime of that year."""
    bands = PP46_BANDS if LEGACY_REGIME[year] == "PP 46/2011" else PP30_BANDS
    out = np.full(len(nilai), bands[-1][1], dtype=object)
    for lo, label in reversed(bands[:-1]):
        out = np.where(nilai >= lo, label, out)
    return out


def _legacy(w: World, rng) -> pd.DataFrame:
    p = w.panel[w.panel["year"].isin(LEGACY_YEARS) & w.panel["jenis_pegawai"].eq("PNS")]
    n = len(p)
    ability = p["pid"].map(w.people.set_index("pid")["ability"]).to_numpy()
    s = ability + p["opd_id"].map(w.opd["bias"]).to_numpy() + rng.normal(0, 0.6, n)
    year = p["year"].to_numpy()
    pp46 = year <= 2020
    skp46 = np.clip(84 + 4.5 * s + rng.normal(0, 2, n), 45, 99)
    per46 = np.clip(84 + 3.5 * s + rng.normal(0, 2.5, n), 45, 99)
    innov = (~pp46) & (s > np.quantile(s, 0.97))
    skp30 = np.where(innov, rng.uniform(110, 120, n), np.clip(98 + 5 * s, 45, 109.9))
    per30 = np.where(
        innov, rng.uniform(108, 120, n), np.clip(96 + 4 * s + rng.normal(0, 2, n), 45, 109.9)
    )
    nskp = np.round(np.where(pp46, skp46, skp30), 2)
    nper = np.round(np.where(pp46, per46, per30), 2)
    nilai = np.round(np.where(pp46, 0.6 * nskp + 0.4 * nper, 0.7 * nskp + 0.3 * nper), 2)
    nilai = np.where(innov, np.maximum(nilai, 110.0), np.minimum(nilai, 109.99))
    nilai = np.round(nilai, 2)
    out = p[["pid", "year", "opd_id", "unit_id", "job_id", "gol"]].assign(
        nilai_skp=nskp,
        nilai_perilaku=nper,
        nilai=nilai,
        regime=np.where(pp46, "PP 46/2011", "PP 30/2019"),
    )
    sebutan = np.empty(n, dtype=object)
    for y in LEGACY_YEARS:
        m = year == y
        sebutan[m] = legacy_sebutan(nilai[m], y)
    return out.assign(sebutan=sebutan).reset_index(drop=True)


def _assessments(w: World, rng) -> pd.DataFrame:
    frames = []
    seen = pd.Series(dtype=float)
    jobs = w.jobs
    for year, target in ASSESSED_PER_YEAR.items():
        p = w.panel[(w.panel["year"] == year) & w.panel["jenis_pegawai"].ne("PPPK Paruh Waktu")]
        jenis = p["job_id"].map(jobs["jenis_jabatan"])
        key = p["job_id"].map(jobs["key"])
        weight = np.select(
            [
                jenis.str.startswith("JPT"),
                jenis.eq("Administrator"),
                jenis.eq("Pengawas"),
                key.str.startswith("guru"),
                jobs.loc[p["job_id"], "jabatan"].str.contains("Ahli").to_numpy(),
            ],
            [6.0, 5.0, 3.0, 0.25, 1.5],
            0.4,
        )
        last = p["pid"].map(seen).to_numpy()
        weight = np.where(np.isnan(last) | (year - last > 3), weight, weight * 0.2)
        k = min(round(target * w.scale), len(p))
        if k == 0:
            continue
        pick = rng.choice(len(p), size=k, replace=False, p=weight / weight.sum())
        a = p.iloc[np.sort(pick)]
        seen = pd.concat(
            [seen[~seen.index.isin(a["pid"])], pd.Series(year, index=a["pid"].to_numpy())]
        )
        frames.append(
            a.assign(
                date=pd.to_datetime(
                    pd.DataFrame(
                        {
                            "year": year,
                            "month": rng.integers(3, 12, k),
                            "day": rng.integers(1, 29, k),
                        }
                    )
                ).to_numpy(),
                jenis_asesmen=np.where(rng.random(k) < 0.12, "Seleksi", "Pemetaan"),
            )
        )
    a = pd.concat(frames, ignore_index=True)
    n = len(a)
    req = a["job_id"].map(jobs["comp_level"]).to_numpy()
    ability = a["pid"].map(w.people.set_index("pid")["ability"]).to_numpy()
    levels = {}
    for i, _ in enumerate(COMPETENCIES):
        z = ability + rng.normal(0, 0.8, n)
        delta = np.select([z > 1.7, z < -2.4, z < -0.25], [1, -2, -1], 0)
        levels[f"std_{i}"] = req
        levels[f"lvl_{i}"] = np.clip(req + delta, 1, 5)
    lv = pd.DataFrame(levels)
    std = lv[[f"std_{i}" for i in range(len(COMPETENCIES))]].sum(axis=1).to_numpy()
    got = lv[[f"lvl_{i}" for i in range(len(COMPETENCIES))]].sum(axis=1).to_numpy()
    pot = a["pid"].map(w.people.set_index("pid")["potential"]).to_numpy()
    pscore = np.round(
        np.clip(71 + 6 * (0.6 * pot + 0.4 * ability) + rng.normal(0, 4, n), 40, 98), 2
    )
    pcat = np.where(pscore >= 80, "Tinggi", np.where(pscore >= 65, "Menengah", "Rendah"))
    return pd.concat([a.reset_index(drop=True), lv], axis=1).assign(
        jpm=np.round(got / std * 100, 2), potensi=pscore, potensi_kategori=pcat
    )


def _training(w: World, rng) -> pd.DataFrame:
    p = w.panel[["pid", "year", "opd_id", "unit_id"]]
    prop = p["pid"].map(w.people.set_index("pid")["ability"]).to_numpy() * 0.25
    lam = p["year"].map(TRAINING_RATE).to_numpy() * np.exp(prop + rng.normal(0, 0.5, len(p)))
    n = rng.poisson(lam)
    ev = p.loc[p.index.repeat(n)].reset_index(drop=True)
    k = len(ev)
    kinds = np.array(list(TRAININGS))
    kind = rng.choice(kinds, size=k, p=[0.45, 0.15, 0.03, 0.17, 0.2])
    title = np.empty(k, dtype=object)
    u = rng.random(k)
    for t, names in TRAININGS.items():
        sel = kind == t
        title[sel] = np.asarray(names)[(u[sel] * len(names)).astype(int)]
    jp = rng.choice(JP_VALUES, size=k, p=JP_WEIGHTS)
    jp = np.where(kind == "Pelatihan Kepemimpinan", 200, jp)
    start = pd.to_datetime(
        pd.DataFrame(
            {"year": ev["year"], "month": rng.integers(1, 13, k), "day": rng.integers(1, 29, k)}
        )
    )
    days = np.maximum(1, np.ceil(jp / 8)).astype(int)
    end = start + pd.to_timedelta(days - 1, unit="D")
    end = end.where(end.dt.year == ev["year"], pd.to_datetime(ev["year"].astype(str) + "-12-31"))
    return ev.assign(
        jenis=kind,
        nama_pelatihan=title,
        jp=jp,
        mulai=start.to_numpy(),
        selesai=end.to_numpy(),
        penyelenggara=rng.choice(PENYELENGGARA, size=k),
    )


def _discipline(w: World, rng) -> pd.DataFrame:
    p = w.panel[["pid", "year", "opd_id"]]
    ability = p["pid"].map(w.people.set_index("pid")["ability"]).to_numpy()
    hit = rng.random(len(p)) < 0.004 * np.exp(-0.8 * ability)
    d = p[hit].reset_index(drop=True)
    kinds = np.array(load_catalog().awards["disciplinary"])
    level = np.array(["Ringan", "Ringan", "Ringan", "Sedang", "Sedang", "Berat"])
    i = rng.choice(len(kinds), size=len(d), p=[0.3, 0.25, 0.15, 0.15, 0.1, 0.05])
    date = pd.to_datetime(
        pd.DataFrame(
            {
                "year": d["year"],
                "month": rng.integers(1, 13, len(d)),
                "day": rng.integers(1, 29, len(d)),
            }
        )
    )
    return d.assign(
        jenis_hukuman=kinds[i],
        tingkat=level[i],
        tanggal_sk=date.to_numpy(),
        nomor_sk="800/"
        + pd.Series(rng.integers(100, 999, len(d))).astype(str)
        + "/419.44/"
        + d["year"].astype(str),
    )


def _merit(rng) -> pd.DataFrame:
    fw = load_catalog().merit_2018
    frames = []
    base = rng.normal(0, 0.35, len(fw))
    for y, level in MERIT_LEVEL.items():
        a = fw["aspek_no"].to_numpy()
        lat = (
            level
            + pd.Series(a).map(MERIT_ASPECT_SHIFT).to_numpy()
            + pd.Series(a).map(MERIT_ASPECT_SLOPE).to_numpy() * (y - 2019)
            + base
            + rng.normal(0, 0.3, len(fw))
        )
        frames.append(fw.assign(year=y, nilai=np.clip(np.round(lat), 1, 4).astype(int)))
    return pd.concat(frames, ignore_index=True)


def _opd_predikat(w: World, rng) -> pd.DataFrame:
    frames = []
    for y in EKINERJA_YEARS:
        b = w.opd["bias"].to_numpy() + rng.normal(0, 0.25, len(w.opd))
        pred = np.select([b > 0.45, b < -0.55], ["Istimewa", "Butuh Perbaikan"], "Baik")
        frames.append(pd.DataFrame({"opd_id": w.opd["opd_id"], "year": y, "predikat": pred}))
    return pd.concat(frames, ignore_index=True)

"""The synthetic population: OPDs, posts, people and their state in every year 2019-2024.

Everything here is vectorised over people (numpy/pandas), so the same code builds Kota Kediri at
scale 1.0 (about 5,500 ASN) and a national-size population at scale 800. Randomness comes from
one ``numpy.random.Generator`` seeded by the caller, drawn in a fixed order: same seed and scale,
same world.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .catalog import GOLONGAN, Catalog, gol_index, load_catalog

YEARS: tuple[int, ...] = tuple(range(2019, 2025))
DELAYERING_YEAR = 2022  # Kota Kediri removed eselon IV (Pengawas) posts from this year on
INITIAL_PEOPLE = 5_400  # PNS on 1 Jan 2019 at scale 1.0
#: (CPNS, PPPK, PPPK paruh waktu) appointed per year at scale 1.0.
HIRES = {
    2019: (45, 0, 0),
    2020: (70, 0, 0),
    2021: (35, 140, 0),
    2022: (10, 220, 0),
    2023: (0, 160, 0),
    2024: (40, 120, 160),
}
TRANSFER_RATE = 0.03  # share of eligible staff moving to another OPD during a year
ATTRITION_RATE = 0.004  # deaths and resignations per year
UPGRADE_RATE = 0.012  # share earning a higher degree per year
FILL_RATE = 0.8  # share of vacant posts filled at the start of a year; the rest get a Plt

JENIS_PEGAWAI = ("PNS", "PPPK", "PPPK Paruh Waktu")
_ROLE_RANK = {"head": 0, "sek": 1, "kabid": 2, "pengawas": 3}
_LADDERS = {  # fungsional career steps: job -> (next job, golongan needed)
    "guru_pertama": ("guru_muda", "III/c"),
    "guru_muda": ("guru_madya", "IV/a"),
    "auditor_pertama": ("auditor_muda", "III/c"),
    "auditor_muda": ("auditor_madya", "IV/a"),
    "dokter_pertama": ("dokter_muda", "III/c"),
    "perawat_terampil": ("perawat_mahir", "II/d"),
    "analis_kebijakan_pertama": ("analis_kebijakan_muda", "III/c"),
}
_MIN_AGE_EDU = {
    5: 19,
    10: 19,
    12: 19,
    15: 19,
    17: 19,
    18: 19,
    20: 20,
    25: 21,
    30: 22,
    35: 23,
    40: 23,
    42: 25,
    45: 27,
    47: 30,
    50: 30,
}
_FEMALE_SHARE = {"kebidanan": 1.0, "keperawatan": 0.7, "guru": 0.68, "gizi": 0.8, "farmasi": 0.7}
_FEMALE_SHARE_KEY = {
    "pengemudi": 0.0,
    "polpp_pemula": 0.2,
    "polpp_terampil": 0.2,
    "analis_kebakaran": 0.1,
    "teknisi": 0.1,
    "pw_pengelola": 0.3,
}


@dataclass(frozen=True)
class World:
    """The population and its yearly state: the truth every export is rendered from."""

    seed: int
    scale: float
    opd: pd.DataFrame  # opd_id, nama, jenis, base, instansi, headcount, bias
    units: pd.DataFrame  # unit_id, opd_id, nama, kind
    jobs: pd.DataFrame  # job_id, key, jabatan, jenis_jabatan, eselon, comp_level, min_edu, bup,
    #                       field, unit_kind, pppk, role, opd_id, unit_id, abolished_from
    people: pd.DataFrame  # pid, nip, nama, sex, birth_date, tmt_cpns, jenis_pegawai, ability, ...
    panel: pd.DataFrame  # pid x year: opd_id, unit_id, job_id, gol, tmt_gol, edu_id, ...
    acting: pd.DataFrame  # year, job_id (the vacant post), pid (the Plt holder)


# --------------------------------------------------------------------------- organisation


def _build_opd(cat: Catalog, scale: float, rng: np.random.Generator) -> pd.DataFrame:
    base = cat.opd.sort_values("order").reset_index(drop=True)
    if scale < 0.5:  # small test worlds keep a representative subset of OPDs
        base = base.head(int(min(40, max(6, round(80 * scale)))))
    n_inst = max(1, math.ceil(scale))
    frames = []
    for i in range(n_inst):
        f = base.assign(instansi=i, base=base.index)
        if n_inst > 1:
            f = f.assign(nama=f["nama"] + f" - Instansi {i + 1:04d}")
        frames.append(f)
    opd = pd.concat(frames, ignore_index=True)
    opd.insert(0, "opd_id", np.arange(len(opd)))
    # how lenient each OPD's raters are: drives the predikat mix and quota breaches
    return opd.assign(bias=rng.normal(0.0, 0.35, len(opd)))


def _build_units(cat: Catalog, opd: pd.DataFrame) -> pd.DataFrame:
    specific = cat.units[~cat.units["opd"].str.startswith("@")]
    generic = cat.units[cat.units["opd"].str.startswith("@")].assign(
        jenis=lambda d: d["opd"].str[1:]
    )
    base_names = cat.opd.sort_values("order")["nama"].reset_index(drop=True)
    named = opd[["opd_id", "base"]].assign(base_nama=opd["base"].map(base_names))
    a = named.merge(specific, left_on="base_nama", right_on="opd")[["opd_id", "unit", "kind"]]
    no_specific = opd[~named["base_nama"].isin(specific["opd"])][["opd_id", "jenis"]]
    b = no_specific.merge(generic, on="jenis")[["opd_id", "unit", "kind"]]
    units = pd.concat([a, b]).sort_values(["opd_id"], kind="stable").reset_index(drop=True)
    units = units.rename(columns={"unit": "nama"})
    units.insert(0, "unit_id", np.arange(len(units)))
    return units


def _build_posts(
    opd: pd.DataFrame, units: pd.DataFrame, scale: float, rng: np.random.Generator
) -> pd.DataFrame:
    """Structural posts: one head and a secretary per OPD, heads of bidang, eselon IV posts."""
    first_unit = units.groupby("opd_id")["unit_id"].first()
    heads = opd.assign(
        unit_id=opd["opd_id"].map(first_unit),
        role="head",
        jabatan=opd["jabatan_kepala"],
        jenis_jabatan=opd["jenis_jabatan_kepala"],
        eselon=opd["eselon_kepala"],
    )
    sek = opd[opd["jenis"] != "setda"]
    sek_title = np.select(
        [sek["jenis"] == "rsud", sek["jenis"] == "inspektorat"],
        ["Wakil Direktur Umum dan Keuangan", "Sekretaris Inspektorat"],
        "Sekretaris " + sek["nama"],
    )
    secs = sek.assign(
        unit_id=sek["opd_id"].map(first_unit),
        role="sek",
        jabatan=sek_title,
        jenis_jabatan="Administrator",
        eselon=np.where(sek["jenis"] == "kecamatan", "III.b", "III.a"),
    )
    setda = opd[opd["jenis"] == "setda"]
    asisten = pd.concat(
        [
            setda.assign(jabatan=t)
            for t in (
                "Asisten Pemerintahan dan Kesejahteraan Rakyat",
                "Asisten Perekonomian dan Pembangunan",
                "Asisten Administrasi Umum",
            )
        ]
    ).assign(
        unit_id=lambda d: d["opd_id"].map(first_unit),
        role="sek",
        jenis_jabatan="JPT Pratama",
        eselon="II.b",
    )
    bid = units[units["kind"] == "bidang"].merge(opd[["opd_id", "jenis"]], on="opd_id")
    kabid = bid.assign(
        role="kabid",
        jenis_jabatan="Administrator",
        eselon="III.b",
        jabatan=np.where(
            bid["nama"].str.startswith("Inspektur"), bid["nama"], "Kepala " + bid["nama"]
        ),
    )
    topics = np.array(
        ["Perencanaan", "Pelaksanaan", "Pembinaan", "Pengawasan", "Data dan Informasi", "Evaluasi"]
    )
    k = np.arange(len(bid))
    seksi = pd.concat(
        [
            bid.assign(
                jabatan=np.where(
                    bid["nama"].str.startswith("Bagian"), "Kepala Sub Bagian ", "Kepala Seksi "
                )
                + topics[(2 * k + j) % len(topics)]
                + " "
                + bid["nama"].str.replace(r"^(Bidang|Bagian|Inspektur Pembantu) ", "", regex=True)
            )
            for j in (0, 1)
        ]
    )
    sekr = units[units["kind"] == "sekretariat"]
    kasubbag = pd.concat(
        [
            sekr.assign(jabatan=t)
            for t in ("Kepala Sub Bagian Umum dan Kepegawaian", "Kepala Sub Bagian Keuangan")
        ]
    )
    kel = units[units["kind"] == "kelurahan"]
    lurah = kel.assign(jabatan="Lurah " + kel["nama"].str.replace("Kelurahan ", "", regex=False))
    sk = units[units["kind"] == "seksi"]
    kasi = sk.assign(jabatan="Kepala " + sk["nama"])
    pengawas = pd.concat([seksi, kasubbag, lurah, kasi]).assign(
        role="pengawas", jenis_jabatan="Pengawas", eselon="IV.a"
    )
    cols = ["opd_id", "unit_id", "role", "jabatan", "jenis_jabatan", "eselon"]
    posts = pd.concat(
        [heads[cols], secs[cols], asisten[cols], kabid[cols], pengawas[cols]], ignore_index=True
    )
    if scale < 1:  # keep small worlds from being all managers
        keep = (posts["role"].isin(["head", "sek"])) | (rng.random(len(posts)) < max(scale, 0.1))
        posts = posts[keep].reset_index(drop=True)
    posts = (
        posts.assign(rank=posts["role"].map(_ROLE_RANK))
        .sort_values(["opd_id", "rank"], kind="stable")
        .drop(columns="rank")
        .reset_index(drop=True)
    )
    jpt = posts["jenis_jabatan"].str.startswith("JPT")
    return posts.assign(
        key="post_" + posts["role"],
        comp_level=np.select([jpt, posts["jenis_jabatan"] == "Administrator"], [4, 3], 2),
        min_edu=np.where(posts["role"] == "pengawas", 30, 40),
        bup=np.where(jpt, 60, 58),
        field="administrasi",
        unit_kind="",
        pppk=0,
        abolished_from=np.where(posts["role"] == "pengawas", DELAYERING_YEAR, 9999),
    )


def _build_jobs(cat: Catalog, posts: pd.DataFrame) -> pd.DataFrame:
    staff = cat.jobs.assign(role="staff", eselon="", opd_id=-1, unit_id=-1, abolished_from=9999)
    jobs = pd.concat([staff, posts], ignore_index=True)
    jobs.insert(0, "job_id", np.arange(len(jobs)))
    return jobs


# --------------------------------------------------------------------------- helpers


class _Picker:
    """Vectorised choice of a unit inside an OPD that suits a job (school, puskesmas, ...)."""

    def __init__(self, units: pd.DataFrame):
        self.units = units
        self._choices: dict[tuple, np.ndarray] = {}

    def _units_for(self, opd_id, opt) -> np.ndarray:
        """The units (by id) a job with unit kinds ``opt`` ("a|b") may sit in, in ``opd_id``:
        those of one of its kinds, else every unit of the OPD. Kept per pair: the world asks
        for the same pairs every year."""
        key = (opd_id, opt)
        if key not in self._choices:
            u = self.units[self.units["opd_id"].eq(opd_id)]
            kinds = opt.split("|") if isinstance(opt, str) else [opt]
            fit = u[u["kind"].isin(kinds)]  # a missing kind matches a unit without one
            self._choices[key] = np.sort((fit if len(fit) else u)["unit_id"].to_numpy())
        return self._choices[key]

    def pick(self, opd_ids: np.ndarray, unit_kinds: np.ndarray, rng) -> np.ndarray:
        req = pd.MultiIndex.from_arrays([opd_ids, unit_kinds])
        codes, pairs = pd.factorize(req, use_na_sentinel=False)
        choices = [self._units_for(o, k) for o, k in pairs]
        sizes = np.array([len(c) for c in choices])
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        flat = np.concatenate(choices) if choices else np.array([], dtype=int)
        off = np.floor(rng.random(len(req)) * sizes[codes]).astype(int)
        return flat[starts[codes] + off]


def _beta_age(lo: float, hi: float, a: float, b: float, n: int, rng) -> np.ndarray:
    return lo + (hi - lo) * rng.beta(a, b, n)


def _edu_for(min_edu: np.ndarray, cat: Catalog, rng, strict: bool) -> np.ndarray:
    """Education level per person given the job's minimum (mixture table; strict = >= min)."""
    out = np.empty(len(min_edu), dtype=int)
    for m, grp in cat.education_mix.groupby("min_edu"):
        sel = np.flatnonzero(min_edu == m)
        if not len(sel):
            continue
        g = grp[grp["edu"] >= m] if strict else grp
        out[sel] = rng.choice(
            g["edu"].to_numpy(), size=len(sel), p=(g["weight"] / g["weight"].sum()).to_numpy()
        )
    return out


def _date(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> pd.Series:
    return pd.to_datetime(pd.DataFrame({"year": y, "month": m, "day": d}))


# --------------------------------------------------------------------------- people


class _People:
    """Accumulates new people (initial population and hires) with their fixed attributes."""

    def __init__(self, cat: Catalog, jobs: pd.DataFrame, rng: np.random.Generator):
        self.cat, self.jobs, self.rng = cat, jobs, rng
        self.frames: list[pd.DataFrame] = []
        self.next_pid = 0
        n = cat.names
        self.first = {1: np.array(n["male_first"]), 2: np.array(n["female_first"])}
        self.last = {1: np.array(n["male_last"]), 2: np.array(n["female_last"])}
        self.middle = np.array(n["middle"])
        fields = cat.fields.set_index("field")["name"].str.split("|")
        self.programs = fields.to_dict()

    def add(
        self,
        job_id: np.ndarray,
        age: np.ndarray,
        ref: pd.Timestamp,
        edu: np.ndarray,
        jenis: str,
        tmt: pd.Series | None,
    ) -> pd.DataFrame:
        rng, n = self.rng, len(job_id)
        jobs = self.jobs.set_index("job_id").loc[job_id]
        share = (
            jobs["field"]
            .map(_FEMALE_SHARE)
            .fillna(jobs["key"].map(_FEMALE_SHARE_KEY))
            .fillna(0.5)
            .to_numpy()
        )
        share = np.where(jobs["role"].to_numpy() != "staff", 0.35, share)
        sex = np.where(rng.random(n) < share, 2, 1)
        birth = ref - pd.to_timedelta(np.round(age * 365.25), unit="D")
        birth = birth.normalize()
        if tmt is None:  # initial population: CPNS appointment some years ago
            min_age = pd.Series(edu).map(_MIN_AGE_EDU).to_numpy()
            at = np.minimum(min_age + rng.exponential(3.5, n), 35.0)
            at = np.minimum(at, age - 0.5)
            t = birth + pd.to_timedelta(np.round(at * 365.25), unit="D")
            t = t.where(t < pd.Timestamp("2018-12-01"), pd.Timestamp("2018-12-01"))
            tmt = _date(t.year.to_numpy(), t.month.to_numpy(), np.ones(n, int))
        given = np.where(sex == 1, rng.choice(self.first[1], n), rng.choice(self.first[2], n))
        mid = np.where(rng.random(n) < 0.3, rng.choice(self.middle, n), "")
        last = np.where(sex == 1, rng.choice(self.last[1], n), rng.choice(self.last[2], n))
        # an abbreviated given name ("Moch.") never stands alone
        last = np.where((rng.random(n) < 0.8) | np.char.endswith(given.astype(str), "."), last, "")
        nama = (
            pd.Series(given)
            + np.where(mid != "", " " + mid, "")
            + np.where(last != "", " " + last, "")
        )
        field = jobs["field"].to_numpy()
        pick = rng.random(n)
        program = np.empty(n, dtype=object)
        for f, progs in self.programs.items():  # a loop over ~25 fields, not over people
            sel = field == f
            program[sel] = np.asarray(progs)[(pick[sel] * len(progs)).astype(int)]
        pids = np.arange(self.next_pid, self.next_pid + n)
        self.next_pid += n
        frame = pd.DataFrame(
            {
                "pid": pids,
                "nama": nama.to_numpy(),
                "sex": sex,
                "birth_date": birth.to_numpy(),
                "tmt_cpns": np.asarray(tmt),
                "jenis_pegawai": jenis,
                "ability": rng.normal(0, 1, n)
                + np.where(jobs["role"].to_numpy() != "staff", 0.3, 0),
                "potential": rng.normal(0, 1, n),
                "program": program,
                "field": jobs["field"].to_numpy(),
            }
        )
        self.frames.append(frame)
        return frame

    def table(self) -> pd.DataFrame:
        people = pd.concat(self.frames, ignore_index=True)
        return people.assign(nip=_make_nip(people))


def _make_nip(people: pd.DataFrame) -> pd.Series:
    """NIP: birth YYYYMMDD + TMT CPNS YYYYMM + sex + serial (PNS); PPPK: birth + year + 21/25."""
    b = people["birth_date"].dt.strftime("%Y%m%d")
    t = people["tmt_cpns"]
    pns = people["jenis_pegawai"] == "PNS"
    mid = np.where(
        pns,
        t.dt.strftime("%Y%m"),
        t.dt.strftime("%Y") + np.where(people["jenis_pegawai"] == "PPPK", "21", "25"),
    )
    prefix = b + mid + people["sex"].astype(str)
    serial = prefix.groupby(prefix).cumcount() + 1
    return prefix + serial.map("{:03d}".format)


# --------------------------------------------------------------------------- simulation


def build_world(seed: int = 2024, scale: float = 1.0) -> World:
    """Simulate the population 2019-2024 for a seed and scale (deterministic)."""
    if not scale > 0:
        raise ValueError(f"scale must be positive, got {scale!r}")
    cat = load_catalog()
    rng = np.random.default_rng([seed, round(scale * 1000)])
    opd = _build_opd(cat, scale, rng)
    units = _build_units(cat, opd)
    posts = _build_posts(opd, units, scale, rng)
    jobs = _build_jobs(cat, posts)
    picker = _Picker(units)
    people = _People(cat, jobs, rng)
    key_to_job = jobs[jobs["role"] == "staff"].set_index("key")["job_id"]
    mix = _opd_mix(cat, opd, key_to_job)

    cur = _initial(cat, opd, jobs, posts, mix, picker, people, scale, rng)
    records, acting = [], []
    hire_weights = opd["headcount"].to_numpy(float)
    for year in YEARS:
        if year > YEARS[0]:
            cur = _promote_golongan(cur, jobs, year, rng)
        if year == DELAYERING_YEAR:
            pengawas = cur["job_id"].map(jobs["role"]).eq("pengawas")
            cur.loc[pengawas, "job_id"] = key_to_job["analis_kebijakan_muda"]
            cur.loc[pengawas, "tmt_jab"] = pd.Timestamp(f"{year}-01-03")
        cur, vacant = _fill_posts(cur, jobs, year, rng)
        acting.append(_acting(cur, jobs, vacant, year, rng))
        cur = _ladders(cur, jobs, key_to_job, year)
        cur = _upgrade_education(cur, year, rng)
        cur = pd.concat(
            [cur, _hire(cat, opd, jobs, mix, picker, people, year, hire_weights, scale, rng)],
            ignore_index=True,
        )
        cur = _transfer(cur, jobs, opd, picker, year, rng)
        records.append(cur.assign(year=year))
        cur = _leave(cur, jobs, people, year, rng)
    panel = pd.concat(records, ignore_index=True)
    panel = panel.sort_values(["year", "pid"], kind="stable").reset_index(drop=True)
    panel["kedudukan"] = _kedudukan(panel, seed, scale)
    acting_df = pd.concat(acting, ignore_index=True)
    return World(
        seed=seed,
        scale=scale,
        opd=opd,
        units=units,
        jobs=jobs,
        people=people.table(),
        panel=panel,
        acting=acting_df,
    )


def _opd_mix(cat: Catalog, opd: pd.DataFrame, key_to_job: pd.Series) -> dict[int, pd.DataFrame]:
    """Staff job mix per base OPD: its jenis' rows plus rows naming the OPD itself."""
    base = cat.opd.sort_values("order").reset_index(drop=True)
    out = {}
    for b in opd["base"].unique():
        row = base.loc[b]
        m = cat.job_mix[cat.job_mix["opd_jenis"].isin([row["jenis"], row["nama"]])]
        m = m.groupby("key", as_index=False)["weight"].sum()
        out[int(b)] = m.assign(
            job_id=m["key"].map(key_to_job).astype(int), p=m["weight"] / m["weight"].sum()
        )
    return out


def _staff_jobs(
    opd_ids: np.ndarray, opd: pd.DataFrame, mix: dict, rng, pppk: int | None = None
) -> np.ndarray:
    out = np.full(len(opd_ids), -1)
    bases = opd["base"].to_numpy()[opd_ids]
    for b, m in mix.items():
        sel = np.flatnonzero(bases == b)
        if not len(sel):
            continue
        if pppk is not None:
            m = m[m["key"].map(load_catalog().jobs.set_index("key")["pppk"]) == pppk]
            if m.empty:
                continue
        out[sel] = rng.choice(
            m["job_id"].to_numpy(), size=len(sel), p=(m["weight"] / m["weight"].sum()).to_numpy()
        )
    return out


def _state(
    people: pd.DataFrame, job_id, opd_id, unit_id, edu, gol, tmt_gol, tmt_jab, edu_year
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "pid": people["pid"].to_numpy(),
            "opd_id": opd_id,
            "unit_id": unit_id,
            "job_id": job_id,
            "gol": gol,
            "tmt_gol": tmt_gol,
            "tmt_jab": tmt_jab,
            "edu_id": edu,
            "edu_year": edu_year,
            "birth_date": people["birth_date"].to_numpy(),
            "jenis_pegawai": people["jenis_pegawai"].to_numpy(),
        }
    )


def _initial(cat, opd, jobs, posts, mix, picker, people, scale, rng) -> pd.DataFrame:
    ref = pd.Timestamp("2019-01-01")
    n_total = round(INITIAL_PEOPLE * scale)
    w = opd["headcount"].to_numpy(float)
    n_opd = np.floor(w / w.sum() * n_total).astype(int)
    posts_per = posts.groupby("opd_id").size().reindex(opd["opd_id"], fill_value=0).to_numpy()
    n_staff = np.maximum(n_opd - posts_per, 2)
    post_jobs = jobs[jobs["role"] != "staff"]
    staff_opd = np.repeat(opd["opd_id"].to_numpy(), n_staff)
    staff_job = _staff_jobs(staff_opd, opd, mix, rng)
    job_id = np.concatenate([post_jobs["job_id"].to_numpy(), staff_job])
    opd_id = np.concatenate([post_jobs["opd_id"].to_numpy(), staff_opd])
    jj = jobs.set_index("job_id").loc[job_id]
    role = jj["role"].to_numpy()
    is_guru = jj["key"].str.startswith("guru").to_numpy()
    age = np.select(
        [role == "head", role == "sek", role == "kabid", role == "pengawas", is_guru],
        [
            _beta_age(46, 58.5, 2, 1.2, len(job_id), rng),
            _beta_age(42, 57.5, 2, 1.3, len(job_id), rng),
            _beta_age(38, 57.5, 2, 1.5, len(job_id), rng),
            _beta_age(32, 57.5, 2, 1.4, len(job_id), rng),
            _beta_age(24, 59.5, 1.5, 1.1, len(job_id), rng),
        ],
        _beta_age(23, 57.5, 1.5, 1.15, len(job_id), rng),
    )
    min_edu = jj["min_edu"].to_numpy()
    edu = _edu_for(min_edu, cat, rng, strict=False)
    edu = np.where(role != "staff", np.maximum(edu, min_edu), edu)
    unit = np.where(
        role != "staff",
        jj["unit_id"].to_numpy(),
        picker.pick(opd_id, jj["unit_kind"].to_numpy(), rng),
    )
    p = people.add(job_id, age, ref, edu, "PNS", None)
    gol, tmt_gol = _initial_golongan(p, edu, jj, cat, rng)
    years_in_job = np.minimum(rng.exponential(4, len(p)), age - 22)
    tmt_jab = ref - pd.to_timedelta(np.round(years_in_job * 365.25), unit="D")
    edu_year = (p["birth_date"].dt.year + pd.Series(edu).map(_MIN_AGE_EDU)).to_numpy()
    edu_year = np.minimum(edu_year + rng.integers(0, 8, len(p)) * (edu >= 40), 2018)
    return _state(
        p, job_id, opd_id, unit, edu, gol, tmt_gol, tmt_jab.normalize().to_numpy(), edu_year
    )


def _initial_golongan(p, edu, jj, cat, rng):
    ed = cat.education.set_index("id")
    entry_edu = np.where(np.isin(edu, (45, 50)), 40, np.where(edu == 47, 42, edu))
    entry = pd.Series(entry_edu).map(ed["entry_gol"]).map(gol_index).to_numpy()
    cap = pd.Series(edu).map(ed["cap_gol"]).map(gol_index).to_numpy()
    jenis = jj["jenis_jabatan"].to_numpy()
    lo = np.select(
        [
            np.char.startswith(jenis.astype(str), "JPT"),
            jenis == "Administrator",
            jenis == "Pengawas",
        ],
        [gol_index("IV/b"), gol_index("III/d"), gol_index("III/b")],
        0,
    )
    cap = np.where(np.char.startswith(jenis.astype(str), "JPT"), gol_index("IV/d"), cap)
    service = (pd.Timestamp("2019-01-01") - p["tmt_cpns"]).dt.days.to_numpy() / 365.25
    steps = np.floor(service / 4).astype(int)
    gol = np.clip(entry + steps, lo, np.maximum(cap, lo))
    last_promo = np.minimum(p["tmt_cpns"].dt.year.to_numpy() + 4 * (gol - entry), 2018)
    last_promo = np.where(
        gol > entry, last_promo - rng.integers(0, 3, len(p)), p["tmt_cpns"].dt.year.to_numpy()
    )
    month = np.where(rng.random(len(p)) < 0.5, 4, 10)
    tmt_gol = _date(
        np.maximum(last_promo, p["tmt_cpns"].dt.year.to_numpy()), month, np.ones(len(p), int)
    )
    return gol, tmt_gol.to_numpy()


def _promote_golongan(cur: pd.DataFrame, jobs: pd.DataFrame, year: int, rng) -> pd.DataFrame:
    cat = load_catalog()
    pns = cur["jenis_pegawai"].eq("PNS").to_numpy()
    cap = cur["edu_id"].map(cat.education.set_index("id")["cap_gol"]).map(gol_index).to_numpy()
    jpt = cur["job_id"].map(jobs["jenis_jabatan"]).str.startswith("JPT").to_numpy()
    cap = np.where(jpt, gol_index("IV/e"), cap)
    due = pns & (year - pd.DatetimeIndex(cur["tmt_gol"]).year.to_numpy() >= 4) & (cur["gol"] < cap)
    month = np.where(rng.random(len(cur)) < 0.5, 4, 10)
    new_tmt = _date(np.full(len(cur), year), month, np.ones(len(cur), int)).to_numpy()
    return cur.assign(
        gol=np.where(due, cur["gol"] + 1, cur["gol"]),
        tmt_gol=np.where(due, new_tmt, cur["tmt_gol"]),
    )


def _ladders(
    cur: pd.DataFrame, jobs: pd.DataFrame, key_to_job: pd.Series, year: int
) -> pd.DataFrame:
    key = cur["job_id"].map(jobs["key"])
    job = cur["job_id"].to_numpy().copy()
    tmt = cur["tmt_jab"].to_numpy().copy()
    for src, (dst, need) in _LADDERS.items():
        m = (
            key.eq(src) & cur["jenis_pegawai"].eq("PNS") & (cur["gol"] >= gol_index(need))
        ).to_numpy()
        job[m] = key_to_job[dst]
        tmt[m] = np.datetime64(f"{year}-01-02")
    return cur.assign(job_id=job, tmt_jab=tmt)


def _upgrade_education(cur: pd.DataFrame, year: int, rng) -> pd.DataFrame:
    step = {15: 40, 30: 40, 40: 45}
    can = cur["edu_id"].isin(list(step)).to_numpy() & cur["jenis_pegawai"].eq("PNS").to_numpy()
    up = can & (rng.random(len(cur)) < UPGRADE_RATE)
    new = cur["edu_id"].map(step).fillna(cur["edu_id"]).astype(int).to_numpy()
    return cur.assign(
        edu_id=np.where(up, new, cur["edu_id"]), edu_year=np.where(up, year - 1, cur["edu_year"])
    )


def _fill_posts(cur: pd.DataFrame, jobs: pd.DataFrame, year: int, rng):
    """Promote people into vacant posts (top down); leave some vacant for a Plt."""
    posts = jobs[(jobs["role"] != "staff") & (jobs["abolished_from"] > year)]
    cur = cur.copy()
    for role in ("head", "sek", "kabid", "pengawas"):
        held = set(cur["job_id"])
        vac = posts[(posts["role"] == role) & ~posts["job_id"].isin(held)]
        vac = vac[rng.random(len(vac)) < FILL_RATE]
        if vac.empty:
            continue
        jj = jobs.loc[cur["job_id"]]
        age = (pd.Timestamp(f"{year}-01-01") - cur["birth_date"]).dt.days.to_numpy() / 365.25
        young = age < 55
        gol = cur["gol"].to_numpy()
        pns = cur["jenis_pegawai"].eq("PNS").to_numpy()
        jr = jj["role"].to_numpy()
        jenis = jj["jenis_jabatan"].to_numpy()
        if role in ("head", "sek"):
            ok = pns & young & (jr == "kabid") | pns & young & (jr == "sek") & (role == "head")
            ok &= gol >= gol_index("IV/a")
        elif role == "kabid":
            ok = (
                pns
                & young
                & (
                    (jr == "pengawas")
                    | (
                        (jenis == "Fungsional")
                        & jj["jabatan"].str.contains("Ahli Muda|Ahli Madya").to_numpy()
                    )
                )
            )
            ok &= (gol >= gol_index("III/c")) & (cur["edu_id"].to_numpy() >= 35)
        else:
            ok = pns & young & (jr == "staff") & (cur["edu_id"].to_numpy() >= 30)
            ok &= (gol >= gol_index("III/a")) & ~jj["key"].str.startswith("guru").to_numpy()
        cand = np.flatnonzero(ok)
        cand = cand[rng.permutation(len(cand))][: len(vac)]
        vac = vac.iloc[: len(cand)]
        cur.loc[cur.index[cand], ["job_id", "opd_id", "unit_id"]] = vac[
            ["job_id", "opd_id", "unit_id"]
        ].to_numpy()
        cur.loc[cur.index[cand], "tmt_jab"] = pd.Timestamp(f"{year}-01-02")
    held = set(cur["job_id"])
    return cur, posts[~posts["job_id"].isin(held)]


def _acting(
    cur: pd.DataFrame, jobs: pd.DataFrame, vacant: pd.DataFrame, year: int, rng
) -> pd.DataFrame:
    """A Plt for every vacant post: a structural official of the same OPD, else anyone there."""
    if vacant.empty:
        return pd.DataFrame({"year": [], "job_id": [], "pid": []}, dtype=int)
    role = cur["job_id"].map(jobs["role"])
    cand = cur.assign(
        pri=np.where(role.isin(["head", "sek", "kabid"]), 0, 1), r=rng.random(len(cur))
    )[["pid", "opd_id", "pri", "r", "job_id"]]
    m = vacant[["job_id", "opd_id"]].merge(cand, on="opd_id", suffixes=("", "_own"))
    m = m[m["job_id"] != m["job_id_own"]].sort_values(["job_id", "pri", "r"])
    first = m.groupby("job_id", as_index=False).first()
    return pd.DataFrame({"year": year, "job_id": first["job_id"], "pid": first["pid"]})


def _hire(cat, opd, jobs, mix, picker, people, year, weights, scale, rng) -> pd.DataFrame:
    frames = []
    for kind, n in zip(JENIS_PEGAWAI, HIRES[year], strict=True):
        n = round(n * scale)
        if n == 0:
            continue
        pppk = {"PNS": None, "PPPK": 1, "PPPK Paruh Waktu": 2}[kind]
        opd_ids = rng.choice(opd["opd_id"].to_numpy(), size=n * 3, p=weights / weights.sum())
        job = _staff_jobs(opd_ids, opd, mix, rng, pppk=pppk)
        if kind == "PPPK Paruh Waktu":  # not in any mix: part-time operational roles everywhere
            pw = jobs[jobs["pppk"] == 2]["job_id"].to_numpy()
            job = rng.choice(pw, size=len(opd_ids))
        ok = np.flatnonzero(job >= 0)[:n]
        opd_ids, job = opd_ids[ok], job[ok]
        jj = jobs.set_index("job_id").loc[job]
        lo, hi = {"PNS": (22, 34), "PPPK": (25, 50), "PPPK Paruh Waktu": (22, 45)}[kind]
        month = rng.integers(1, 7, len(job)) if kind == "PNS" else rng.integers(1, 11, len(job))
        ref = pd.Timestamp(f"{year}-01-01")
        tmt = _date(np.full(len(job), year), month, np.ones(len(job), int))
        edu = _edu_for(jj["min_edu"].to_numpy(), cat, rng, strict=True)
        age = _beta_age(lo, hi, 1.3, 1.8, len(job), rng)
        p = people.add(job, age, ref, edu, kind, tmt)
        unit = picker.pick(opd_ids, jj["unit_kind"].to_numpy(), rng)
        if kind == "PNS":
            entry = (
                pd.Series(np.where(edu >= 45, 40, edu))
                .map(cat.education.set_index("id")["entry_gol"])
                .map(gol_index)
                .to_numpy()
            )
        else:
            entry = np.full(len(job), -1)
        edu_year = np.minimum(
            year - 1,
            (p["birth_date"].dt.year + pd.Series(edu).map(_MIN_AGE_EDU)).to_numpy()
            + rng.integers(0, 4, len(job)),
        )
        frames.append(
            _state(p, job, opd_ids, unit, edu, entry, tmt.to_numpy(), tmt.to_numpy(), edu_year)
        )
    if not frames:
        return frames_empty_like()
    return pd.concat(frames, ignore_index=True)


def frames_empty_like() -> pd.DataFrame:
    """An empty people frame with the columns a hiring step returns."""
    return pd.DataFrame(
        columns=[
            "pid",
            "opd_id",
            "unit_id",
            "job_id",
            "gol",
            "tmt_gol",
            "tmt_jab",
            "edu_id",
            "edu_year",
            "birth_date",
            "jenis_pegawai",
        ]
    )


def _transfer(
    cur: pd.DataFrame, jobs: pd.DataFrame, opd: pd.DataFrame, picker: _Picker, year: int, rng
) -> pd.DataFrame:
    """Mid-year moves between OPDs (admin and general staff; teachers and nurses stay)."""
    jj = jobs.loc[cur["job_id"]]
    movable = (
        jj["role"].eq("staff") & jj["unit_kind"].str.contains("any|sekretariat|bidang")
    ).to_numpy() & cur["jenis_pegawai"].eq("PNS").to_numpy()
    hired_now = pd.DatetimeIndex(cur["tmt_jab"]).year.to_numpy() == year
    move = movable & ~hired_now & (rng.random(len(cur)) < TRANSFER_RATE)
    n = int(move.sum())
    out = cur.assign(from_opd_id=-1, from_unit_id=-1, transfer_month=0)
    if n == 0:
        return out
    w = opd["headcount"].to_numpy(float)
    new_opd = rng.choice(opd["opd_id"].to_numpy(), size=n, p=w / w.sum())
    old = cur["opd_id"].to_numpy()[move]
    new_opd = np.where(new_opd == old, (new_opd + 1) % len(opd), new_opd)
    new_unit = picker.pick(new_opd, jj["unit_kind"].to_numpy()[move], rng)
    idx = out.index[move]
    out.loc[idx, "from_opd_id"] = old
    out.loc[idx, "from_unit_id"] = cur["unit_id"].to_numpy()[move]
    out.loc[idx, "transfer_month"] = rng.integers(3, 11, n)
    out.loc[idx, "opd_id"] = new_opd
    out.loc[idx, "unit_id"] = new_unit
    return out


def _leave(cur: pd.DataFrame, jobs: pd.DataFrame, people, year: int, rng) -> pd.DataFrame:
    """Retirement at the end of the year the person reaches the BUP, plus a little attrition."""
    bup = cur["job_id"].map(jobs["bup"]).to_numpy()
    age_end = (pd.Timestamp(f"{year}-12-31") - cur["birth_date"]).dt.days.to_numpy() / 365.25
    stay = (age_end < bup) & (rng.random(len(cur)) >= ATTRITION_RATE)
    stay |= cur["jenis_pegawai"].ne("PNS").to_numpy() & (age_end < bup)
    keep = cur[stay]
    return keep.drop(columns=["from_opd_id", "from_unit_id", "transfer_month"]).reset_index(
        drop=True
    )


def golongan_label(gol: pd.Series) -> pd.Series:
    """PNS golongan label from its index; empty for PPPK (who have their own grades)."""
    labels = np.array(GOLONGAN + [""])
    return pd.Series(
        labels[np.where(gol.to_numpy() < 0, len(GOLONGAN), gol.to_numpy())], index=gol.index
    )


#: kedudukan hukum other than Aktif (a PNS-year's chance, and the mix): people on leave,
#: studying, suspended, preparing to retire or seconded elsewhere; none makes an SKP that year
INACTIVE_RATE = 0.012
INACTIVE = {
    "CLTN": 0.15,
    "Tugas Belajar": 0.3,
    "Pemberhentian Sementara": 0.05,
    "Masa Persiapan Pensiun": 0.3,
    "DPK": 0.2,
}


def _kedudukan(panel: pd.DataFrame, seed: int, scale: float) -> np.ndarray:
    """Each person-year's kedudukan hukum: Aktif, or for a few PNS another status. Drawn from
    a stream of its own, so the rest of the world is the same with or without it."""
    rng = np.random.default_rng([seed, round(scale * 1000), 19])
    n = len(panel)
    pns = (panel["jenis_pegawai"] == "PNS").to_numpy()
    off = pns & (rng.random(n) < INACTIVE_RATE)
    names = np.array(list(INACTIVE))
    p = np.array(list(INACTIVE.values()))
    status = names[rng.choice(len(names), size=n, p=p / p.sum())]
    return np.where(off, status, "Aktif").astype(object)

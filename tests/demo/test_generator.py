"""The demo-export generator: determinism, manifest honesty, defects present, people consistent."""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from kediri_analytics.cli import main
from kediri_analytics.core import collector
from kediri_analytics.demo import generate as gen
from kediri_analytics.demo.generate import TargetNotEmpty, generate
from kediri_analytics.loaders.nip import clean_nip, nip_parts


def read_rows(root: Path, entry: dict) -> list[list]:
    """All rows of a file's data sheet, as a spreadsheet shows them (row 1 = index 0)."""
    path = root / entry["path"]
    if entry["format"] == "csv":
        text = path.read_bytes().decode(entry["encoding"])
        return list(csv.reader(io.StringIO(text), delimiter=entry["delimiter"]))
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(entry["sheet"]).to_python()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_same_seed_same_bytes(tmp_path, demo_small):
    """(Another seed gives other data: test_refuses_foreign_folder_and_force_replaces.)"""
    root, manifest = demo_small
    again = tmp_path / "again"
    generate(again, seed=7, scale=0.1, jobs=2)
    for f in manifest["files"]:
        assert sha(again / f["path"]) == f["sha256"], f["path"]
    assert sha(again / "MANIFEST.json") == sha(root / "MANIFEST.json")


def test_manifest_matches_disk(demo_small):
    root, manifest = demo_small
    on_disk = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    listed = {f["path"] for f in manifest["files"]}
    assert on_disk == listed | {"MANIFEST.json"}
    for f in manifest["files"]:
        assert sha(root / f["path"]) == f["sha256"]
        assert (root / f["path"]).stat().st_size == f["bytes"]


def test_row_counts_match_the_files(demo_small):
    """Rows between the header and the end = data + skipped rows, as the manifest says."""
    root, manifest = demo_small
    assert manifest["files"]  # the checks below are per file: none would pass vacuously
    for f in manifest["files"]:
        rows = read_rows(root, f)
        body = rows[f["first_data_row"] - 1 :]
        while body and all(c in ("", None) for c in body[-1]):
            body.pop()
        r = f["rows"]
        assert len(body) == r["data"] + sum(r["skipped"].values()), f["path"]
        assert r["loaded"] == r["data"] - r["rejected"] - r["dropped"], f["path"]


def test_every_defect_is_really_in_the_file(demo_small):
    root, manifest = demo_small
    cache: dict[str, tuple[list[list], list]] = {}
    files = {f["path"]: f for f in manifest["files"]}
    kinds = {d["kind"] for d in manifest["defects"]}
    assert {
        "nip_as_number",
        "nip_apostrophe",
        "nip_spaces",
        "predikat_variant",
        "not_rated",
        "transfer_duplicate",
        "duplicate_row",
        "nip_17_digits",
    } <= kinds
    for d in manifest["defects"]:
        if "row" not in d:
            continue
        f = files[d["file"]]
        if d["file"] not in cache:
            rows = read_rows(root, f)
            cache[d["file"]] = (rows, [str(c) for c in rows[f["header_row"] - 1]])
        rows, header = cache[d["file"]]
        row = rows[d["row"] - 1]
        if d["column"] in header:
            cell = row[header.index(d["column"])]
            if d["kind"] == "nip_as_number":
                assert isinstance(cell, float) or "E+" in str(cell), d
            elif d["kind"] == "not_rated":
                assert cell == "-", d
            elif d["kind"] == "nip_apostrophe":
                assert str(cell).startswith("'"), d
            elif d["kind"] == "nip_spaces":
                assert " " in str(cell), d
            elif d["kind"] == "nip_17_digits":
                assert len(str(cell)) == 17, d
            elif d["kind"] == "predikat_variant":
                assert cell == d["value"] or str(cell) != "", d


def test_rejections_are_the_unusable_nips(demo_small):
    root, manifest = demo_small
    assert sum(len(f["rejected"]) for f in manifest["files"]) > 0  # else nothing to check
    assert sum(len(f["dropped"]) for f in manifest["files"]) > 0
    for f in manifest["files"]:
        for r in f["rejected"]:
            assert r["reason"] in {"nip_precision_lost", "nip_invalid", "level_out_of_range"}
        dropped = {r["reason"] for r in f["dropped"]}
        assert dropped <= {"superseded_by_transfer", "duplicate_row"}


def test_nips_have_the_real_structure_and_match_the_roster(demo_small):
    root, manifest = demo_small
    mismatches = {
        (d["file"], d["row"]) for d in manifest["defects"] if d["kind"] == "birthdate_mismatch"
    }
    rosters = [f for f in manifest["files"] if f["kind"] == "siasn_roster"]
    assert rosters  # the checks below are per roster file
    for f in rosters:
        rows = read_rows(root, f)
        head = rows[0]
        df = pd.DataFrame(rows[1:], columns=head).assign(row=range(2, len(rows) + 1))
        pns = df[df["JENIS PEGAWAI NAMA"].eq("PNS")]
        clean = clean_nip(pns["NIP BARU"].astype(object))
        ok = pns[clean["reason"].isna().to_numpy()]
        parts = nip_parts(clean["nip"][clean["reason"].isna()])
        birth = pd.to_datetime(ok["TANGGAL LAHIR"], format="%d-%m-%Y")
        same_birth = birth.to_numpy() == parts["birth_date"].to_numpy()
        flagged = {r for (p, r) in mismatches if p == f["path"]}
        assert set(ok["row"][~same_birth]) == flagged, f["path"]
        sex = ok["JENIS KELAMIN"].map({"M": 1, "F": 2}).to_numpy()
        assert (sex == parts["sex"].to_numpy()).all()
        tmt = pd.to_datetime(ok["TMT CPNS"], format="%d-%m-%Y")
        assert (tmt.to_numpy() == parts["tmt_cpns"].to_numpy()).all()
        assert ((tmt - birth).dt.days >= 18 * 365).all()


def _rosters(root: Path, manifest: dict) -> pd.DataFrame:
    frames = []
    for f in [f for f in manifest["files"] if f["kind"] == "siasn_roster"]:
        rows = read_rows(root, f)
        df = pd.DataFrame(rows[1:], columns=[str(c) for c in rows[0]])
        clean = clean_nip(df["NIP BARU"].astype(object), df["JENIS PEGAWAI NAMA"].ne("PNS"))
        frames.append(df.assign(nip=clean["nip"], year=f["facts"]["year"]))
    return pd.concat(frames, ignore_index=True).dropna(subset=["nip"])


def test_people_consistent_across_years(demo_small):
    root, manifest = demo_small
    r = _rosters(root, manifest).drop_duplicates(["nip", "year"])
    per = r.groupby("nip").agg(
        names=("NAMA", lambda s: s.str.upper().nunique()), sexes=("JENIS KELAMIN", "nunique")
    )
    assert (per["names"] == 1).all() and (per["sexes"] == 1).all()
    pns = r[r["JENIS PEGAWAI NAMA"].eq("PNS")].sort_values(["nip", "year"])
    gol = pns["GOL AKHIR NAMA"].str.upper()
    order = {
        g.upper(): i
        for i, g in enumerate(
            f"{a}/{b}"
            for a, bs in (("I", "abcd"), ("II", "abcd"), ("III", "abcd"), ("IV", "abcde"))
            for b in bs
        )
    }
    rank = gol.map(order)
    assert rank.notna().all()
    steps = rank.groupby(pns["nip"]).diff().dropna()
    assert (steps >= 0).all(), "golongan never goes down"
    # nobody past retirement age stays, and people leave and join over the years
    years = r.groupby("nip")["year"].agg(["min", "max"])
    assert (years["min"] > 2019).any() and (years["max"] < 2024).any()


def test_delayering_and_regimes(demo_small):
    root, manifest = demo_small
    r = _rosters(root, manifest)
    eselon4 = r[r["ESELON NAMA"].eq("IV.a")].groupby("year").size()
    assert (
        eselon4.get(2021, 0) > 0 and eselon4.reindex([2022, 2023, 2024], fill_value=0).eq(0).all()
    )
    legacy = [f for f in manifest["files"] if f["kind"] == "legacy_skp"]
    assert {f["facts"]["regime"] for f in legacy} == {"PP 46/2011", "PP 30/2019"}
    # PPPK paruh waktu only in 2024, where SIASN writes the long jenis pegawai names
    pppk = r[r["JENIS PEGAWAI NAMA"].str.startswith("PPPK Paruh Waktu")]
    assert set(pppk["year"]) == {2024}
    assert set(r.loc[r["year"] < 2024, "JENIS PEGAWAI NAMA"]) <= {"PNS", "PPPK", "PPPK PARUH WAKTU"}
    # a few PNS a year are not Aktif (no SKP), as the truth counts them
    away = r[r["KEDUDUKAN HUKUM NAMA"].ne("Aktif")].groupby("year").size()
    assert {int(y): int(n) for y, n in away.items()} == {
        int(y): t["people"] for y, t in manifest["truth"]["not_expected"].items()
    }


def test_predikat_truth_matches_the_annual_file(demo_small):
    """Recount predikat per OPD from one annual file by hand and compare with the manifest."""
    root, manifest = demo_small
    f = next(
        f
        for f in manifest["files"]
        if f["kind"] == "ekinerja_penilaian"
        and f["facts"] == {**f["facts"], "year": 2022, "period": "Tahunan"}
    )
    rows = read_rows(root, f)
    df = pd.DataFrame(rows[f["first_data_row"] - 1 :], columns=rows[f["header_row"] - 1])
    df["row"] = range(f["first_data_row"], f["first_data_row"] + len(df))
    bad = {r["row"] for r in f["rejected"] + f["dropped"]}
    df = df[df["nip"].astype(str).ne("") & ~df["row"].isin(bad)]
    df = df[df["is_skp_plt_plh_pjb"].astype(float) == 0]
    canon = {
        "KURANG": "Kurang/Misconduct",
        "KURANG / MISCONDUCT": "Kurang/Misconduct",
        "KURANG/MISCONDUCT": "Kurang/Misconduct",
        "-": "Belum Dinilai",
    }
    label = df["hasil_akhir"].str.upper().map(canon).fillna(df["hasil_akhir"].str.title())
    mine = label.groupby(df["skp_unor_induk"]).value_counts().to_dict()
    truth = {
        (t["opd"], t["predikat"]): t["count"]
        for t in manifest["truth"]["predikat_distribution"]
        if t["year"] == 2022
    }
    assert mine == truth


def test_city_scale_matches_the_brief(demo_city):
    root, manifest = demo_city
    latest = manifest["truth"]["roster"]["2024"]
    assert 5_000 <= latest["people"] <= 6_000
    assert 35 <= latest["opd"] <= 45
    assert latest["PPPK Paruh Waktu"] > 0 and latest["PPPK"] > 0
    f = next(f for f in manifest["files"] if f["kind"] == "ekinerja_penilaian")
    ws = openpyxl.load_workbook(root / f["path"], read_only=True)[f["sheet"]]
    first = [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]
    assert first[0].startswith("LAPORAN PENILAIAN SKP")
    header = [c.value for c in next(ws.iter_rows(min_row=f["header_row"], max_row=f["header_row"]))]
    assert f["header_row"] > 1 and header[:3] == ["No", "nip", "nama"]


def test_refuses_foreign_folder_and_force_replaces(tmp_path):
    """A folder the generator did not make is refused, and replaced with ``--force`` (through
    the command line, which writes and summarises); its own folder is replaced without; and
    the other seed wrote other data (most files differ)."""
    target = tmp_path / "mine"
    target.mkdir()
    (target / "laporan.xlsx").write_text("not ours")
    with pytest.raises(TargetNotEmpty, match="not empty"):
        generate(target, scale=0.02, jobs=1)
    assert (target / "laporan.xlsx").exists()
    args = ["demo-data", "--out", str(target), "--scale", "0.02", "--jobs", "1", "--force"]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    assert not (target / "laporan.xlsx").exists() and (target / "MANIFEST.json").exists()
    first = json.loads((target / "MANIFEST.json").read_text(encoding="utf-8"))
    summary = f"{len(first['files'])} files, {first['truth']['roster']['2024']['people']:,} ASN"
    assert res.stdout.startswith(summary) and str(target / "MANIFEST.json") in res.stdout
    other = generate(target, scale=0.02, seed=3, jobs=1)  # our own folder: replaced
    assert json.loads((target / "MANIFEST.json").read_text())["seed"] == 3
    assert first["seed"] == 2024 and [f["path"] for f in first["files"]] == [
        f["path"] for f in other["files"]
    ]
    differ = [
        a["sha256"] != b["sha256"] for a, b in zip(first["files"], other["files"], strict=True)
    ]
    assert sum(differ) > len(differ) * 0.8


def test_interrupted_run_leaves_nothing_half_written(tmp_path, monkeypatch):
    """(And the files are written with the collector set for batch work, put back after.)"""
    calls = {"n": 0, "thresholds": set()}
    real = gen.write

    def failing(ex, root):
        calls["n"] += 1
        calls["thresholds"].add(gc.get_threshold())
        if calls["n"] == 5:
            raise OSError("disk full")
        return real(ex, root)

    monkeypatch.setattr(gen, "write", failing)
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)  # Python's default (the test processes raise it: conftest)
    try:
        with pytest.raises(OSError, match="disk full"):
            generate(tmp_path / "out", scale=0.02, jobs=1)
        assert gc.get_threshold() == (700, 10, 10)
    finally:
        gc.set_threshold(*before)
    assert list(tmp_path.iterdir()) == []
    assert calls["thresholds"] == {collector.BATCH_THRESHOLD}


def test_scale_must_be_positive(tmp_path):
    with pytest.raises(ValueError, match="scale"):
        generate(tmp_path / "x", scale=0)

"""The national layout: tiles of independent agencies appended into four CSV files."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from kediri_analytics.core.files import sha256_of
from kediri_analytics.demo.generate import generate
from kediri_analytics.demo.national import SerialOverflow, _retag, tiles_for
from kediri_analytics.demo.world import build_world
from kediri_analytics.loaders.nip import clean_nip


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    out = tmp_path_factory.mktemp("nat") / "national"
    return out, generate(out, seed=5, scale=0.06, tile_scale=0.02, jobs=2)


def _rows(path, sep, encoding):
    text = path.read_text(encoding=encoding)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))


def test_tiles_for_splits_evenly():
    assert tiles_for(800) == (20, 40.0)
    assert tiles_for(40) == (1, 40.0)
    assert tiles_for(41) == (2, 20.5)
    assert tiles_for(0.3, 0.1) == (3, pytest.approx(0.1))


def test_four_csv_files_with_counts_that_match_the_disk(national):
    out, m = national
    assert m["layout"] == "national" and len(m["agencies"]) == 3
    assert m["agencies"][0] == "Pemerintah Kota Kediri"
    assert sorted(f["kind"] for f in m["files"]) == [
        "competency_long",
        "ekinerja_penilaian",
        "siasn_roster",
        "training",
    ]
    for f in m["files"]:
        path = out / f["path"]
        assert f["format"] == "csv" and path.suffix == ".csv"
        assert sha256_of(path) == f["sha256"]
        rows = _rows(path, f["delimiter"], f["encoding"])
        body = rows[1:]
        skipped = sum(f["rows"]["skipped"].values())
        assert len(body) == f["rows"]["data"] + skipped, f["path"]
        # one header only: the later agencies append rows, never a second header or BOM
        assert sum(r == rows[0] for r in rows) == 1
        assert "\ufeff" not in path.read_text(encoding=f["encoding"])


def test_nips_are_unique_across_agencies(national):
    out, m = national
    f = next(f for f in m["files"] if f["kind"] == "siasn_roster")
    rows = _rows(out / f["path"], f["delimiter"], f["encoding"])
    head, body = rows[0], rows[1:]
    jenis = pd.Series([r[head.index("JENIS PEGAWAI NAMA")] for r in body])
    nip = clean_nip(
        pd.Series([r[head.index("NIP BARU")] for r in body], dtype=object),
        pppk=jenis.str.startswith("PPPK").to_numpy(),
    )
    valid = nip["nip"].dropna()
    inst = [r[head.index("INSTANSI KERJA NAMA")] for r in body]
    assert set(inst) == set(m["agencies"])
    # the roster file's only duplicates are the injected ones (none in 2024's plan)
    assert valid.is_unique
    assert len(valid) == f["rows"]["loaded"]
    assert m["truth"]["roster"]["2024"]["people"] == f["rows"]["data"]


def test_same_seed_same_bytes(national, tmp_path):
    _, m = national
    again = generate(tmp_path / "again", seed=5, scale=0.06, tile_scale=0.02, jobs=1)
    assert [f["sha256"] for f in again["files"]] == [f["sha256"] for f in m["files"]]


def test_serial_overflow_is_refused():
    w = build_world(1, 0.05)
    with pytest.raises(SerialOverflow, match="exceeds 999"):
        _retag(w, 999, 1000)

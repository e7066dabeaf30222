"""Fuzzing the demo files: every outcome is a loaded table with reported problems or a named,
clear error; nothing unhandled escapes."""

from __future__ import annotations

import csv
import io

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kediri_analytics import schemas
from kediri_analytics.loaders import load_file
from kediri_analytics.loaders.read import read_source

SOURCES = [
    "ekinerja/bulanan/Laporan_Penilaian_SKP_Maret_2024.xlsx",
    "siasn/Data_ASN_Kota_Kediri_2023.csv",
    "skp_lama/Rekap_Nilai_Prestasi_Kerja_2020.xlsx",
    "kompetensi/Rekap_Hasil_Asesmen_Kompetensi_2021.xlsx",
    "pelatihan/Riwayat_Pelatihan_ASN_2019-2024.csv",
    "merit/Penilaian_Mandiri_Sistem_Merit_2022.xlsx",
    "simpeg/DUK_PNS_2024.xls",
]
KNOWN_FILE_REASONS = {
    "file_empty",
    "file_corrupt",
    "file_is_html",
    "file_unreadable",
    "header_not_found",
    "header_duplicated",
    "schema_drift",
    "file_protected",
}


def rows_of(path) -> list[list]:
    grid = read_source(path).grids[-1]
    return grid.table().astype(object).where(lambda d: d.notna(), "").values.tolist()


mutation = st.one_of(
    st.tuples(st.just("truncate"), st.floats(0.0, 1.0)),
    st.tuples(st.just("shuffle_columns"), st.randoms(use_true_random=False)),
    st.tuples(st.just("rename_column"), st.integers(0, 80), st.text(max_size=12)),
    st.tuples(st.just("junk_rows"), st.integers(0, 40), st.lists(st.text(max_size=30), max_size=5)),
    st.tuples(st.just("drop_rows"), st.integers(0, 12), st.integers(1, 6)),
    st.tuples(st.just("encoding"), st.sampled_from(["utf-16", "cp1252", "latin-1", "utf-8-sig"])),
    st.tuples(st.just("as_format"), st.sampled_from(["csv", "xlsx"])),
)


def apply(rows, fmt, ops):
    enc = "utf-8"
    for op in ops:
        kind = op[0]
        if kind == "shuffle_columns" and rows:
            order = list(range(max(len(r) for r in rows)))
            op[1].shuffle(order)
            rows = [[r[i] if i < len(r) else "" for i in order] for r in rows]
        elif kind == "rename_column":
            for r in rows[:12]:
                if op[1] < len(r) and isinstance(r[op[1]], str) and r[op[1]]:
                    r[op[1]] = op[2]
                    break
        elif kind == "junk_rows":
            at = min(op[1], len(rows))
            rows = rows[:at] + [[x] for x in op[2]] + rows[at:]
        elif kind == "drop_rows":
            rows = rows[: op[1]] + rows[op[1] + op[2] :]
        elif kind == "encoding":
            enc = op[1]
        elif kind == "as_format":
            fmt = op[1]
    return rows, fmt, enc


def write(rows, fmt, enc, path):
    if fmt == "csv":
        buf = io.StringIO()
        csv.writer(buf, delimiter=";").writerows(
            [["" if v is None else str(v) for v in r] for r in rows]
        )
        path.write_bytes(buf.getvalue().encode(enc, errors="replace"))
    else:
        wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
        ws = wb.add_worksheet("Data")
        for i, r in enumerate(rows[:3000]):
            for j, v in enumerate(r):
                if isinstance(v, (int, float, str)) and v != "":
                    ws.write(i, j, v)
        wb.close()


@pytest.mark.parametrize("source", SOURCES)
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(ops=st.lists(mutation, min_size=1, max_size=4), data=st.data())
def test_every_outcome_is_a_table_or_a_named_error(demo_small, tmp_path_factory, source, ops, data):
    root, _ = demo_small
    src = root / source
    rows, fmt, enc = apply(rows_of(src)[:400], "csv" if src.suffix == ".csv" else "xlsx", ops)
    out = tmp_path_factory.mktemp("fuzz") / ("x." + ("xlsx" if data.draw(st.booleans()) else fmt))
    write(rows, fmt, enc, out)
    trunc = [op for op in ops if op[0] == "truncate"]
    if trunc:
        b = out.read_bytes()
        out.write_bytes(b[: int(len(b) * trunc[0][1])])
    r = load_file(out)
    if r.error is not None:
        assert str(out) in str(r.error)
        assert r.error.reason in KNOWN_FILE_REASONS, r.error
        assert r.results == []
        return
    assert r.results
    for _sheet, _kind, header_row, res in r.results:
        assert header_row >= 1
        table = res.table
        assert list(res.frame.columns) == schemas.columns(table)
        for p in res.problems:
            assert p["file"] == str(out)
            assert p["severity"] in ("error", "warning")
            assert p["row"] is None or p["row"] >= 1
        c = res.counts
        assert c["loaded"] == len(res.frame)
        assert c["data"] == c["loaded"] + c["rejected"] + c["dropped"]

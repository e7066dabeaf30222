"""`kediri-analytics validate`: text, JSON of the stated shape, problems workbook, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
from click.testing import CliRunner

import kediri_analytics as ka
from kediri_analytics.cli import main


def run(*args):
    """``kediri-analytics validate ARGS`` in this process (Click's runner: exit status, stdout
    and stderr apart); the fresh-process run of a command is the last test below."""
    return CliRunner().invoke(main, ["validate", *map(str, args)])


def test_json_has_exactly_the_columns_of_files_and_problems(demo_small, tmp_path):
    root, m = demo_small
    r = run(root, "--format", "json", "--no-cache")
    assert r.exit_code == 1  # the demo has rejected rows (errors), the rest loaded
    out = json.loads(r.stdout)
    assert set(out) == {"files", "problems", "summary"}
    ds = ka.load_folder(root)  # from the run's warm cache: the same columns
    assert all(list(f) == list(ds.files.columns) for f in out["files"])
    assert all(list(p) == list(ds.problems.columns) for p in out["problems"])
    assert len(out["files"]) == len(m["files"])
    assert out["summary"]["rows_rejected"] == sum(f["rows"]["rejected"] for f in m["files"])


def test_text_report_and_problems_workbook(demo_small, tmp_path):
    root, _ = demo_small
    out = tmp_path / "masalah.xlsx"
    r = run(root / "siasn", "--out", out)
    assert r.exit_code == 1
    assert "nip_precision_lost" in r.stdout and "Data_ASN_Kota_Kediri_2022.xlsx" in r.stdout
    sheets = pd.read_excel(out, sheet_name=None, engine="calamine")
    assert set(sheets) == {"Masalah", "Berkas"}
    assert (sheets["Masalah"]["reason"] == "nip_precision_lost").any()


def test_exit_zero_when_everything_loaded_and_two_for_usage(demo_small, tmp_path):
    root, _ = demo_small
    assert run(root / "agency").exit_code == 0
    r = run(tmp_path / "tidak-ada")
    assert r.exit_code == 2 and "does not exist" in r.stderr


def test_a_file_no_kind_fits_shows_its_header_and_a_block_that_loads_it(tmp_path):
    import os

    import xlsxwriter

    data = tmp_path / "data"
    data.mkdir()
    wb = xlsxwriter.Workbook(str(data / "diklat_2024.xlsx"))
    ws = wb.add_worksheet("Data")
    for r, row in enumerate(
        [
            ["RIWAYAT DIKLAT 2024"],
            [],
            ["NO", "NIP", "NAMA", "NAMA DIKLAT", "LAMA BELAJAR (JAM)"],
            [1, "196501011990011001", "Siti", "PIM IV", 30],
        ]
    ):
        ws.write_row(r, 0, row)
    wb.close()
    r = run(data, "--no-cache")
    assert r.exit_code == 1
    out = r.stdout
    assert "header found on row 3 (read as training history)" in out
    assert "E  'LAMA BELAJAR (JAM)'" in out and "? not recognised" in out
    block = out[out.index("kinds:") : out.index("\n\n", out.index("kinds:"))]
    assert 'jp: ["LAMA BELAJAR (JAM)"]   # column E' in block
    rules = tmp_path / "aturan"
    rules.mkdir()
    (rules / "headers.yaml").write_text(block + "\n", encoding="utf-8")
    env = {**os.environ, "KEDIRI_RULES_DIR": str(rules)}
    again = subprocess.run(
        [sys.executable, "-m", "kediri_analytics", "validate", str(data), "--no-cache"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert again.returncode == 0, again.stdout
    assert "training" in again.stdout

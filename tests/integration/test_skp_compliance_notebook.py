"""The monthly SKP compliance report on the demo data: its figures equal MANIFEST.json's truth
for the chosen month; the city-wide PDF has counts only; a per-OPD run (through the runner)
lists only that OPD's people with masked NIPs and writes their Excel; a month without an
export, a roster older than the export and an OPD renamed between months are said, not
miscounted."""

from __future__ import annotations

import io
import re
import shutil
from concurrent.futures import ThreadPoolExecutor

import nbformat
import openpyxl
import pytest

import kediri_analytics as ka
from kediri_analytics.metrics import monthly, population
from kediri_analytics.present.fmt import number, percent
from kediri_analytics.present.pdf import items_of, render
from kediri_analytics.report import run

from .papermill_run import NotebookFailed, run_notebook

pytestmark = pytest.mark.integration

MASKED = re.compile(r"\d{6}\*{8}\d{4}")


def _pdf_text(items) -> str:
    from pypdf import PdfReader

    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(render(items))).pages)


def test_city_figures_match_the_truth_and_show_no_names(demo_small, tmp_path):
    root, manifest = demo_small
    tr = next(x for x in manifest["truth"]["skp_compliance_monthly"] if x["month"] == 10)
    items = run_notebook(
        "skp_compliance", tmp_path, "city", "-p", "data_dir", str(root), "-p", "month", "10"
    )
    kpi = {i["label"]: i for i in items if i["kind"] == "kpi"}
    rated = kpi["Dinilai Oktober 2024"]
    assert rated["value"] == percent(tr["rated"] / tr["asn"])
    assert rated["note"].startswith(f"{number(tr['rated'])} dari {number(tr['asn'])} ASN")
    assert "dari September 2024" in rated["note"]
    assert kpi["SKP disetujui"]["value"] == percent(tr["approved"] / tr["asn"])
    assert kpi["Belum membuat SKP"]["value"] == number(tr["no_skp"])
    tables = {i["caption"].split(",")[0]: i for i in items if i["kind"] == "table"}
    jenis = tables["PNS"]
    for row in jenis["rows"]:
        t = tr["by_jenis_pegawai"][row[0]]
        assert row[1] == number(t["asn"]) and row[2] == number(t["no_skp"])
    opd = next(i for i in items if i["kind"] == "table" and i["caption"].startswith("OPD menurut"))
    assert len(opd["rows"]) == len(tr["by_opd"])
    for row in opd["rows"]:
        t = tr["by_opd"][row[0]]
        assert row[1] == number(t["asn"]) and row[2] == number(t["no_skp"])
        assert row[6] == percent(t["rated"] / t["asn"])
    # people not expected to report (CLTN, tugas belajar, ...): apart, per status, as the truth
    away = tables["ASN tidak wajib SKP menurut kedudukan hukum dan jenis ASN"]
    want = manifest["truth"]["not_expected"][tr["year"]]
    assert {r[0]: r[-1] for r in away["rows"]} == {
        k: number(v) for k, v in want["by_status"].items()
    }
    # counts only: no table with names, no NIP, masked or not, anywhere in the PDF
    assert not any("nama" in i.get("columns", []) for i in items)
    text = _pdf_text(items)
    assert not MASKED.search(text) and not re.search(r"\d{18}", text)
    assert any(i["kind"] == "figure" for i in items)


def test_per_opd_run_lists_only_its_people_masked_with_excel(demo_small, tmp_path):
    root, _ = demo_small
    ds = ka.load_folder(root)
    t = ds.tables
    year, month = monthly.pick(t["skp"])
    people = monthly.status(t["roster"], t["skp"], t["skp_documents"], year, month).people
    worst = monthly.summary(people).iloc[0]["opd"]  # the OPD with the most to list
    # on this process's thread and warm helper (the local process pool: the runner's tests)
    with ThreadPoolExecutor(1) as pool:
        res = run(
            "reports.yml",
            data=root,
            out=tmp_path / "out",
            only=["skp_compliance"],
            opd=worst,
            executor=pool,
            progress=False,
        )
    assert [r["status"] for r in res.reports] == ["ok"], res.reports[0]["error"]
    r = res.reports[0]
    assert set(r["outputs"]) == {"ipynb", "html", "pdf", "xlsx"}
    items = items_of(nbformat.read(res.run_dir / r["outputs"]["ipynb"], as_version=4))
    lists = [i for i in items if i["kind"] == "table" and "nama" in i["columns"]]
    assert lists
    own = people[people["opd"] == worst]
    missing = own[own["status"].isin(monthly.MISSING)]
    listed = [row[i["columns"].index("nama")] for i in lists for row in i["rows"]]
    assert sorted(listed) == sorted(missing["nama"])  # all of them, and only this OPD's
    nips = [row[i["columns"].index("NIP")] for i in lists for row in i["rows"]]
    assert all(MASKED.fullmatch(n) for n in nips)
    text = (res.run_dir / r["outputs"]["pdf"]).read_bytes()
    assert b"%PDF" in text[:8]
    wb = openpyxl.load_workbook(res.run_dir / r["outputs"]["xlsx"])
    assert wb.sheetnames == ["Belum lengkap", "Per jenis ASN"]
    ws = wb["Belum lengkap"]
    assert ws.freeze_panes == "A2" and ws.max_row == len(missing) + 1
    assert all(MASKED.fullmatch(c.value) for c in ws["C"][1:])


def _damaged_copy(root, tmp_path):
    """The demo with no Oktober export, no 2024 roster (SIASN and DUK), and one OPD renamed
    in the November export."""
    d = tmp_path / "data"
    shutil.copytree(root, d)
    (d / "ekinerja/bulanan/Laporan_Penilaian_SKP_Oktober_2024.xlsx").unlink()
    for f in [*d.glob("siasn/*2024*"), *d.glob("simpeg/*2024*")]:
        f.unlink()
    nov = d / "ekinerja/bulanan/Laporan_Penilaian_SKP_November_2024.xlsx"
    wb = openpyxl.load_workbook(nov)
    ws = wb.active
    header = next(r for r in ws.iter_rows(max_row=20) if any(c.value == "nip" for c in r))
    col = next(c.column for c in header if c.value == "skp_unor_induk")
    old = ws.cell(header[0].row + 1, col).value
    for (c,) in ws.iter_rows(min_row=header[0].row + 1, min_col=col, max_col=col):
        if c.value == old:
            c.value = old + " dan Statistik"
    wb.save(nov)
    return d, old


def test_missing_month_old_roster_and_renamed_opd_are_said(demo_small, tmp_path):
    root, _ = demo_small
    data, old = _damaged_copy(root, tmp_path)
    with pytest.raises(NotebookFailed) as e:
        run_notebook(
            "skp_compliance", tmp_path, "okt", "-p", "data_dir", str(data), "-p", "month", "10"
        )
    assert "no monthly e-Kinerja export for Oktober 2024 yet" in e.value.stderr
    items = run_notebook(
        "skp_compliance", tmp_path, "nov", "-p", "data_dir", str(data), "-p", "month", "11"
    )
    notes = " ".join(i["text"] for i in items if i["kind"] == "text")
    assert "Belum ada roster SIASN 2024: roster 2023 dipakai." in notes
    assert "perubahan dihitung dari September 2024" in notes
    assert "tidak ada di roster SIASN 2023" in notes  # 2024 hires: apart, not missing
    changed = next(
        i for i in items if i["kind"] == "table" and "tidak dapat dibandingkan" in i["caption"]
    )
    assert [old, f"{old} dan Statistik"] == changed["rows"][0][:2]
    # nobody twice, nobody missing for lack of a roster row: the 2023 roster, counted once
    ds = ka.load_folder(data)
    r23 = ds.roster[ds.roster["year"] == 2023]
    asn = next(i for i in items if i["kind"] == "kpi" and i["label"].startswith("Dinilai"))
    expected = population.active(r23)  # people on leave or seconded are not counted
    assert f"dari {number(expected['nip'].nunique())} ASN" in asn["note"]

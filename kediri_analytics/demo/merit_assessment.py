"""The agency's merit-system self-assessment workbook per year (8 aspects, 37 sub-aspects)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .layout import Export, Formula, Sheet, fmt_decimal, insert_rows, new_body
from .outcomes import Outcomes
from .world import World

HEADER = ["NO", "ASPEK / SUB ASPEK", "BOBOT", "NILAI (1-4)", "SKOR", "BUKTI DUKUNG / KETERANGAN"]
TITLE_ROWS = 4


def band(score: float) -> str:
    """KASN band of a merit score (100-400)."""
    return (
        "Sangat Baik"
        if score >= 325
        else "Baik"
        if score >= 250
        else "Kurang"
        if score >= 175
        else "Buruk"
    )


def exports(w: World, o: Outcomes, rng: np.random.Generator) -> list[Export]:
    """One self-assessment workbook per year."""
    return [_year(o, int(y), rng) for y in sorted(o.merit["year"].unique())]


def _year(o: Outcomes, year: int, rng) -> Export:
    m = o.merit[o.merit["year"] == year].reset_index(drop=True)
    n = len(m)
    first = TITLE_ROWS + 1 + 1  # 1-based row of the first body row
    evidence = np.where(
        m["nilai"] >= 3,
        "Ada: SK Wali Kota Kediri Nomor 800/"
        + pd.Series(rng.integers(100, 999, n)).astype(str)
        + f"/419.44/{year}",
        np.where(
            m["nilai"] == 2,
            "Sebagian: dokumen dalam proses penetapan",
            "Belum ada dokumen pendukung",
        ),
    )
    bobot = fmt_decimal(m["bobot"], 1).to_numpy() if year == 2020 else m["bobot"].to_numpy()
    cells = pd.DataFrame(
        {
            "NO": m["sub_no"].to_numpy(),
            "ASPEK": m["sub_aspek"].to_numpy(),
            "BOBOT": bobot,
            "NILAI": m["nilai"].astype(float).to_numpy(),
            "SKOR": None,
            "BUKTI": evidence,
        }
    )
    body = new_body(cells, None)
    body = body.assign(
        _year=year,
        _aspek_no=m["aspek_no"].to_numpy(),
        _aspek=m["aspek"].to_numpy(),
        _bobot=m["bobot"].to_numpy(),
        _nilai=m["nilai"].to_numpy(),
    )
    # one group row above each aspect's sub-aspects
    heads = m.groupby("aspek_no", sort=True).head(1).index
    groups = [
        {"NO": str(a), "ASPEK": t.upper()}
        for a, t in zip(m.loc[heads, "aspek_no"], m.loc[heads, "aspek"], strict=True)
    ]
    before = [body.index[i - 1] if i > 0 else None for i in heads]
    body = _insert_before(body, before, groups)
    pos = np.arange(len(body))
    rows = first + pos
    sub = body["_kind"].eq("data").to_numpy()
    score = body["_bobot"].astype(float) * body["_nilai"].astype(float)
    body["SKOR"] = [
        Formula(f"=C{r}*D{r}", float(s)) if k else None
        for r, s, k in zip(rows, score.fillna(0), sub, strict=True)
    ]
    total = float((m["bobot"] * m["nilai"]).sum())
    last = first + len(body) - 1
    body = insert_rows(
        body,
        [body.index[-1]],
        [{"ASPEK": "TOTAL SKOR", "SKOR": Formula(f"=SUM(E{first}:E{last})", total)}],
        "total",
    )
    # under the total, the index and the band: not data (a loader counts them as the footer)
    body = insert_rows(
        body,
        [body.index[-1]] * 2,
        [
            {
                "ASPEK": "INDEKS SISTEM MERIT (TOTAL / 400)",
                "SKOR": Formula(f"=E{last + 1}/400", round(total / 400, 4)),
            },
            {"ASPEK": "KATEGORI", "BUKTI": band(total)},
        ],
        "footer",
    )
    ex = Export(
        path=f"merit/Penilaian_Mandiri_Sistem_Merit_{year}.xlsx",
        kind="merit_assessment",
        fmt="xlsx",
        sheets=[],
        data_sheet="Penilaian",
        facts={
            "year": year,
            "header_row": TITLE_ROWS + 1,
            "total_score": total,
            "index": round(total / 400, 3),
            "band": band(total),
            "decimal_comma": year == 2020,
        },
    )
    cover = new_body(
        pd.DataFrame(
            {
                "a": [
                    "Instrumen ini diisi BKPSDM sebagai penilaian mandiri penerapan sistem merit.",
                    "Nilai sub aspek: 1 (belum ada) sampai 4 (sudah diterapkan dan dievaluasi).",
                    "Skor = bobot x nilai; total skor 100-400; indeks = total skor / 400.",
                    "Lampirkan bukti dukung pada kolom keterangan.",
                ]
            }
        ),
        None,
    )
    title = [
        ["INSTRUMEN PENILAIAN MANDIRI PENERAPAN SISTEM MERIT"],
        ["INSTANSI : PEMERINTAH KOTA KEDIRI"],
        [f"TAHUN PENILAIAN : {year}"],
        [],
    ]
    ex.sheets += [
        Sheet("Petunjuk", header=[["PETUNJUK PENGISIAN"]], body=cover),
        Sheet("Penilaian", header=[HEADER], body=body, title=title, widths={1: 60, 5: 50}),
    ]
    return ex


def _insert_before(body: pd.DataFrame, before: list, rows: list[dict]) -> pd.DataFrame:
    extra = pd.DataFrame(rows, columns=body.columns)
    extra["_kind"], extra["_outcome"] = "aspect", "skip"
    start = int(body.index.max()) + 1
    extra.index = range(start, start + len(extra))
    pos = np.array([-0.5 if b is None else body.index.get_loc(b) + 0.5 for b in before])
    order = np.concatenate([np.arange(len(body)), pos])
    return pd.concat([body, extra]).iloc[np.argsort(order, kind="stable")]

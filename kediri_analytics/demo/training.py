"""Training history (riwayat diklat): one semicolon CSV for all years, dates in mixed formats."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .layout import NIP_DAMAGE, Export, Sheet, fmt_date, insert_rows, new_body, pick, record
from .outcomes import Outcomes
from .render import person_year
from .world import World

COLUMNS = [
    "NO",
    "NIP",
    "NAMA",
    "UNIT KERJA",
    "NAMA PELATIHAN",
    "JENIS PELATIHAN",
    "PENYELENGGARA",
    "TANGGAL MULAI",
    "TANGGAL SELESAI",
    "JUMLAH JP",
]


def exports(w: World, o: Outcomes, rng: np.random.Generator) -> list[Export]:
    """The training list exported from the e-learning/SIMPEG module."""
    t = o.training
    panel = t[["pid", "year"]].merge(w.panel, on=["pid", "year"], how="left", validate="m:1")
    py = person_year(w, panel)
    style = np.array(["long", "dmy-", "iso"])[rng.choice(3, size=len(t), p=[0.6, 0.3, 0.1])]
    mulai = np.empty(len(t), dtype=object)
    selesai = np.empty(len(t), dtype=object)
    for s in ("long", "dmy-", "iso"):
        m = style == s
        mulai[m] = fmt_date(t.loc[m, "mulai"], s).to_numpy()
        selesai[m] = fmt_date(t.loc[m, "selesai"], s).to_numpy()
    frame = pd.DataFrame(
        {
            "NO": np.arange(1, len(t) + 1),
            "NIP": py["nip"],
            "NAMA": py["nama_gelar"],
            "UNIT KERJA": py["opd"],
            "NAMA PELATIHAN": t["nama_pelatihan"].to_numpy(),
            "JENIS PELATIHAN": t["jenis"].to_numpy(),
            "PENYELENGGARA": t["penyelenggara"].to_numpy(),
            "TANGGAL MULAI": mulai,
            "TANGGAL SELESAI": selesai,
            "JUMLAH JP": t["jp"].to_numpy(),
        }
    )
    body = new_body(frame, py["nip"].to_numpy())
    body = body.assign(
        _year=t["year"].to_numpy(), _opd=py["opd"].to_numpy(), _jp=t["jp"].to_numpy()
    )
    ex = Export(
        path="pelatihan/Riwayat_Pelatihan_ASN_2019-2024.csv",
        kind="training",
        fmt="csv",
        sheets=[],
        data_sheet="csv",
        sep=";",
        encoding="utf-8-sig",
        facts={
            "years": [int(t["year"].min()), int(t["year"].max())],
            "delimiter": ";",
            "encoding": "utf-8-sig",
            "header_row": 1,
            "date_formats": ["d MMMM yyyy (Indonesian)", "dd-mm-yyyy", "yyyy-mm-dd"],
        },
    )
    for kind, k in (("nip_apostrophe", 3), ("nip_17_digits", 1)):
        labels = pick(rng, body, k)
        for lab in labels:
            n = body.at[lab, "NIP"]
            body.at[lab, "NIP"] = NIP_DAMAGE[kind](n)
        record(ex, body, labels, "NIP", kind)
    blanks = pick(rng, body, 1)
    body = insert_rows(body, blanks, [{}], "blank")
    ex.sheets.append(Sheet("csv", header=[COLUMNS], body=body))
    return [ex]

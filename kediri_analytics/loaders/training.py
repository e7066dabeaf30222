"""Training history (riwayat diklat/pelatihan) with hours of study (JP)."""

from __future__ import annotations

import pandas as pd

from . import normalize as nz
from .base import Part, Result, Spec, check_nip, finish, name_year, parse_dates, title_year


def load(part: Part) -> Result:
    """Load a training history list (one row per training event with its JP)."""
    layout, file, body, rows = part
    nip = check_nip(rows, body["nip"], "unknown")
    dates = parse_dates(rows, body, ("mulai", "selesai"))
    jp, bad = nz.to_number(body["jp"])
    rows.note(bad.to_numpy(), "jp", "number_invalid", body["jp"])
    when = dates.get("selesai")
    if when is None or (dates.get("mulai") is not None and when.isna().any()):
        when = when.fillna(dates["mulai"]) if when is not None else dates.get("mulai")
    year = when.dt.year.astype("Int64") if when is not None else pd.Series(pd.NA, index=body.index)
    # a training without a readable date is in the year the file's title or name states
    stated = title_year(layout) or name_year(file)
    if stated is not None:
        year = year.astype("Int64").fillna(stated)
    frame = pd.DataFrame(
        {
            "nip": nip,
            **{
                c: nz.text(body[c])
                for c in ("nama", "opd", "pelatihan", "jenis", "penyelenggara")
                if c in body
            },
            **dates,
            "year": year,
            "jp": jp,
        }
    )
    return finish("training_events", rows, frame, {})


SPECS = (
    Spec(
        "training",
        "training_events",
        "training history",
        required=("nip", "pelatihan", "jp"),
        load=load,
        checks={"jp": "number"},
    ),
)

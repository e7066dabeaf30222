"""Assessment-centre recaps: wide (one row per person, a level per competency; the required
level in a paired column, a "LEVEL STANDAR" row, a per-person standard column or the sheet's
"Standar Level n") and long (one row per person and competency)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import rules, schemas
from . import normalize as nz
from .base import Layout, Part, Result, Rows, Spec, check_nip, finish, require_year, year_of
from .vocab import load as vocabulary

PEOPLE = ("nama", "jabatan", "opd", "jenis_asesmen", "potensi_kategori")


def _competencies() -> list[rules.shapes.Competency]:
    return rules.labels_kompetensi().competencies


def _levels(rows: Rows, body: pd.DataFrame, col: str) -> pd.Series:
    lo, hi = rules.labels_kompetensi().levels
    vals, bad = nz.to_number(body[col])
    rows.note(bad.to_numpy(), col, "number_invalid", body[col])
    v = vals.to_numpy(dtype=float, na_value=np.nan)  # numpy, not masked ops: 18 columns a file
    whole = np.round(v)
    rows.flag(
        ~np.isnan(v) & ((v < lo) | (v > hi) | (whole != v)),
        "reject",
        col,
        "level_out_of_range",
        body[col],
    )
    return pd.Series(pd.array(whole, dtype="Int64"), index=body.index, name=col)


def _people(rows: Rows, body: pd.DataFrame, layout: Layout, file: str) -> tuple[dict, int | None]:
    nip = check_nip(rows, body["nip"], "unknown")
    tanggal, bad = nz.to_date(body["tanggal"]) if "tanggal" in body else (None, None)
    if bad is not None:
        rows.note(bad.to_numpy(), "tanggal", "date_invalid", body["tanggal"])
    year = year_of(layout, file, tanggal)
    require_year(rows, year)
    jpm, bad = nz.to_number(body["jpm"]) if "jpm" in body else (None, None)
    if bad is not None:
        rows.note(bad.to_numpy(), "jpm", "number_invalid", body["jpm"])
    pot, bad = nz.to_number(body["potensi"]) if "potensi" in body else (None, None)
    if bad is not None:
        rows.note(bad.to_numpy(), "potensi", "number_invalid", body["potensi"])
    cols = {
        "year": year,
        "nip": nip,
        "tanggal": tanggal,
        "jpm_reported": jpm,
        "potensi": pot,
        **{c: nz.text(body[c]) for c in PEOPLE if c in body},
        **({"jenis_asesmen": _assessment_type(rows, body)} if "jenis_asesmen" in body else {}),
        "kategori_reported": nz.text(body["kategori"]) if "kategori" in body else None,
    }
    return cols, year


def _assessment_type(rows: Rows, body: pd.DataFrame) -> pd.Series:
    """The assessment type as ``jpm.yaml`` names it (``scale_of``: "PEMETAAN" is Pemetaan); a
    type the rules do not know is reported and kept as written (its JPM category on its own
    scale then stays missing: never read as a mapping by default)."""
    known = list(rules.jpm().scale_of)
    vals, bad = nz.to_label(body["jenis_asesmen"], {}, known, ordered=False)
    rows.note(bad.to_numpy(), "jenis_asesmen", "assessment_type_unknown", body["jenis_asesmen"])
    return vals.astype(object).where(~bad, nz.text(body["jenis_asesmen"])).astype("string")


def jpm(required: pd.DataFrame, assessed: pd.DataFrame) -> pd.Series:
    """Job Person Match: sum of assessed levels / sum of required levels x 100 (per row of
    aligned frames: competencies in columns), over the competencies that have both levels."""
    both = required.notna() & assessed.notna()
    req = required.where(both).sum(axis=1, min_count=1)
    return (assessed.where(both).sum(axis=1, min_count=1) / req * 100).round(2)


def check_reported(rows: Rows, computed: pd.Series, reported, kategori) -> pd.Series:
    """Compare the recap's own JPM and category with the computed JPM; a difference is
    reported (the row is kept, the computed JPM is used). A JPM written as a fraction of 1
    (a percent-formatted cell) is read as a percentage. Returns the reported JPM as read."""
    if reported is None:
        return reported
    rep = reported.astype("Float64")
    frac = (rep <= 2) & (computed > 10)
    rep = rep.mask(frac.fillna(False), rep * 100).round(2)
    tolerance = rules.jpm().reported_jpm_tolerance  # a reported JPM further off is reported
    off = ((rep - computed).abs() > tolerance).fillna(False).to_numpy(bool)
    rows.note(
        off,
        "jpm",
        "jpm_mismatch",
        reported.astype("string") + " (dihitung " + computed.astype("string") + ")",
    )
    if kategori is not None:
        scales = rules.jpm().scales
        k = nz.label_key(kategori)
        expect = pd.Series(pd.NA, index=k.index, dtype="string")
        for bands in scales.values():
            labels = {nz.key(b.label) for b in bands}
            on = k.isin(labels).fillna(False)
            if on.any():
                cats = rules.bands_of(computed[on], rules.cutoffs(bands)).astype("string")
                expect[on] = cats
        known = expect.notna()
        bad = (known & (nz.label_key(expect) != k)).fillna(False).to_numpy(bool)
        rows.note(
            bad,
            "kategori",
            "kategori_mismatch",
            kategori.astype("string") + " (dari JPM: " + expect.fillna("") + ")",
        )
    return rep


def _standard(layout: Layout, rows: Rows, i: int, n: int) -> pd.array:
    """Competency ``i``'s required level from the standard row or sheet name, for every row;
    a value that is no level 1-5 is reported once and left empty."""
    lo, hi = rules.labels_kompetensi().levels
    v = (layout.standard or {}).get(i)
    if v is None or v != v or not (lo <= v <= hi) or v != int(v):
        pos = layout.comps.get(i, {}).get("assessed")
        rows.problems.append(
            {
                "file": rows.file,
                "sheet": rows.sheet,
                "row": layout.header_row + layout.header_rows,
                "column": layout.names.get(pos),
                "value": None if v is None else str(v),
                "severity": "warning",
                "reason": "level_out_of_range",
                "message": f"required level of {_competencies()[i].name} in the standard row "
                "is no level 1-5; that competency is left out of the JPM",
            }
        )
        v = None
    return pd.array([v] * n, dtype="Int64")


def load_wide(part: Part) -> Result:
    """Load an assessment recap in the wide layout (one row per person, competencies across)."""
    layout, file, body, rows = part
    comps = _competencies()
    idx = sorted(layout.comps)
    lvl = pd.DataFrame({i: _levels(rows, body, f"lvl_{i}") for i in idx})
    if all(f"std_{i}" in body for i in idx):
        std = pd.DataFrame({i: _levels(rows, body, f"std_{i}") for i in idx})
    elif "standard_level" in body:
        one = _levels(rows, body, "standard_level")
        std = pd.DataFrame({i: one for i in idx})
    else:
        std = pd.DataFrame(
            {i: _standard(layout, rows, i, len(body)) for i in idx}, index=body.index
        )
        for i in idx:  # a competency paired in some columns only
            if f"std_{i}" in body:
                std[i] = _levels(rows, body, f"std_{i}")
    cols, year = _people(rows, body, layout, file)
    people = pd.DataFrame(cols, index=body.index)
    people["jpm"] = jpm(std.astype("Float64"), lvl.astype("Float64"))
    people["jpm_reported"] = check_reported(
        rows, people["jpm"], cols.get("jpm_reported"), cols.get("kategori_reported")
    )
    res = finish("assessments", rows, people, {"year": year})
    live = rows.live
    n, k = int(live.sum()), len(idx)
    base = people[live].reset_index(drop=True)
    long = pd.DataFrame(
        {
            "year": year,
            **{
                c: np.repeat(base[c].to_numpy(), k)
                for c in ("nip", "nama", "jabatan", "opd", "jenis_asesmen", "tanggal")
                if c in base
            },
            "kompetensi": np.tile([comps[i].name for i in idx], n),
            "required": std[live].to_numpy().reshape(-1),
            "assessed": lvl[live].to_numpy().reshape(-1),
            "source_file": file,
            "source_row": np.repeat(np.flatnonzero(live) + rows.first_row, k),
        }
    )
    res.extra["competency"] = schemas.conform("competency", long)
    return res


#: what a long recap may print once per person, on the first of the person's rows
PERSON = (
    "nip",
    "nama",
    "jabatan",
    "opd",
    "jenis_asesmen",
    "tanggal",
    "jpm",
    "kategori",
    "potensi",
    "potensi_kategori",
)


def _continue_people(body: pd.DataFrame, rows: Rows) -> None:
    """A long recap that prints each person once, on the first of their competency rows: a
    row with a competency but no NIP continues the person above (a merged cell is read the
    same way by the reader). Said in a warning with the number of rows, never silent."""
    nip = nz.text(body["nip"])
    cont = nip.isna() & nz.text(body["kompetensi"]).notna() & pd.Series(rows.live, body.index)
    if not cont.any():
        return
    live = pd.Series(rows.live, body.index) & ~cont
    for c in PERSON:
        if c in body:
            above = body[c].where(live).ffill()
            body[c] = body[c].where(~cont | above.isna(), above)
    n = int((cont & nz.text(body["nip"]).notna()).sum())
    if n:
        rows.problems.append(
            {
                "file": rows.file,
                "sheet": rows.sheet,
                "row": None,
                "column": rows.names.get("nip"),
                "value": None,
                "severity": "warning",
                "reason": "person_continued",
                "message": f"{n} competency rows without a NIP were read as the person on the row "
                "above (the recap prints each person once)",
            }
        )


def load_long(part: Part) -> Result:
    """Load an assessment recap in the long layout (one row per person and competency)."""
    layout, file, body, rows = part
    _continue_people(body, rows)
    comps = _competencies()
    vocab = vocabulary()
    names = [c.name for c in comps]
    raw = nz.text(body["kompetensi"])
    uniq = raw.dropna().unique()
    found = {u: vocab.competency(u) for u in uniq}
    mapping = {nz.key(u): names[h[0]] for u, h in found.items() if h is not None and h[1] is None}
    komp, bad = nz.to_label(raw, mapping, names)
    rows.flag(bad.to_numpy(), "reject", "kompetensi", "competency_unknown", body["kompetensi"])
    required = _levels(rows, body, "required")  # a required level of 0 is out of range too
    assessed = _levels(rows, body, "assessed")
    cols, year = _people(rows, body, layout, file)
    keep = ("year", "nip", "nama", "jabatan", "opd", "jenis_asesmen", "tanggal")
    frame = pd.DataFrame({k: v for k, v in cols.items() if k in keep}, index=body.index)
    frame["kompetensi"] = komp.astype(object)
    frame["required"], frame["assessed"] = required, assessed
    res = finish("competency", rows, frame, {"year": year})
    # one assessment per person: JPM from its rows, only if none of them was rejected
    people = pd.DataFrame(cols, index=body.index).assign(
        _live=rows.live,
        _row=np.arange(len(body)) + rows.first_row,
        _req=required.astype("Float64"),
        _ass=assessed.astype("Float64"),
    )[rows.status != "skip"]
    keys = ["nip", "tanggal", "jenis_asesmen"]
    keys = [c for c in keys if c in people]
    g = people.groupby(keys, dropna=False, sort=False)
    agg = g.agg(
        _all=("_live", "all"), _req=("_req", "sum"), _ass=("_ass", "sum"), _row=("_row", "min")
    )
    first = g.head(1).set_index(keys)
    ppl = first.drop(columns=["_live", "_row", "_req", "_ass"]).join(agg).reset_index()
    ppl = ppl[ppl["_all"] & ppl["nip"].notna()].reset_index(drop=True)
    ppl["jpm"] = (ppl["_ass"] / ppl["_req"] * 100).round(2)
    if "jpm_reported" in ppl:  # the recap's own JPM
        at = Rows(rows.file, rows.sheet, rows.first_row, len(ppl), rows.names)
        ppl["jpm_reported"] = check_reported(
            at, ppl["jpm"], ppl["jpm_reported"], ppl.get("kategori_reported")
        )
        for p in at.problems:  # reported on the person's first row
            p["row"] = int(ppl["_row"].iloc[p["row"] - rows.first_row])
        res.problems += at.problems
    res.extra["assessments"] = schemas.conform(
        "assessments",
        ppl.assign(source_file=file, source_row=ppl["_row"]).reset_index(drop=True),
    )
    return res


SPECS = (
    Spec(
        "competency_wide",
        "assessments",
        "assessment recap (one row per person)",
        required=("nip",),
        load=load_wide,
    ),
    Spec(
        "competency_long",
        "competency",
        "assessment recap (one row per competency)",
        required=("nip", "kompetensi", "required", "assessed"),
        load=load_long,
        checks={"kompetensi": "competency"},
    ),
)

"""The validation report behind ``kediri-analytics validate``: text for people, JSON for
scripts (whose entries have exactly the columns of ``ds.files`` and ``ds.problems``)."""

from __future__ import annotations

import textwrap

import pandas as pd

from .dataset import Dataset


def _records(df: pd.DataFrame) -> list[dict]:
    out = df.astype(object).where(df.notna(), None)
    return [
        {k: (v.item() if hasattr(v, "item") else v) for k, v in r.items()}
        for r in out.to_dict("records")
    ]


def report_json(ds: Dataset) -> dict:
    """``{"files": [...], "problems": [...], "summary": {...}}``."""
    return {"files": _records(ds.files), "problems": _records(ds.problems), "summary": ds.summary()}


def report_text(ds: Dataset, max_rows: int = 5) -> str:
    """A plain-text report: one line per file, then problems grouped by file and reason."""
    lines = []
    f = ds.files
    width = max([len(p) for p in f["path"]] + [4])
    lines.append(
        f"{'file'.ljust(width)}  {'kind':<36} {'loaded':>8} {'rejected':>8} {'dropped':>8}"
    )
    for r in f.itertuples(index=False):
        if pd.notna(r.error):
            sheet = f" [{r.sheet}]" if pd.notna(r.sheet) else ""
            lines.append(f"{r.path.ljust(width)}  ERROR{sheet}")
            lines += textwrap.wrap(r.error, 96, initial_indent="    ", subsequent_indent="    ")
            if pd.notna(r.hint):
                lines += ["    " + x for x in r.hint.splitlines()]
            continue
        sheet = f" [{r.sheet}]" if pd.notna(r.sheet) else ""
        lines.append(
            f"{r.path.ljust(width)}  {str(r.kind) + sheet:<36} {r.rows_loaded:>8,} "
            f"{r.rows_rejected:>8,} {r.rows_dropped:>8,}"
        )
    p = ds.problems[ds.problems["row"].notna()]
    if len(p):
        lines.append("")
        lines.append("problems (file, reason: count; first rows):")
        for (file, sev, reason), g in p.groupby(["file", "severity", "reason"], sort=True):
            where = ", ".join(
                f"row {int(x.row)} {x.column or ''}={x.value!r}".replace("=None", "")
                for x in g.head(max_rows).itertuples()
            )
            more = f" (+{len(g) - max_rows} more)" if len(g) > max_rows else ""
            lines.append(f"  {file}: {sev} {reason} x{len(g)}: {g['message'].iloc[0]}")
            lines.append(f"      {where}{more}")
    s = ds.summary()
    lines.append("")
    lines.append(
        f"{s['files']} files ({s['files_with_error']} unusable), {s['rows_loaded']:,} rows "
        f"loaded, {s['rows_rejected']:,} rejected, {s['rows_dropped']:,} dropped; problems: "
        + (", ".join(f"{v} {k}" for k, v in s["problems"].items()) or "none")
        + (f"; {s['ignored']} other files ignored" if s["ignored"] else "")
    )
    return "\n".join(lines)

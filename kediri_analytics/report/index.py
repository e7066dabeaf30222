"""``index.html``: every report of a run folder with its status and links (Bahasa Indonesia,
self-contained, opens offline)."""

from __future__ import annotations

import html
from urllib.parse import quote

from ..core.fmt import number

STATUS = {
    "ok": ("berhasil", "#1a7f37"),
    "skipped": ("tidak berubah", "#57606a"),
    "failed": ("GAGAL", "#cf222e"),
}
LABELS = {"pdf": "PDF", "html": "HTML", "xlsx": "Excel", "ipynb": "notebook"}

_CSS = """
body{font-family:'DejaVu Sans',Arial,sans-serif;margin:2em;color:#1f2328;max-width:1100px}
h1{color:#1f4e79;margin-bottom:.2em} .meta{color:#57606a;margin-bottom:1.5em}
table{border-collapse:collapse;width:100%;font-size:14px;margin-bottom:2em}
th,td{border-bottom:1px solid #d0d7de;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eaf1f8} td.num{text-align:right} .err{color:#cf222e;font-size:12px}
a{color:#0b5cad;margin-right:.6em}
"""


def render_index(build: dict, agency: str) -> str:
    """The run's index page from its ``build.json`` content."""
    e = html.escape
    run = build["run"]
    reports = build["reports"]
    n_failed = sum(r["status"] == "failed" for r in reports)
    parts = [
        "<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'>",
        f"<title>Laporan {e(agency)}</title><style>{_CSS}</style></head><body>",
        f"<h1>Laporan {e(agency)}</h1>",
        f"<div class='meta'>Selesai {e(run['finished'].replace('T', ' '))} &middot; "
        f"{number(len(reports))} laporan, {number(n_failed)} gagal &middot; data: "
        f"{e(run['data_dir'])} &middot; kediri-analytics {e(run['version'])}</div>",
    ]
    by_report: dict[str, list[dict]] = {}
    for r in reports:
        by_report.setdefault(r["report"], []).append(r)
    for name, rows in by_report.items():
        parts.append(
            f"<h2>{e(rows[0].get('title') or name)}</h2><table><tr><th>Cakupan</th>"
            "<th>Status</th><th>Berkas</th><th>Durasi</th></tr>"
        )
        rows = sorted(rows, key=lambda r: (r.get("opd") is not None, r.get("opd") or ""))
        for r in rows:
            label, colour = STATUS.get(r["status"], (r["status"], "#000"))
            links = "".join(
                f"<a href='{quote(rel)}'>{LABELS.get(fmt, fmt)}</a>"
                for fmt, rel in sorted(
                    r.get("outputs", {}).items(), key=lambda x: list(LABELS).index(x[0])
                )
            )
            err = f"<div class='err'>{e(r['error'])}</div>" if r.get("error") else ""
            scope = r.get("opd") or "Seluruh instansi"
            dur = number(r.get("duration", 0), 1) + " dtk" if r["status"] != "skipped" else "-"
            parts.append(
                f"<tr><td>{e(scope)}</td><td style='color:{colour};font-weight:bold'>{label}"
                f"{err}</td><td>{links}</td><td class='num'>{dur}</td></tr>"
            )
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)

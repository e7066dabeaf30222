"""The Dataset: every typed table of a folder of exports, the files read, the problems, and
tables derived from them kept in the cache (:meth:`Dataset.memo`)."""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..core.files import atomic, code_digest
from ..core.fmt import number

#: the typed tables of a Dataset, in display order
DATA_TABLES = (
    "skp",
    "skp_documents",
    "roster",
    "duk",
    "competency",
    "assessments",
    "training",
    "training_events",
    "merit_assessment",
    "requirements",
    "opd_predikat",
    "discipline",
    "award_evidence",
    "nominations",
)


@dataclass
class Dataset:
    """Typed tables loaded from a folder of exports (see ``docs/loading.md``).

    Every table exists even without input (empty, with its columns). ``files`` has one row
    per file and data sheet; ``problems`` one row per problem, with file, sheet, spreadsheet
    row and column.
    """

    tables: dict[str, pd.DataFrame]
    files: pd.DataFrame
    problems: pd.DataFrame
    ignored: list[str] = field(default_factory=list)
    root: str | None = None
    cache_root: str | None = None  # where load_folder cached it (None: not cached)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    def __dir__(self):
        return [*super().__dir__(), *self.tables]

    # -------------------------------------------------------------------- derived tables
    def memo(self, name: str, params: dict, compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """``compute()``, kept in the loader's cache for this set of files.

        The key is the files' sha256, the package code (every module and rule file), ``name``
        and ``params`` (give every input that changes the result). The 40 per-OPD runs of a
        report then compute a shared table once instead of 40 times. A Dataset loaded with
        ``no_cache`` computes every time; a failed read or write of the cache only costs the
        computation.
        """
        if self.cache_root is None:
            return compute()
        blob = json.dumps(
            {
                "files": sorted(self.files["sha256"].dropna().astype(str)),
                "code": code_version(),
                "name": name,
                "params": params,
            },
            sort_keys=True,
            default=str,
        )
        key = hashlib.sha256(blob.encode()).hexdigest()[:32]
        path = Path(self.cache_root) / "derived" / f"{name}-{key}.parquet"
        try:
            return pd.read_parquet(path)
        except (OSError, ValueError):
            pass
        out = compute()
        try:
            with atomic(path) as tmp:
                out.to_parquet(tmp)
        except (OSError, ValueError, TypeError):
            pass  # a read-only or full cache folder only costs the computation
        return out

    # -------------------------------------------------------------------- summaries
    def opds(self) -> list[str]:
        """Every OPD name in the roster or the SKP tables, any year, sorted."""
        names = set()
        for t in ("roster", "skp"):
            names.update(str(o) for o in self.tables[t]["opd"].dropna().unique())
        return sorted(names)

    def check_opd(self, opd: str | None) -> str | None:
        """``opd`` itself when the data knows it (None passes: the whole agency); otherwise a
        ValueError listing the closest and all valid names, for a notebook parameter typo."""
        if opd is None:
            return None
        known = self.opds()
        if opd in known:
            return opd
        import difflib

        near = difflib.get_close_matches(str(opd), known, n=3, cutoff=0.4)
        hint = f" Mungkin maksud Anda: {near}." if near else ""
        raise ValueError(
            f"OPD {opd!r} tidak ada di data ({self.root or 'dataset'}).{hint} "
            f"Nama yang ada ({len(known)}): {known}"
        )

    def summary(self) -> dict:
        """Counts for a quick look: files by kind, rows kept and rejected, problems."""
        f = self.files
        years = sorted(
            {int(y) for t in ("skp", "roster") for y in self.tables[t]["year"].dropna().unique()}
        )
        opds = self.tables["roster"]["opd"].dropna().unique()
        return {
            "files": int(f["path"].nunique()),
            "files_with_error": int(f["error"].notna().sum()),
            "by_kind": {str(k): int(v) for k, v in f["kind"].value_counts().sort_index().items()},
            "rows_loaded": int(f["rows_loaded"].sum()),
            "rows_rejected": int(f["rows_rejected"].sum()),
            "rows_dropped": int(f["rows_dropped"].sum()),
            "problems": {
                str(k): int(v)
                for k, v in self.problems["severity"].value_counts().sort_index().items()
            },
            "years": years,
            "opd": int(len(opds)),
            "ignored": len(self.ignored),
        }

    def __repr__(self) -> str:
        s = self.summary()
        rows = ", ".join(f"{t}={len(self.tables[t]):,}" for t in DATA_TABLES if len(self.tables[t]))
        return (
            f"<Dataset {s['files']} files ({s['files_with_error']} unusable), years "
            f"{s['years'][0] if s['years'] else '-'}-{s['years'][-1] if s['years'] else '-'}, "
            f"{s['opd']} OPD; {rows}; problems {s['problems']}>"
        )

    def _repr_html_(self) -> str:
        """The summary Jupyter shows for a Dataset: files by kind with their years and rows
        kept, rejected and dropped; problems by severity; years and OPDs covered; tables."""
        s = self.summary()
        f = self.files
        esc = html.escape
        td = "<td style='text-align:right'>"
        tl = "<td style='text-align:left'>"
        rows = []
        for kind, g in f.groupby("kind", sort=True):
            ys = sorted({int(y) for y in g["year"].dropna()})
            span = "-" if not ys else str(ys[0]) if len(ys) == 1 else f"{ys[0]}-{ys[-1]}"
            bad = int(g["error"].notna().sum())
            rows.append(
                f"<tr>{tl}{esc(str(kind))}</td>{td}{number(len(g))}"
                + (f" ({bad} tidak terbaca)" if bad else "")
                + f"</td>{tl}{span}</td>{td}{number(g['rows_loaded'].sum())}</td>"
                f"{td}{number(g['rows_rejected'].sum())}</td>{td}{number(g['rows_dropped'].sum())}"
                "</td></tr>"
            )
        tables = "".join(
            f"<tr>{tl}<code>ds.{t}</code></td>{td}{number(len(self.tables[t]))}</td></tr>"
            for t in DATA_TABLES
            if len(self.tables[t])
        )
        sev = {"error": "galat", "warning": "peringatan", "info": "info"}
        prob = ", ".join(f"{number(v)} {sev.get(k, k)}" for k, v in s["problems"].items())
        years = f"{s['years'][0]}-{s['years'][-1]}" if s["years"] else "-"
        head = (
            "<tr>"
            + "".join(
                f"<th style='text-align:left'>{h}</th>"
                for h in ("jenis berkas", "berkas", "tahun", "dimuat", "ditolak", "dibuang")
            )
            + "</tr>"
        )
        return (
            "<div class='kediri-dataset'><b>kediri-analytics Dataset</b> "
            f"<span style='color:#555'>{esc(str(self.root or ''))}</span>"
            f"<p>{number(s['files'])} berkas ({number(s['files_with_error'])} tidak dapat "
            f"dibaca, {number(s['ignored'])} diabaikan), tahun {years}, {number(s['opd'])} OPD. "
            f"Baris dimuat {number(s['rows_loaded'])}, ditolak {number(s['rows_rejected'])}, "
            f"dibuang {number(s['rows_dropped'])}. Masalah: {prob or 'tidak ada'} "
            "(rinciannya di <code>ds.problems</code>).</p>"
            f"<table>{head}{''.join(rows)}</table>"
            f"<table><tr><th style='text-align:left'>tabel</th><th>baris</th></tr>{tables}"
            "</table></div>"
        )


@lru_cache(maxsize=1)
def code_version() -> str:
    """The package version and a digest of every module and rule file (plus a
    ``KEDIRI_RULES_DIR`` override): derived tables cached under it are never served after the
    code changes."""
    return code_digest()

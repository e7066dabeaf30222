"""Which files a load opens: every export under a folder (or the files given), the rest
listed as ignored."""

from __future__ import annotations

import os
from pathlib import Path

#: files opened by load_folder (their kind is then recognised from the content)
EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".csv", ".txt", ".tsv")


def find_files(paths) -> tuple[list[tuple[Path, str]], list[str], Path | None]:
    """(files to open with their display names, ignored files, common root)."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    out: list[tuple[Path, str]] = []
    ignored: list[str] = []
    root = None
    for p in map(Path, paths):
        if not p.exists():
            raise FileNotFoundError(
                f"{p} does not exist (looked in {p.absolute()}). For the demo data run "
                "`make demo-data` (or `kediri-analytics demo-data`) in the project folder; for "
                "your own exports, set data_dir to the folder you downloaded them into."
            )
        if p.is_dir():
            root = root or p
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p)
                if not f.is_file() or any(part.startswith(".") for part in rel.parts):
                    continue
                if f.suffix.lower() in EXTENSIONS and not f.name.startswith("~$"):
                    out.append((f, rel.as_posix()))
                else:
                    ignored.append(rel.as_posix())
        else:
            out.append((p, p.name if len(paths) > 1 else str(p)))
    return out, ignored, root

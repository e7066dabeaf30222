"""Parquet cache of typed tables, keyed by each file's content hash and the loader version.

Layout under the cache folder::

    files/<version>/<sha256>/meta.json + <n>.parquet   one entry per input file
    sets/<version>/<key>/meta.json + <table>.parquet   one combined entry per set of files
    stat-index.json                                    (path, size, mtime) -> sha256

The stat index only saves re-hashing a file whose size and modification time are unchanged;
the content hash stays the key. A corrupt entry is deleted and rebuilt, never trusted.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import uuid
from pathlib import Path

import pandas as pd

from ..core.files import atomic

ENV = "KEDIRI_CACHE_DIR"


def default_dir() -> Path:
    """Per-user cache folder: ``KEDIRI_CACHE_DIR``, else the platform's usual place."""
    env = os.environ.get(ENV)
    if env:
        return Path(env)
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
        return base / "kediri-analytics" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "kediri-analytics"
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "kediri-analytics"


class Cache:
    """Read and write cache entries; every failure degrades to a cache miss."""

    def __init__(self, root: Path | None, version: str):
        self.root = Path(root) if root else default_dir()
        self.version = version
        self._stat: dict | None = None
        self._stat_dirty = False

    # ------------------------------------------------------------------ hashing shortcut
    def _stat_path(self) -> Path:
        return self.root / "stat-index.json"

    def known_sha(self, path: Path) -> tuple[str | None, tuple]:
        """(The sha256 remembered for this file's path, size and mtime, or None; that key)."""
        st = path.stat()
        key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
        if self._stat is None:
            try:
                self._stat = json.loads(self._stat_path().read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self._stat = {}
        return self._stat.get("|".join(map(str, key))), key

    def remember_sha(self, key: tuple, sha: str) -> None:
        """Remember a file's sha256 under its path, size and mtime (saves re-hashing)."""
        if self._stat is None:
            self._stat = {}
        self._stat["|".join(map(str, key))] = sha
        self._stat_dirty = True

    def flush(self) -> None:
        """Write the remembered hashes to disk."""
        if self._stat_dirty and self._stat is not None:
            self._atomic_text(self._stat_path(), json.dumps(self._stat))
            self._stat_dirty = False

    # ------------------------------------------------------------------ entries
    def _entry(self, group: str, key: str) -> Path:
        return self.root / group / self.version / key

    def get(
        self, group: str, key: str, only: set[str] | None = None, columns: dict | None = None
    ) -> tuple[dict, dict[str, pd.DataFrame]] | None:
        """The cached (meta, frames) of entry ``key`` in ``group`` (only the tables ``only`` and
        the ``columns`` given), or None when absent or unreadable."""
        d = self._entry(group, key)
        meta_path = d / "meta.json"
        if not meta_path.is_file():
            return None
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            names = [n for n in meta["frames"] if only is None or n in only]
            cols = columns or {}
            frames = {
                name: pd.read_parquet(d / f"{name}.parquet", columns=cols.get(name))
                for name in names
            }
            return meta, frames
        except Exception:  # noqa: BLE001 - a damaged entry is discarded, never trusted
            shutil.rmtree(d, ignore_errors=True)
            return None

    def put(self, group: str, key: str, meta: dict, frames: dict[str, pd.DataFrame]) -> None:
        """Keep (meta, frames) as entry ``key`` of ``group`` (written beside, then renamed in)."""
        d = self._entry(group, key)
        tmp = d.parent / f".{key}.{uuid.uuid4().hex}.tmp"
        try:
            tmp.mkdir(parents=True, exist_ok=True)
            for name, f in frames.items():
                f.to_parquet(tmp / f"{name}.parquet", index=False)
            (tmp / "meta.json").write_text(
                json.dumps({**meta, "frames": list(frames)}), encoding="utf-8"
            )
            if d.exists():
                shutil.rmtree(d, ignore_errors=True)
            tmp.rename(d)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)  # a read-only cache folder is not an error

    def _atomic_text(self, path: Path, text: str) -> None:
        with contextlib.suppress(OSError), atomic(path) as tmp:  # read-only: not an error
            tmp.write_text(text, encoding="utf-8")

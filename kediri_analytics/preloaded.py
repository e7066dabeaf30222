"""Datasets a warm kernel inherits from the helper it was forked from (``report/warm.py``).

Before forking the kernel of a report run, the helper loads the run's data folder once
(:func:`keep`); every kernel forked after that starts with the loaded Dataset in memory.
Its first ``ka.load_folder(folder)`` returns that Dataset instead of reading the cache again
(about 0.3 s of every report run on the demo), when nothing that decides the result differs:
every file of the folder has the same size and modification time, the cache and rule-override
settings are the same, and no option is given. Any difference, a second call, or any process
that is not such a kernel loads the ordinary way (:func:`kediri_analytics.dataset.load_folder`).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from . import dataset

#: a folder is kept only up to this size: national exports are loaded by each kernel
MAX_BYTES = 256 * 2**20
_ENV = ("KEDIRI_CACHE_DIR", "KEDIRI_RULES_DIR")
_KEPT: dict[str, tuple[tuple, dataset.Dataset]] = {}


def _stats(folder: Path) -> list[tuple]:
    out = []
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for n in sorted(names):
            st = os.stat(os.path.join(root, n))
            out.append((os.path.relpath(os.path.join(root, n), folder), st.st_size, st.st_mtime_ns))
    return out


def _signature(folder: Path) -> tuple:
    rules = os.environ.get("KEDIRI_RULES_DIR")
    extra = _stats(Path(rules)) if rules and Path(rules).is_dir() else []
    return (tuple(_stats(folder)), tuple(os.environ.get(k) for k in _ENV), tuple(extra))


def keep(folder) -> bool:
    """Load ``folder`` now and keep it for the kernels forked from this process (the warm
    helper calls this). Returns False when the folder is too large or cannot be loaded."""
    path = Path(folder).resolve()
    try:
        sig = _signature(path)
        if sum(s[1] for s in sig[0]) > MAX_BYTES:
            return False
        if path.as_posix() not in _KEPT or _KEPT[path.as_posix()][0] != sig:
            _KEPT[path.as_posix()] = (sig, dataset.load_folder(path))
    except Exception:  # noqa: BLE001 - the kernel then loads (and reports) it itself
        _KEPT.pop(path.as_posix(), None)
        return False
    return True


@functools.wraps(dataset.load_folder)
def load_folder(paths, **options):
    if not options and isinstance(paths, (str, os.PathLike)) and _KEPT:
        path = Path(paths).resolve()
        hit = _KEPT.pop(path.as_posix(), None)  # once: a later call loads afresh
        if hit is not None and path.is_dir() and hit[0] == _signature(path):
            return hit[1]
    return dataset.load_folder(paths, **options)

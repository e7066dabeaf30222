"""load_folder: a folder of exports into a Dataset, through the cache and worker processes."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from ..core.files import sha256_of
from ..loaders import LOADER_VERSION, FileLoad
from ..loaders.cache import Cache
from .cached import from_cache, to_cache
from .files import find_files
from .model import Dataset
from .parallel import read_files
from .tables import combine, dataset_from_frames

PARALLEL_MIN_BYTES = 5_000_000  # below this, starting worker processes costs more than it saves


def load_folder(
    paths: str | os.PathLike | Iterable[str | os.PathLike],
    *,
    no_cache: bool = False,
    cache_dir: str | os.PathLike | None = None,
    jobs: int | None = None,
    progress: Callable[[str], None] | None = None,
    tables: Iterable[str] | None = None,
    columns: dict[str, list[str]] | None = None,
) -> Dataset:
    """Load every export in a folder (or a list of files) into typed, validated tables.

    Parameters
    ----------
    paths : path or list of paths
        A folder (searched recursively for .xlsx/.xls/.csv/.txt files; hidden files and
        Excel lock files skipped) or individual files.
    no_cache : bool
        Read and type every file again, ignoring and not writing the Parquet cache.
    cache_dir : path, optional
        Cache folder (default: ``KEDIRI_CACHE_DIR`` or the per-user cache folder).
    jobs : int, optional
        Worker processes for files not in the cache (default: 1 for small folders, else the
        number of CPUs up to 4).
    progress : callable, optional
        Called with a short message per stage.
    tables : list of str, optional
        Only these tables are read from the cache (the others are empty, with their
        columns): saves memory at national scale.
    columns : dict, optional
        Per table, only these columns are read from the cache (a warm load only).

    Returns
    -------
    Dataset
        Never raises for bad content: unusable files appear in ``files.error`` and
        ``problems``, and every other file is loaded. A path that does not exist raises
        FileNotFoundError saying how to get the demo data or where to point.
    """
    say = progress or (lambda _m: None)
    found, ignored, root = find_files(paths)
    cache = None if no_cache else Cache(Path(cache_dir) if cache_dir else None, LOADER_VERSION)
    shas = _fingerprints(found, cache)
    set_key = _set_key(found, shas) if cache is not None else None
    if set_key is not None:
        only = None if tables is None else {*tables, "_files", "_problems"}
        hit = cache.get("sets", set_key, only, columns)
        if hit is not None:  # the same files as a load before: its tables as they were
            cache.flush()
            say(f"{len(found)} files unchanged: tables read from the cache")
            ds = dataset_from_frames(hit[1], hit[0], root)
            ds.cache_root = str(cache.root)
            return ds
    loads: list[FileLoad | None] = [None] * len(found)
    todo = []
    for i, ((_, d), sha) in enumerate(zip(found, shas, strict=True)):
        hit = cache.get("files", sha) if cache is not None and sha else None
        if hit is not None:
            loads[i] = from_cache(hit[0], hit[1], d, sha)
        else:
            todo.append(i)
    say(f"{len(found)} files: {len(found) - len(todo)} from the cache, {len(todo)} to read")
    if jobs is None:
        size = sum(found[i][0].stat().st_size for i in todo if found[i][0].exists())
        jobs = 1 if size < PARALLEL_MIN_BYTES else min(4, os.cpu_count() or 1)
    read = read_files([(found[i][0], found[i][1], shas[i]) for i in todo], jobs)
    for i, fl in zip(todo, read, strict=True):
        loads[i] = fl
    ds = combine([fl for fl in loads if fl is not None], ignored, root)
    if cache is not None:
        _keep(cache, read, ds, set_key, ignored)
    ds.cache_root = None if cache is None else str(cache.root)
    return ds


def _fingerprints(found: list[tuple[Path, str]], cache: Cache | None) -> list[str | None]:
    """Each file's sha256 (the cache remembers it by size and modification time); None for
    every file when there is no cache, or for a file that cannot be read (it fails later,
    with its own error)."""
    shas: list[str | None] = []
    for f, _ in found:
        sha = None
        if cache is not None:
            try:
                sha, key = cache.known_sha(f)
                if sha is None:
                    sha = sha256_of(f)
                    cache.remember_sha(key, sha)
            except OSError:
                sha = None
        shas.append(sha)
    return shas


def _set_key(found: list[tuple[Path, str]], shas: list[str | None]) -> str | None:
    """The key of this exact set of files (names and contents), when every file has one."""
    if not all(shas):
        return None
    blob = json.dumps([[d, s] for (_, d), s in zip(found, shas, strict=True)])
    return hashlib.sha256(blob.encode()).hexdigest()


def _keep(cache: Cache, read: list[FileLoad], ds: Dataset, set_key: str | None, ignored) -> None:
    """Put the files just read (except those a dead worker lost) and the whole set's tables
    into the cache."""
    for fl in read:
        if fl.sha256 and not (fl.error is not None and fl.error.reason == "worker_failed"):
            meta, frames = to_cache(fl)
            cache.put("files", fl.sha256, meta, frames)
    if set_key:
        frames = {**ds.tables, "_files": ds.files, "_problems": ds.problems}
        cache.put("sets", set_key, {"ignored": ignored}, frames)
    cache.flush()

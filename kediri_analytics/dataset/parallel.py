"""Reading and typing files in worker processes: grouped so one kind is typed in one pass and
memory stays bounded; a worker that dies costs only its own file."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..loaders import FileLoad, load_files
from ..loaders.read import FileError

CHUNK_BYTES = 8_000_000  # files typed together in one process: bounded memory


CHUNK_FILES = 24


def chunks(order: list[int], args: list[tuple]) -> list[list[int]]:
    """Files in groups typed together (the files of one folder are mostly of one kind, and
    one kind's files are typed in one pass), each group small enough to keep memory bounded;
    the largest groups first, for the worker processes."""
    order = sorted(order, key=lambda k: (str(Path(args[k][1]).parent), str(args[k][1])))
    out: list[list[int]] = []
    cur: list[int] = []
    size = 0
    folder = None
    for k in order:
        f, s = str(Path(args[k][1]).parent), _size(args[k][0])
        if cur and (f != folder or size + s > CHUNK_BYTES or len(cur) >= CHUNK_FILES):
            out.append(cur)
            cur, size = [], 0
        cur.append(k)
        size += s
        folder = f
    if cur:
        out.append(cur)
    return sorted(out, key=lambda c: -sum(_size(args[k][0]) for k in c))


def worker_failed(a: tuple, e: Exception, jobs: int) -> FileLoad:
    """The FileLoad of a file whose worker process died: an error saying so and what to try."""
    path, display, sha = a
    fl = FileLoad(display, sha or "")
    fl.error = FileError(
        display,
        f"reading stopped: a worker process died ({type(e).__name__}), most likely out of "
        f"memory with {jobs} files read at once. Load it again with jobs=1, or split the file.",
        "worker_failed",
    )
    return fl


def _size(p: Path) -> int:
    try:
        return p.stat().st_size
    except OSError:
        return 0


def read_files(args: list[tuple], jobs: int) -> list[FileLoad]:
    """Read and type the files ``args`` ((path, display name, sha256) each), in ``jobs``
    worker processes when there is more than one group; in the order given. A group whose
    worker dies is read again one file at a time, so only a file that kills its worker is
    lost (as a ``worker_failed`` error)."""
    out: list[FileLoad | None] = [None] * len(args)
    groups = chunks(list(range(len(args))), args)
    if jobs <= 1 or len(groups) <= 1:
        for c in groups:
            for k, fl in zip(c, load_files([args[k] for k in c]), strict=True):
                out[k] = fl
        return out
    lost: list[int] = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(load_files, [args[k] for k in c]): c for c in groups}
        for fut, c in futures.items():
            try:
                for k, fl in zip(c, fut.result(), strict=True):
                    out[k] = fl
            except Exception:  # noqa: BLE001 - a dead worker must not stop the rest
                lost += c
    for k in lost:  # each file of a lost group again, alone: only the one that kills dies
        with ProcessPoolExecutor(max_workers=1) as pool:
            try:
                out[k] = pool.submit(load_files, [args[k]]).result()[0]
            except Exception as e:  # noqa: BLE001
                out[k] = worker_failed(args[k], e, jobs)
    return out

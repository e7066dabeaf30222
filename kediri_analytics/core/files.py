"""Files that are never half-written, and fingerprints of files and of the package's code.

:func:`atomic` is the one way the package writes a file: into a temporary name beside it,
renamed into place only when complete (a crash or a full disk leaves the old file or none).
:func:`sha256_of`, :func:`files_digest` and :func:`code_digest` are the one way it
fingerprints files: the loaders' cache keys, derived tables and report re-runs all use them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import socket
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import __version__

PACKAGE = Path(__file__).resolve().parent.parent
#: the environment variable naming an agency's rule-override folder
RULES_ENV = "KEDIRI_RULES_DIR"

#: ``.<name>.<host>.<pid>.<random>.tmp``: unique across the machines that share a folder
TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.(?P<host>[^.]+)\.(?P<pid>\d+)\.[0-9a-f]{8}\.tmp$")


class OutputError(RuntimeError):
    """An output folder or file could not be written (names it, says why)."""


def host() -> str:
    """This machine's name, as temporary file names carry it."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", socket.gethostname()) or "host"


def temp_path(path) -> Path:
    """A temporary name beside ``path`` for writing it: host, process id and a random part,
    so two machines writing into one shared folder never pick the same name."""
    path = Path(path)
    return path.with_name(f".{path.name}.{host()}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")


@contextlib.contextmanager
def atomic(path, *, sync: bool = False) -> Iterator[Path]:
    """Write ``path`` all or nothing: the block writes the temporary path it is given; when
    the block ends without an error it is renamed onto ``path`` (``sync``: flushed to disk
    first), otherwise removed. The parent folder is created.

    >>> with atomic("out/table.csv") as tmp:   # doctest: +SKIP
    ...     frame.to_csv(tmp)
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(path)
    try:
        yield tmp
        if sync:
            with open(tmp, "rb+") as f:
                os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def write_bytes(path, data: bytes) -> Path:
    """Write ``data`` atomically (see :func:`atomic`); an OS error becomes an
    :class:`OutputError` naming the file."""
    path = Path(path)
    try:
        with atomic(path, sync=True) as tmp:
            tmp.write_bytes(data)
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror or e}") from e
    return path


def write_text(path, text: str) -> Path:
    """Write UTF-8 text atomically (see :func:`write_bytes`)."""
    return write_bytes(path, text.encode("utf-8"))


def sha256_of(path) -> str:
    """The sha256 of a file's bytes (hex): a loaded file's cache key, a report input's
    fingerprint."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def files_digest(files: Iterable, root: Path | None = None) -> str:
    """sha256 over the names and contents of ``files`` (in the order given); names relative
    to ``root`` when given, else the bare file names."""
    h = hashlib.sha256()
    for f in map(Path, files):
        h.update((f.relative_to(root).as_posix() if root else f.name).encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def code_digest(
    patterns: Iterable[str] = ("**/*.py", "**/*.yaml"), rules: Iterable[str] = ("*.yaml",)
) -> str:
    """``<version>-<digest>``: the package version and a digest of the package files matching
    ``patterns`` (relative to the package folder) plus the files matching ``rules`` in the
    rule-override folder named by ``KEDIRI_RULES_DIR``. Anything cached under it is never
    served after the code or the rules change."""
    files = sorted({f for p in patterns for f in PACKAGE.glob(p) if "__pycache__" not in f.parts})
    digest = files_digest(files, PACKAGE)
    override = os.environ.get(RULES_ENV)
    if override and Path(override).is_dir():
        extra = sorted({f for p in rules for f in Path(override).glob(p)})
        digest = hashlib.sha256((digest + files_digest(extra)).encode()).hexdigest()
    return f"{__version__}-{digest}"

"""Names that are safe on every disk, the ``latest`` folder swap, and the lock that keeps two
scheduled runs out of one output folder (files are written by :mod:`..core.files`)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import socket
import unicodedata
from pathlib import Path

from ..core.files import TEMP_NAME, OutputError, host, temp_path

#: characters Windows or a shell treat specially; they become "-"
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}


def safe_name(name: str, max_len: int = 80) -> str:
    """A file name from an OPD or report name: readable (spaces and case kept), no path
    separators, no ``..``, nothing Windows refuses; never empty.

    >>> safe_name("Dinas Pendidikan / UPT SD ..")
    'Dinas Pendidikan - UPT SD'
    """
    s = unicodedata.normalize("NFKC", str(name))
    s = _UNSAFE.sub("-", s)
    s = re.sub(r"\.{2,}", ".", s)
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"(\s*-\s*)+", " - ", s).strip(" .-")
    s = s[:max_len].rstrip(" .-")
    if not s or s.upper().split(".")[0] in _RESERVED:
        s = f"_{s}" if s else "_"
    return s


def sweep_temp(folder) -> int:
    """Delete the temporary files under ``folder`` that a writer on this host left when it
    died (its process is gone). Files of live writers and of other hosts are left alone.
    Returns how many were deleted."""
    n = 0
    me = host()
    for f in Path(folder).rglob(".*.tmp"):
        m = TEMP_NAME.match(f.name)
        if (
            m
            and m["host"] == me
            and not _alive({"host": socket.gethostname(), "pid": int(m["pid"])})
        ):
            with contextlib.suppress(OSError):
                f.unlink()
                n += 1
    return n


class RunLock:
    """An exclusive lock file in the output folder (created atomically, removed on exit).

    A second run finds it and stops with a message naming the holder. A lock left by a run
    that died (its process is gone, on this host) is taken over, with a note.
    """

    def __init__(self, folder, name: str = ".kediri-report.lock") -> None:
        self.path = Path(folder) / name
        self.note = ""

    def __enter__(self) -> RunLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise OutputError(
                f"cannot create the output folder {self.path.parent}: {e.strerror or e}"
            ) from e
        me = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": dt.datetime.now().isoformat(timespec="seconds"),
        }
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                holder = self._holder()
                if holder and _alive(holder):
                    raise OutputError(
                        f"another report run is writing {self.path.parent} (pid "
                        f"{holder.get('pid')} on {holder.get('host')}, started "
                        f"{holder.get('started')}); wait for it or choose another --out"
                    ) from None
                self.note = f"took over a stale lock left by {holder or 'an unknown run'}"
                with contextlib.suppress(OSError):
                    self.path.unlink()
                continue
            except OSError as e:
                raise OutputError(
                    f"the output folder {self.path.parent} is not writable: {e.strerror or e}"
                ) from e
            with os.fdopen(fd, "w") as f:
                json.dump(me, f)
            return self
        raise OutputError(f"could not take the lock {self.path}")

    def __exit__(self, *exc) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()

    def _holder(self) -> dict | None:
        try:
            return json.loads(self.path.read_text())
        except (OSError, ValueError):
            return None


def _alive(holder: dict) -> bool:
    """Is the lock's process still running? Only knowable on the same host; elsewhere assume
    it is (a lock on a shared folder from another server is respected)."""
    if holder.get("host") != socket.gethostname():
        return True
    pid = int(holder.get("pid", 0) or 0)
    if pid <= 0:
        return False
    if os.name == "nt":  # pragma: no cover - Windows
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)
        if handle:
            ctypes.windll.kernel32.CloseHandle(handle)
            return True
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def point_latest(root: Path, run_dir: Path) -> str:
    """Make ``root/latest`` show ``run_dir``: a relative symlink swapped in atomically, or a
    copy where symlinks are not allowed (Windows without developer mode). Returns which."""
    latest = root / "latest"
    tmp = temp_path(latest)
    with contextlib.suppress(OSError):
        if tmp.is_symlink() or tmp.is_file():
            tmp.unlink()
        elif tmp.is_dir():
            shutil.rmtree(tmp)
    try:
        os.symlink(run_dir.name, tmp, target_is_directory=True)
        if latest.is_dir() and not latest.is_symlink():
            shutil.rmtree(latest)
        os.replace(tmp, latest)
        return "link"
    except (OSError, NotImplementedError):
        with contextlib.suppress(OSError):
            tmp.unlink()
    shutil.copytree(run_dir, tmp, ignore=shutil.ignore_patterns(".*"))
    old = temp_path(root / "latest.old")
    if latest.is_symlink():
        latest.unlink()
    elif latest.exists():
        os.replace(latest, old)
    os.replace(tmp, latest)
    shutil.rmtree(old, ignore_errors=True)
    return "copy"

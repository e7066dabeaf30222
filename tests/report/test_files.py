"""Safe file names, atomic writes and the run lock."""

from __future__ import annotations

import json
import os

import pytest

from kediri_analytics.core.files import OutputError, write_bytes
from kediri_analytics.report.files import RunLock, point_latest, safe_name


@pytest.mark.parametrize(
    "name, want",
    [
        ("Dinas Kesehatan", "Dinas Kesehatan"),
        ("Dinas Pendidikan / UPT SD ..", "Dinas Pendidikan - UPT SD"),
        ("../../etc/passwd", "etc - passwd"),
        ("Bagian Hukum: Setda*", "Bagian Hukum - Setda"),
        ("  ", "_"),
        ("CON", "_CON"),
        ("Kec.  Mojoroto\t", "Kec. Mojoroto"),
    ],
)
def test_safe_name(name, want):
    got = safe_name(name)
    assert got == want
    assert "/" not in got and "\\" not in got and ".." not in got


def test_safe_name_is_bounded():
    assert len(safe_name("Dinas " * 50)) <= 80


def test_write_bytes_replaces_whole_files_and_leaves_no_temporary(tmp_path):
    p = tmp_path / "a" / "r.pdf"
    write_bytes(p, b"one")
    write_bytes(p, b"two")
    assert p.read_bytes() == b"two"
    assert [x.name for x in p.parent.iterdir()] == ["r.pdf"]


def test_write_bytes_failure_names_the_file(tmp_path):
    (tmp_path / "f").write_text("a file, not a folder")
    with pytest.raises(OutputError, match=r"cannot write .*f[/\\]r\.pdf"):
        write_bytes(tmp_path / "f" / "r.pdf", b"x")


def test_a_second_run_is_refused_while_the_first_holds_the_lock(tmp_path):
    with RunLock(tmp_path), pytest.raises(OutputError, match="another report run is writing"):
        RunLock(tmp_path).__enter__()
    with RunLock(tmp_path):  # released on exit
        pass


def test_a_stale_lock_is_taken_over(tmp_path):
    import socket

    (tmp_path / ".kediri-report.lock").write_text(
        json.dumps({"pid": 2**22 + 12345, "host": socket.gethostname(), "started": "x"})
    )
    with RunLock(tmp_path) as lk:
        assert "stale lock" in lk.note
        assert json.loads((tmp_path / ".kediri-report.lock").read_text())["pid"] == os.getpid()


def test_latest_points_at_the_newest_run(tmp_path):
    for day in ("2026-11-01", "2026-11-02"):
        (tmp_path / day).mkdir()
        (tmp_path / day / "index.html").write_text(day)
        point_latest(tmp_path, tmp_path / day)
    assert (tmp_path / "latest" / "index.html").read_text() == "2026-11-02"

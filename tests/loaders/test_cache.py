"""The Parquet cache: warm equals cold, a changed file reloads only itself, corrupt entries
are discarded, KEDIRI_CACHE_DIR and no_cache are honoured."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

import kediri_analytics as ka
import kediri_analytics.dataset.parallel as dsmod  # where the files are read


@pytest.fixture()
def folder(demo_small, tmp_path):
    root, _ = demo_small
    dst = tmp_path / "data"
    shutil.copytree(root / "agency", dst / "agency")
    shutil.copytree(root / "merit", dst / "merit")
    return dst


@pytest.fixture()
def calls(monkeypatch):
    seen = []
    real = dsmod.load_files

    def spy(args):
        seen.extend(display for _, display, _ in args)
        return real(args)

    monkeypatch.setattr(dsmod, "load_files", spy)
    return seen


def _same(a, b):
    for t in a.tables:
        pd.testing.assert_frame_equal(a.tables[t], b.tables[t], check_dtype=True)
    pd.testing.assert_frame_equal(a.files, b.files)
    pd.testing.assert_frame_equal(a.problems, b.problems)


def test_warm_load_equals_cold_and_reads_nothing(folder, tmp_path, calls):
    cache = tmp_path / "cache"
    cold = ka.load_folder(folder, cache_dir=cache, jobs=1)
    n = len(calls)
    assert n == 17  # agency/ (11 files) and merit/ (6)
    warm = ka.load_folder(folder, cache_dir=cache, jobs=1)
    assert len(calls) == n
    _same(cold, warm)


def test_changed_file_reloads_only_itself(folder, tmp_path, calls):
    cache = tmp_path / "cache"
    ka.load_folder(folder, cache_dir=cache, jobs=1)
    calls.clear()
    target = folder / "merit" / "Penilaian_Mandiri_Sistem_Merit_2024.xlsx"
    other = folder / "merit" / "Penilaian_Mandiri_Sistem_Merit_2023.xlsx"
    shutil.copyfile(other, target)  # new content under the old name
    ds = ka.load_folder(folder, cache_dir=cache, jobs=1)
    assert calls == []  # that content was cached already (as the 2023 file)
    err = ds.files.set_index("path").loc["merit/Penilaian_Mandiri_Sistem_Merit_2024.xlsx", "error"]
    assert err == "same content as merit/Penilaian_Mandiri_Sistem_Merit_2023.xlsx; loaded once"
    target.write_bytes(target.read_bytes() + b"")
    (folder / "agency" / "baru.csv").write_text("NIP;NAMA PELATIHAN;JUMLAH JP\n", "utf-8")
    ka.load_folder(folder, cache_dir=cache, jobs=1)
    assert calls == ["agency/baru.csv"]


def test_corrupt_entry_is_discarded(folder, tmp_path, calls):
    cache = tmp_path / "cache"
    cold = ka.load_folder(folder, cache_dir=cache, jobs=1)
    for p in cache.rglob("*.parquet"):
        p.write_bytes(b"not parquet")
    calls.clear()
    again = ka.load_folder(folder, cache_dir=cache, jobs=1)
    assert len(calls) == 17  # every entry was damaged: all files read again
    _same(cold, again)


def test_env_dir_and_no_cache(folder, tmp_path, monkeypatch, calls):
    monkeypatch.setenv("KEDIRI_CACHE_DIR", str(tmp_path / "envcache"))
    ka.load_folder(folder, jobs=1)
    assert any((tmp_path / "envcache").rglob("meta.json"))
    calls.clear()
    ds = ka.load_folder(folder, no_cache=True, jobs=1)
    assert len(calls) == 17 and ds.cache_root is None


def test_parallel_load_equals_serial(folder, tmp_path):
    a = ka.load_folder(folder, no_cache=True, jobs=1)
    b = ka.load_folder(folder, no_cache=True, jobs=2)
    _same(a, b)


def test_warm_load_of_selected_tables_and_columns(folder, tmp_path):
    cache = tmp_path / "cache"
    ka.load_folder(folder, cache_dir=cache, jobs=1)
    ds = ka.load_folder(
        folder,
        cache_dir=cache,
        tables=["requirements"],
        columns={"requirements": ["jabatan", "min_education"]},
    )
    assert list(ds.requirements.columns) == ["jabatan", "min_education"]
    assert len(ds.requirements) > 0 and len(ds.merit_assessment) == 0
    assert ds.requirements["min_education"].cat.ordered

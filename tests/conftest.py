"""Shared fixtures: demo data sets generated once per test session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kediri_analytics.demo.generate import generate


@pytest.fixture(scope="session")
def demo_small(tmp_path_factory) -> tuple[Path, dict]:
    """A small world (scale 0.1: ~550 ASN in 8 OPD) and its manifest."""
    out = tmp_path_factory.mktemp("demo") / "small"
    return out, generate(out, seed=7, scale=0.1, jobs=1)


@pytest.fixture(scope="session")
def demo_city(tmp_path_factory) -> tuple[Path, dict]:
    """The full demo city at scale 1.0 (what `make demo-data` writes)."""
    out = tmp_path_factory.mktemp("demo") / "city"
    generate(out, seed=2024, scale=1.0)
    return out, json.loads((out / "MANIFEST.json").read_text(encoding="utf-8"))

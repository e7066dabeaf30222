"""Vocabulary of the demo world (OPDs, units, jobs, education, names), read from demo/data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd
import yaml

#: who wrote a demo folder, and the name of its truth file
GENERATOR = "kediri-analytics demo-data"
MANIFEST = "MANIFEST.json"

#: PNS golongan/ruang in order (SIASN ids 11-14, 21-24, 31-34, 41-45).
GOLONGAN = [
    f"{g}/{r}"
    for g, rs in (("I", "abcd"), ("II", "abcd"), ("III", "abcd"), ("IV", "abcde"))
    for r in rs
]
GOLONGAN_ID = [
    int(g) * 10 + i + 1
    for g, rs in (("1", "abcd"), ("2", "abcd"), ("3", "abcd"), ("4", "abcde"))
    for i, _ in enumerate(rs)
]


def gol_index(label: str) -> int:
    """Position of a PNS golongan label in :data:`GOLONGAN`."""
    return GOLONGAN.index(label)


@dataclass(frozen=True)
class Catalog:
    """All vocabulary tables the world is built from."""

    opd: pd.DataFrame
    units: pd.DataFrame
    jobs: pd.DataFrame
    job_mix: pd.DataFrame
    education: pd.DataFrame
    education_mix: pd.DataFrame
    fields: pd.DataFrame
    names: dict
    merit_2018: pd.DataFrame
    awards: dict


def _csv(name: str, **kw) -> pd.DataFrame:
    with resources.files(__package__).joinpath("data", name).open("r", encoding="utf-8") as f:
        return pd.read_csv(f, keep_default_na=False, **kw)


def _yaml(name: str) -> dict:
    with resources.files(__package__).joinpath("data", name).open("r", encoding="utf-8") as f:
        return yaml.safe_load(f)


@cache
def load_catalog() -> Catalog:
    """Read the demo vocabulary once per process."""
    education = _csv("education.csv", dtype={"id": str})
    education["id"] = education["id"].astype(int)
    education_mix = _csv("education_mix.csv", dtype=str).astype(
        {"min_edu": int, "edu": int, "weight": float}
    )
    return Catalog(
        opd=_csv("opd.csv"),
        units=_csv("units.csv"),
        jobs=_csv("jobs.csv"),
        job_mix=_csv("job_mix.csv"),
        education=education,
        education_mix=education_mix,
        fields=_csv("fields.csv"),
        names=_yaml("names.yaml"),
        merit_2018=_csv("merit_2018.csv", dtype={"sub_no": str}),
        awards=_yaml("awards.yaml"),
    )

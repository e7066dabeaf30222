"""Rules as data: each rule set is one YAML file here with its source and years of validity.

An agency overrides any file by putting its own copy (same name) in a folder and pointing the
environment variable ``KEDIRI_RULES_DIR`` (or a ``rules_dir`` argument) at it.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import yaml

PACKAGE_DIR = Path(__file__).parent
REQUIRED_KEYS = ("source", "valid_from", "valid_to")


class RuleError(ValueError):
    """A rule file is missing or malformed; the message names the file and the key."""


def rule_path(name: str, rules_dir: str | os.PathLike | None = None) -> Path:
    """The file that holds rule set ``name``: the override folder's copy if it has one."""
    folder = rules_dir or os.environ.get("KEDIRI_RULES_DIR")
    if folder:
        p = Path(folder) / f"{name}.yaml"
        if p.is_file():
            return p
    p = PACKAGE_DIR / f"{name}.yaml"
    if not p.is_file():
        raise RuleError(f"no rule set named {name!r} (looked for {p})")
    return p


def fingerprint(rules_dir: str | os.PathLike | None = None) -> str:
    """A hash of the rule files in force (the package's, or an override folder's copies):
    a result cached under it is recomputed when any rule changes."""
    import hashlib

    h = hashlib.sha256()
    for p in sorted(PACKAGE_DIR.glob("*.yaml")):
        q = rule_path(p.stem, rules_dir)
        h.update(p.stem.encode())
        h.update(q.read_bytes())
    return h.hexdigest()[:16]


def load(name: str, rules_dir: str | os.PathLike | None = None) -> dict:
    """Read and check rule set ``name`` (a dict with at least source, valid_from, valid_to)."""
    p = rule_path(name, rules_dir)
    return _load(str(p), p.stat().st_mtime_ns)


@lru_cache(maxsize=64)
def _load(path: str, _mtime: int) -> dict:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise RuleError(f"{path}: cannot read the rule file: {e}") from e
    if not isinstance(data, dict):
        raise RuleError(f"{path}: expected a mapping of keys at the top level")
    for key in REQUIRED_KEYS:
        if key not in data:
            raise RuleError(f"{path}: missing key {key!r} (every rule file states it)")
    if not isinstance(data["source"], str) or not data["source"].strip():
        raise RuleError(f"{path}: key 'source' should name the regulation, article or dataset")
    marked = data.get("assumptions", [])
    if not isinstance(marked, list) or not all(
        isinstance(a, dict) and isinstance(a.get("key"), str) and isinstance(a.get("why"), str)
        for a in marked
    ):
        raise RuleError(
            f"{path}: key 'assumptions' should be a list of {{key, why}} (the values "
            "chosen by the agency, not taken from a source)"
        )
    return data


def assumptions(rules_dir=None) -> list[dict]:
    """Every value the rule files mark as the agency's own choice (``assumptions:``): one dict
    per entry with the rule file's name, the key and why."""
    out = []
    for p in sorted(PACKAGE_DIR.glob("*.yaml")):
        for a in load(p.stem, rules_dir).get("assumptions", []):
            out.append({"rule": p.stem, "key": a["key"], "why": a["why"]})
    return out


# --------------------------------------------------------------------------- checks


def need(data: dict, key: str, name: str, kind: type | tuple = object):
    """``data[key]``, or a RuleError naming the rule file and the key."""
    if not isinstance(data, dict) or key not in data:
        raise RuleError(f"{rule_path(name)}: missing key {key!r}")
    v = data[key]
    if not isinstance(v, kind):
        raise RuleError(f"{rule_path(name)}: key {key!r} should be {kind}, got {type(v).__name__}")
    return v


def check_year(name: str, year: int, data: dict | None = None) -> None:
    """Raise a RuleError when ``year`` is outside the rule file's years of validity."""
    d = data or load(name)
    lo, hi = d.get("valid_from"), d.get("valid_to")
    if (lo is not None and year < lo) or (hi is not None and year > hi):
        raise RuleError(
            f"{rule_path(name)}: no rule in force for {year} (valid {lo}-{hi or 'now'}); "
            "add or extend a rule set for that year"
        )


def _bands(name: str, bands) -> list[tuple[float, str]]:
    if not isinstance(bands, list) or not bands:
        raise RuleError(f"{rule_path(name)}: bands should be a non-empty list of {{min, label}}")
    out = []
    for b in bands:
        if not isinstance(b, dict) or "min" not in b or "label" not in b:
            raise RuleError(f"{rule_path(name)}: each band needs 'min' and 'label', got {b!r}")
        out.append((float(b["min"]), str(b["label"])))
    return sorted(out, reverse=True)


def band(value: float, bands: list[tuple[float, str]]) -> str | None:
    """The label of the first band (highest first) whose lower bound ``value`` reaches."""
    if value is None or value != value:
        return None
    for lo, label in bands:
        if value >= lo:
            return label
    return None


def bands_of(values, bands: list[tuple[float, str]]):
    """Vectorised :func:`band`: an ordered categorical Series of labels, lowest band first
    (missing where the value is missing or below every band). Categories, not text: the
    labels of millions of rows cost one small code each."""
    import numpy as np
    import pandas as pd

    s = values if isinstance(values, pd.Series) else pd.Series(values)
    v = pd.to_numeric(s, errors="coerce").astype(float).to_numpy()
    asc = bands[::-1]
    labels = list(dict.fromkeys(label for _, label in asc))
    to_cat = np.array([labels.index(label) for _, label in asc])
    pos = np.searchsorted(np.array([lo for lo, _ in asc]), v, side="right") - 1
    codes = np.where(np.isnan(v) | (pos < 0), -1, to_cat[pos.clip(0)])
    cat = pd.Categorical.from_codes(codes, categories=labels, ordered=True)
    return pd.Series(cat, index=s.index)


# --------------------------------------------------------------------------- the rule API


def predikat(hasil_kerja: str, perilaku_kerja: str, rules_dir=None) -> str:
    """Predikat from the two ratings (PermenPANRB 6/2022 matrix).

    >>> predikat("Di Atas Ekspektasi", "Sesuai Ekspektasi")
    'Baik'
    """
    from ..loaders.normalize import key

    m = need(load("predikat_matrix", rules_dir), "matrix", "predikat_matrix", dict)
    # the spellings the loaders accept: "DIATAS EKSPEKTASI", "Dibawah Espektasi", ...
    canon = {key(r): r for r in m}
    try:
        return m[canon[key(hasil_kerja)]][canon[key(perilaku_kerja)]]
    except KeyError:
        raise ValueError(
            f"unknown rating {hasil_kerja!r} / {perilaku_kerja!r}; expected one of {list(m)}"
        ) from None


def predikat_of(hasil_kerja, perilaku_kerja, rules_dir=None):
    """Vectorised :func:`predikat` over two Series of canonical ratings: the predikat (text
    Series), missing where either rating is missing."""
    import pandas as pd

    m = need(load("predikat_matrix", rules_dir), "matrix", "predikat_matrix", dict)
    flat = pd.Series({(h, p): v for h, row in m.items() for p, v in row.items()})
    pairs = pd.MultiIndex.from_arrays([hasil_kerja.astype(object), perilaku_kerja.astype(object)])
    return pd.Series(flat.reindex(pairs).to_numpy(), index=hasil_kerja.index, dtype=object)


def merit_framework(year: int, rules_dir=None) -> dict:
    """The merit framework in force in ``year`` (KASN 2018 up to 2025, PermenPANRB 19/2025 on)."""
    d = load("merit_frameworks", rules_dir)
    for f in need(d, "frameworks", "merit_frameworks", list):
        lo, hi = f.get("valid_from"), f.get("valid_to")
        if (lo is None or year >= lo) and (hi is None or year <= hi):
            return f
    raise RuleError(f"{rule_path('merit_frameworks', rules_dir)}: no framework for {year}")


def merit_band(score: float, year: int = 2024, rules_dir=None) -> tuple[float | None, str | None]:
    """(index to 3 decimals, band label as KASN writes it) for a merit score.

    A framework whose ``score_range`` and ``bands`` are not yet entered (``null``, as
    PermenPANRB 19/2025's from 2026) gives ``(None, None)``: no index, no band, never a
    placeholder. A framework without those keys at all is a malformed rule file.

    >>> merit_band(254.4)
    (0.636, 'Baik')
    """
    f = merit_framework(year, rules_dir)
    for key in ("score_range", "bands"):
        if key not in f:
            raise RuleError(
                f"{rule_path('merit_frameworks', rules_dir)}: framework "
                f"{f.get('name')!r} lacks key {key!r} (null when not published)"
            )
    if f["score_range"] is None or f["bands"] is None:
        return None, None
    lo, hi = f["score_range"]
    if not lo <= score <= hi:
        raise ValueError(f"merit score {score} outside {lo}-{hi}")
    return round(score / hi, 3), band(score, _bands("merit_frameworks", f["bands"]))


def jpm_category(jpm: float, scale: str = "pemetaan", rules_dir=None) -> str:
    """JPM category on the mapping (``pemetaan``) or selection (``seleksi``) scale.

    >>> jpm_category(85.0, scale="pemetaan")
    'Cukup Optimal'
    """
    scales = need(load("jpm", rules_dir), "scales", "jpm", dict)
    if scale not in scales:
        raise ValueError(f"unknown JPM scale {scale!r}; expected one of {list(scales)}")
    if jpm is None or jpm != jpm or jpm < 0:
        raise ValueError(f"JPM must be a number >= 0, got {jpm!r}")
    return band(float(jpm), _bands("jpm", scales[scale]))


def potensi_level(score: float, rules_dir=None) -> str:
    """The potensi level (Rendah, Menengah, Tinggi) of an assessment score, by the cut-offs in
    ``nine_box.yaml`` (``potensi_bands``)."""
    d = load("nine_box", rules_dir)
    return band(float(score), _bands("nine_box", need(d, "potensi_bands", "nine_box", list)))


def nine_box(kinerja: str, potensi, rules_dir=None) -> int:
    """Box 1-9 for a kinerja rating (or an annual predikat) and a potensi level (or score).

    >>> nine_box("Di Atas Ekspektasi", "Tinggi")
    9
    """
    d = load("nine_box", rules_dir)
    layout = need(d, "layout", "nine_box", dict)
    k = d.get("kinerja_from_predikat", {}).get(kinerja, kinerja)
    p = potensi_level(potensi, rules_dir) if isinstance(potensi, (int, float)) else potensi
    try:
        return int(layout[p][k])
    except KeyError:
        raise ValueError(f"unknown kinerja {kinerja!r} or potensi {potensi!r}") from None


def ip_asn_category(score: float, rules_dir=None) -> str:
    """IP ASN category for a score 0-100 (Sangat Tinggi 91-100 ... Sangat Rendah <= 60)."""
    if score is None or score != score or not 0 <= score <= 100:
        raise ValueError(f"IP ASN score must be 0-100, got {score!r}")
    d = load("ip_asn", rules_dir)
    return band(float(score), _bands("ip_asn", need(d, "categories", "ip_asn", list)))


def ip_asn_categories(scores, rules_dir=None):
    """Vectorised :func:`ip_asn_category`: an ordered categorical Series (missing stays
    missing); a score outside 0-100 raises."""
    import pandas as pd

    v = pd.to_numeric(pd.Series(scores), errors="coerce")
    if ((v < 0) | (v > 100)).any():
        raise ValueError(f"IP ASN scores must be 0-100, got {sorted(v[(v < 0) | (v > 100)])}")
    d = load("ip_asn", rules_dir)
    return bands_of(v, _bands("ip_asn", need(d, "categories", "ip_asn", list)))


def legacy_band(nilai: float, regime: str, rules_dir=None) -> str:
    """Band name of a numeric SKP result under PP 46/2011 or PP 30/2019."""
    regimes = need(load("legacy_bands", rules_dir), "regimes", "legacy_bands", dict)
    if regime not in regimes:
        raise ValueError(f"unknown regime {regime!r}; expected one of {list(regimes)}")
    return band(float(nilai), _bands("legacy_bands", regimes[regime]["bands"]))


def legacy_bridge(sebutan: str, rules_dir=None) -> str:
    """The predikat a legacy band is shown as in multi-year trends (the documented bridge)."""
    b = need(load("legacy_bands", rules_dir), "bridge", "legacy_bands", dict)
    if sebutan not in b:
        raise ValueError(f"unknown legacy band {sebutan!r}; expected one of {list(b)}")
    return b[sebutan]


# --------------------------------------------------------------------------- display


def table(name: str, key: str | None = None, rules_dir=None):
    """One part of rule file ``name`` as a DataFrame, to read or show in a notebook (it
    displays styled, with the file and its source in the caption).

    ``key`` is a top-level key of the file ("matrix", "education_points", "scales"); None
    takes the first one holding a list or mapping. Mappings of mappings become a grid (the
    predikat matrix, the 9-box layout), mappings of values a two-column table, lists of
    mappings one row each, and mappings of such lists one table with the key in front.
    """
    import pandas as pd

    d = load(name, rules_dir)
    parts = [k for k, v in d.items() if k not in REQUIRED_KEYS and isinstance(v, (dict, list))]
    if key is None:
        if not parts:
            raise RuleError(f"{rule_path(name, rules_dir)}: no table in this rule file")
        key = parts[0]
    if key not in parts:
        raise RuleError(
            f"{rule_path(name, rules_dir)}: no table {key!r}; tables: {', '.join(parts)}"
        )
    v = d[key]
    if isinstance(v, list):
        df = pd.DataFrame(v) if all(isinstance(x, dict) for x in v) else pd.DataFrame({key: v})
    elif all(isinstance(x, dict) for x in v.values()):
        df = pd.DataFrame.from_dict(v, orient="index")
        df.index.name = key
        df = df.reset_index()
    elif all(isinstance(x, list) and all(isinstance(y, dict) for y in x) for x in v.values()):
        df = pd.concat(
            [pd.DataFrame(x).assign(**{key: k}) for k, x in v.items()], ignore_index=True
        )
        df = df[[key, *[c for c in df.columns if c != key]]]
    else:
        df = pd.DataFrame({key: list(v.keys()), "value": list(v.values())})
    from ..present.display import TAG, ensure

    df.attrs.update({TAG: "rule", "rule": name, "key": key, "source": d["source"]})
    ensure()
    return df

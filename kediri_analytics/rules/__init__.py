"""Rules as data: each rule set is one YAML file here with its source and years of validity.

An agency overrides any file by putting its own copy (same name) in a folder and pointing the
environment variable ``KEDIRI_RULES_DIR`` (or a ``rules_dir`` argument) at it.
"""

from __future__ import annotations

from ..core import TAG
from . import shapes
from .labels import key as label_key

# the public names of the rules layer (`from kediri_analytics import rules; rules.load(...)`)
from .store import (
    PACKAGE_DIR,
    REQUIRED_KEYS,
    RuleError,
    assumptions,
    check_year,
    fingerprint,
    load,
    read,
    rule_path,
)


def cutoffs(bands: list[shapes.Band]) -> list[tuple[float, str]]:
    """A rule file's bands as (lower bound, label), highest first: what :func:`band` and
    :func:`bands_of` take (``rules.cutoffs(rules.jpm().scales["pemetaan"])``)."""
    return sorted(((float(b.min), b.label) for b in bands), reverse=True)


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


# --------------------------------------------------------------------------- one accessor per file
# rules.<file>(rules_dir=None): the file in force (the override folder's copy if it has one),
# checked against its shape in shapes.py and typed by it


def asn_award(rules_dir=None) -> shapes.AsnAward:
    """``asn_award.yaml`` as :class:`.shapes.AsnAward`."""
    return read("asn_award", rules_dir)


def bkn_award(rules_dir=None) -> shapes.BknAward:
    """``bkn_award.yaml`` as :class:`.shapes.BknAward`."""
    return read("bkn_award", rules_dir)


def headers(rules_dir=None) -> shapes.Headers:
    """``headers.yaml`` as :class:`.shapes.Headers`."""
    return read("headers", rules_dir)


def ip_asn(rules_dir=None) -> shapes.IpAsn:
    """``ip_asn.yaml`` as :class:`.shapes.IpAsn`."""
    return read("ip_asn", rules_dir)


def jpm(rules_dir=None) -> shapes.Jpm:
    """``jpm.yaml`` as :class:`.shapes.Jpm`."""
    return read("jpm", rules_dir)


def labels_education(rules_dir=None) -> shapes.LabelsEducation:
    """``labels_education.yaml`` as :class:`.shapes.LabelsEducation`."""
    return read("labels_education", rules_dir)


def labels_golongan(rules_dir=None) -> shapes.LabelsGolongan:
    """``labels_golongan.yaml`` as :class:`.shapes.LabelsGolongan`."""
    return read("labels_golongan", rules_dir)


def labels_jabatan(rules_dir=None) -> shapes.LabelsJabatan:
    """``labels_jabatan.yaml`` as :class:`.shapes.LabelsJabatan`."""
    return read("labels_jabatan", rules_dir)


def labels_jenjang(rules_dir=None) -> shapes.LabelsJenjang:
    """``labels_jenjang.yaml`` as :class:`.shapes.LabelsJenjang`."""
    return read("labels_jenjang", rules_dir)


def labels_kedudukan(rules_dir=None) -> shapes.LabelsKedudukan:
    """``labels_kedudukan.yaml`` as :class:`.shapes.LabelsKedudukan`."""
    return read("labels_kedudukan", rules_dir)


def labels_kompetensi(rules_dir=None) -> shapes.LabelsKompetensi:
    """``labels_kompetensi.yaml`` as :class:`.shapes.LabelsKompetensi`."""
    return read("labels_kompetensi", rules_dir)


def labels_legacy(rules_dir=None) -> shapes.LabelsLegacy:
    """``labels_legacy.yaml`` as :class:`.shapes.LabelsLegacy`."""
    return read("labels_legacy", rules_dir)


def labels_predikat(rules_dir=None) -> shapes.LabelsPredikat:
    """``labels_predikat.yaml`` as :class:`.shapes.LabelsPredikat`."""
    return read("labels_predikat", rules_dir)


def legacy_bands(rules_dir=None) -> shapes.LegacyBands:
    """``legacy_bands.yaml`` as :class:`.shapes.LegacyBands`."""
    return read("legacy_bands", rules_dir)


def merit_frameworks(rules_dir=None) -> shapes.MeritFrameworks:
    """``merit_frameworks.yaml`` as :class:`.shapes.MeritFrameworks`."""
    return read("merit_frameworks", rules_dir)


def merit_reference(rules_dir=None) -> shapes.MeritReference:
    """``merit_reference.yaml`` as :class:`.shapes.MeritReference`."""
    return read("merit_reference", rules_dir)


def nine_box(rules_dir=None) -> shapes.NineBox:
    """``nine_box.yaml`` as :class:`.shapes.NineBox`."""
    return read("nine_box", rules_dir)


def opd_renames(rules_dir=None) -> shapes.OpdRenames:
    """``opd_renames.yaml`` as :class:`.shapes.OpdRenames`."""
    return read("opd_renames", rules_dir)


def predikat_matrix(rules_dir=None) -> shapes.PredikatMatrix:
    """``predikat_matrix.yaml`` as :class:`.shapes.PredikatMatrix`."""
    return read("predikat_matrix", rules_dir)


def predikat_quota(rules_dir=None) -> shapes.PredikatQuota:
    """``predikat_quota.yaml`` as :class:`.shapes.PredikatQuota`."""
    return read("predikat_quota", rules_dir)


# --------------------------------------------------------------------------- the rule API


def predikat(hasil_kerja: str, perilaku_kerja: str, rules_dir=None) -> str:
    """Predikat from the two ratings (PermenPANRB 6/2022 matrix).

    >>> predikat("Di Atas Ekspektasi", "Sesuai Ekspektasi")
    'Baik'
    """
    m = predikat_matrix(rules_dir).matrix
    # the spellings the loaders accept: "DIATAS EKSPEKTASI", "Dibawah Espektasi", ...
    canon = {label_key(r): r for r in m}
    try:
        return m[canon[label_key(hasil_kerja)]][canon[label_key(perilaku_kerja)]]
    except KeyError:
        raise ValueError(
            f"unknown rating {hasil_kerja!r} / {perilaku_kerja!r}; expected one of {list(m)}"
        ) from None


def predikat_of(hasil_kerja, perilaku_kerja, rules_dir=None):
    """Vectorised :func:`predikat` over two Series of canonical ratings: the predikat (text
    Series), missing where either rating is missing."""
    import pandas as pd

    m = predikat_matrix(rules_dir).matrix
    flat = pd.Series({(h, p): v for h, row in m.items() for p, v in row.items()})
    pairs = pd.MultiIndex.from_arrays([hasil_kerja.astype(object), perilaku_kerja.astype(object)])
    return pd.Series(flat.reindex(pairs).to_numpy(), index=hasil_kerja.index, dtype=object)


def merit_framework(year: int, rules_dir=None) -> shapes.MeritFramework:
    """The merit framework in force in ``year`` (KASN 2018 up to 2025, PermenPANRB 19/2025 on)."""
    for f in merit_frameworks(rules_dir).frameworks:
        if year >= f.valid_from and (f.valid_to is None or year <= f.valid_to):
            return f
    raise RuleError(f"{rule_path('merit_frameworks', rules_dir)}: no framework for {year}")


def merit_band(score: float, year: int = 2024, rules_dir=None) -> tuple[float | None, str | None]:
    """(index to 3 decimals, band label as KASN writes it) for a merit score.

    A framework whose ``score_range`` and ``bands`` are not yet entered (``null``, as
    PermenPANRB 19/2025's from 2026) gives ``(None, None)``: no index, no band, never a
    placeholder.

    >>> merit_band(254.4)
    (0.636, 'Baik')
    """
    f = merit_framework(year, rules_dir)
    if f.score_range is None or f.bands is None:
        return None, None
    lo, hi = f.score_range
    if not lo <= score <= hi:
        raise ValueError(f"merit score {score} outside {lo}-{hi}")
    return round(score / hi, 3), band(score, cutoffs(f.bands))


def jpm_category(jpm: float, scale: str = "pemetaan", rules_dir=None) -> str:
    """JPM category on the mapping (``pemetaan``) or selection (``seleksi``) scale.

    >>> jpm_category(85.0, scale="pemetaan")
    'Cukup Optimal'
    """
    scales = read("jpm", rules_dir).scales
    if scale not in scales:
        raise ValueError(f"unknown JPM scale {scale!r}; expected one of {list(scales)}")
    if jpm is None or jpm != jpm or jpm < 0:
        raise ValueError(f"JPM must be a number >= 0, got {jpm!r}")
    return band(float(jpm), cutoffs(scales[scale]))


def potensi_level(score: float, rules_dir=None) -> str:
    """The potensi level (Rendah, Menengah, Tinggi) of an assessment score, by the cut-offs in
    ``nine_box.yaml`` (``potensi_bands``)."""
    return band(float(score), cutoffs(nine_box(rules_dir).potensi_bands))


def box_of(kinerja: str, potensi, rules_dir=None) -> int:
    """Box 1-9 for a kinerja rating (or an annual predikat) and a potensi level (or score).

    >>> box_of("Di Atas Ekspektasi", "Tinggi")
    9
    """
    d = nine_box(rules_dir)
    layout = d.layout
    k = d.kinerja_from_predikat.get(kinerja, kinerja)
    p = potensi_level(potensi, rules_dir) if isinstance(potensi, (int, float)) else potensi
    try:
        return int(layout[p][k])
    except KeyError:
        raise ValueError(f"unknown kinerja {kinerja!r} or potensi {potensi!r}") from None


def ip_asn_category(score: float, rules_dir=None) -> str:
    """IP ASN category for a score 0-100 (Sangat Tinggi 91-100 ... Sangat Rendah <= 60)."""
    if score is None or score != score or not 0 <= score <= 100:
        raise ValueError(f"IP ASN score must be 0-100, got {score!r}")
    return band(float(score), cutoffs(ip_asn(rules_dir).categories))


def ip_asn_categories(scores, rules_dir=None):
    """Vectorised :func:`ip_asn_category`: an ordered categorical Series (missing stays
    missing); a score outside 0-100 raises."""
    import pandas as pd

    v = pd.to_numeric(pd.Series(scores), errors="coerce")
    if ((v < 0) | (v > 100)).any():
        raise ValueError(f"IP ASN scores must be 0-100, got {sorted(v[(v < 0) | (v > 100)])}")
    return bands_of(v, cutoffs(ip_asn(rules_dir).categories))


def legacy_band(nilai: float, regime: str, rules_dir=None) -> str:
    """Band name of a numeric SKP result under PP 46/2011 or PP 30/2019."""
    regimes = legacy_bands(rules_dir).regimes
    if regime not in regimes:
        raise ValueError(f"unknown regime {regime!r}; expected one of {list(regimes)}")
    return band(float(nilai), cutoffs(regimes[regime].bands))


def legacy_bridge(sebutan: str, rules_dir=None) -> str:
    """The predikat a legacy band is shown as in multi-year trends (the documented bridge)."""
    b = legacy_bands(rules_dir).bridge
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
    df.attrs.update({TAG: "rule", "rule": name, "key": key, "source": d["source"]})
    return df


__all__ = [
    "PACKAGE_DIR",
    "REQUIRED_KEYS",
    "RuleError",
    "asn_award",
    "assumptions",
    "band",
    "bands_of",
    "bkn_award",
    "box_of",
    "check_year",
    "cutoffs",
    "fingerprint",
    "headers",
    "ip_asn",
    "ip_asn_categories",
    "ip_asn_category",
    "jpm",
    "jpm_category",
    "labels_education",
    "labels_golongan",
    "labels_jabatan",
    "labels_jenjang",
    "labels_kedudukan",
    "labels_kompetensi",
    "labels_legacy",
    "labels_predikat",
    "legacy_band",
    "legacy_bands",
    "legacy_bridge",
    "load",
    "merit_band",
    "merit_framework",
    "merit_frameworks",
    "merit_reference",
    "nine_box",
    "opd_renames",
    "potensi_level",
    "predikat",
    "predikat_matrix",
    "predikat_of",
    "predikat_quota",
    "read",
    "rule_path",
    "shapes",
    "table",
]

"""The label vocabularies (``labels_*.yaml``): the canonical labels of predikat, golongan,
education, jabatan and kedudukan hukum, and the spellings exports use for them.

The loaders map export cells onto these labels, the schemas declare them as categories and the
metrics order by them; they live here, below all three.
"""

from __future__ import annotations

import re

from . import shapes
from .store import read

#: "ekspektasi" as exports misspell it: "Espektasi" (SIASN), "Ekspetasi", "Ekpektasi"
EKSPEKTASI = re.compile(r"e(?:sp|ksp|kp|ksep|ksp)?e[ck]?tasi")


def key(v) -> str:
    """The comparison key of a label: lower case, letters and digits only, "ekspektasi"
    however an export misspells it (the loaders' ``label_key`` does the same for a column)."""
    k = re.sub(r"[^0-9a-z]+", "", str(v).lower())
    return EKSPEKTASI.sub("ekspektasi", k)


def predikat_vocab(rules_dir=None) -> tuple[dict, list[str], list[str], list[str]]:
    """(spellings, ratings, predikat labels, not-rated cells) from the predikat rule file."""
    r = read("labels_predikat", rules_dir)
    spell = {key(k): v for k, v in r.spellings.items()}
    return spell, list(r.ratings), list(r.predikat), [str(x) for x in r.not_rated]


def golongan_vocab(rules_dir=None) -> list[str]:
    """The golongan labels in order, from ``labels_golongan.yaml``."""
    r = read("labels_golongan", rules_dir)
    return list(r.pns) + list(r.pppk)


def education_vocab(rules_dir=None) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """(ordered labels, id -> label, alias key -> label)."""
    levels = read("labels_education", rules_dir).levels
    labels = [lv.label for lv in levels]
    by_id = {str(lv.id).zfill(2): lv.label for lv in levels}
    alias = {key(a): lv.label for lv in levels for a in [lv.label, *lv.aliases]}
    return labels, by_id, alias


def jabatan_vocab(rules_dir=None) -> shapes.LabelsJabatan:
    """The position types (jenis jabatan) and their spellings, from ``labels_jabatan.yaml``."""
    return read("labels_jabatan", rules_dir)


def kedudukan_vocab(rules_dir=None) -> tuple[list[str], dict[str, str], set[str]]:
    """(labels, spelling key -> label, labels expected to report an SKP) from
    ``labels_kedudukan.yaml``."""
    statuses = read("labels_kedudukan", rules_dir).statuses
    labels = [st.label for st in statuses]
    alias = {key(a): st.label for st in statuses for a in [st.label, *st.aliases]}
    return labels, alias, {st.label for st in statuses if st.expected}

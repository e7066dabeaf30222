"""The declared shape of every rule file: its keys, what each holds, which may be left out.

Each rule file (``rules/<name>.yaml``, or an agency's copy in the override folder) is checked
against its shape when it loads (:func:`kediri_analytics.rules.load`); a misspelt key, a
missing one or a value of the wrong kind is a :class:`~kediri_analytics.rules.RuleError`
naming the file and the key (``jpm.yaml: scales.pemetaan[0].min: ...``). The typed accessors
(``rules.jpm()``, ``rules.asn_award()``, ...) return these objects, so the code reads
``rules.jpm().training_jp_per_year`` instead of checking a raw dict.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

#: a number as the file writes it: 20 stays the integer 20, 0.7 the float 0.7 (so a value a
#: report prints reads as in the rule file)
Number = int | float


class Shape(BaseModel):
    """Every part of a rule file: no key outside the declaration (a typo is an error)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Assumption(Shape):
    """A value the agency chose itself, with why (listed in docs/rules.md)."""

    key: str
    why: str


class RuleFile(Shape):
    """What every rule file states: its source and years of validity (``null``: open)."""

    source: str = Field(min_length=1)
    valid_from: int | None
    valid_to: int | None
    assumptions: list[Assumption] = []


class Band(Shape):
    """A band of a score: from ``min`` (inclusive) up to the next band's ``min``."""

    min: Number
    label: str


Bands = list[Band]
Words = list[str]

# --------------------------------------------------------------------------- awards


class TieBreak(Shape):
    """``asn_award.yaml`` tie_break: one column to rank candidates by."""

    column: str
    ascending: bool


class Berkinerja(Shape):
    """``asn_award.yaml`` berkinerja: the data category's rule."""

    last_completed_offset: int = Field(ge=0)
    predikat_years: int = Field(ge=1)
    predikat: Words
    min_training_jp: Number = Field(ge=0)
    needs_jpm: bool


class AsnAward(RuleFile):
    """The city's ASN Award: categories, the cap per OPD, the data-driven category's rule."""

    categories: Words = Field(min_length=1)
    max_per_opd: int = Field(ge=1)
    from_data: str
    berkinerja: Berkinerja
    exclude_discipline_years: int = Field(ge=0)
    require_recommendation: bool
    tie_break: list[TieBreak] = Field(min_length=1)
    #: how an OPD's places go round the categories (the only rule implemented)
    across_categories: Literal["round_robin"]


class Criterion(Shape):
    """``bkn_award.yaml`` criteria: one measured criterion of a theme."""

    metric: str
    op: Literal[">=", "<="] = ">="
    threshold: Number
    weight: Number = Field(default=1, ge=0)
    label: str


class ReadinessBands(Shape):
    """``bkn_award.yaml`` readiness_bands: the score shares for Siap and Hampir siap."""

    ready: Number = Field(ge=0, le=1)
    nearly: Number = Field(ge=0, le=1)


class BknAward(RuleFile):
    """``bkn_award.yaml``: categories per award year, criteria per theme, readiness bands."""

    categories: dict[int, Words]
    complete_year_min_rated_share: Number = Field(ge=0, le=1)
    readiness_bands: ReadinessBands
    criteria: dict[str, list[Criterion]]
    themes_of: dict[str, Words]


# --------------------------------------------------------------------------- header vocabulary


class HeaderWords(Shape):
    """The header vocabulary's parts; an agency's ``headers.yaml`` holds any of them (its
    names are added to the shipped ones)."""

    generic_words: Words = []
    section_words: Words = []
    value_words: Words = []
    abbreviations: dict[str, str] = {}
    common: dict[str, Words] = {}
    kinds: dict[str, dict[str, Words]] = {}
    keywords: dict[str, dict[str, Words]] = {}
    competency_words: dict[str, Words] = {}


class Headers(RuleFile, HeaderWords):
    """``headers.yaml`` as shipped: the whole header vocabulary."""


class HeadersAddition(HeaderWords):
    """An agency's additions: source and years may be given, none is required."""

    source: str | None = None
    valid_from: int | None = None
    valid_to: int | None = None
    assumptions: list[Assumption] = []


# --------------------------------------------------------------------------- IP ASN


class IpAsnWeights(Shape):
    """``ip_asn.yaml`` weights of the four dimensions (they sum to 100)."""

    kualifikasi: Number = Field(ge=0)
    kompetensi: Number = Field(ge=0)
    kinerja: Number = Field(ge=0)
    disiplin: Number = Field(ge=0)

    @model_validator(mode="after")
    def _sum_100(self):
        if self.kualifikasi + self.kompetensi + self.kinerja + self.disiplin != 100:
            raise ValueError("the four weights must sum to 100")
        return self


class KompetensiPoints(Shape):
    """``ip_asn.yaml`` kompetensi.points per kind of training."""

    kepemimpinan: Number = Field(ge=0)
    fungsional: Number = Field(ge=0)
    teknis: Number = Field(ge=0)
    seminar: Number = Field(ge=0)


class DisiplinPoints(Shape):
    """``ip_asn.yaml`` disiplin_points per heaviest sanction of the year."""

    none: Number = Field(ge=0)
    ringan: Number = Field(ge=0)
    sedang: Number = Field(ge=0)
    berat: Number = Field(ge=0)


#: points per label; the highest is the dimension's full weight, so it must be positive
Points = dict[str, Number]


def _positive_top(points: dict[str, Number]) -> dict[str, Number]:
    if not points or max(points.values()) <= 0:
        raise ValueError("needs at least one positive value")
    return points


class IpAsnKompetensi(Shape):
    """``ip_asn.yaml`` kompetensi: from the training history."""

    max: Number = Field(gt=0)
    window_years: int = Field(ge=1)
    min_teknis_jp: Number = Field(ge=0)
    points: KompetensiPoints
    type_words: dict[str, Words]
    leadership_for: dict[str, Words] = {}

    @field_validator("type_words", "leadership_for")
    @classmethod
    def _words_given(cls, v: dict[str, Words]) -> dict[str, Words]:
        empty = [k for k, w in v.items() if not w]
        if empty:
            raise ValueError(f"{empty} should each be a non-empty list of words")
        return v


class IpAsn(RuleFile):
    """``ip_asn.yaml``: Peraturan BKN 8/2019 scores and categories."""

    scope: Words = Field(min_length=1)
    weights: IpAsnWeights
    education_points: Points
    kompetensi: IpAsnKompetensi
    kinerja_points: Points
    disiplin_points: DisiplinPoints
    categories: Bands = Field(min_length=1)

    _tops = field_validator("education_points", "kinerja_points")(_positive_top)


# --------------------------------------------------------------------------- competency


class Jpm(RuleFile):
    """``jpm.yaml``: JPM category scales, scale per assessment type, training hours a year."""

    scales: dict[str, Bands]
    scale_of: dict[str, str]
    training_jp_per_year: Number = Field(ge=0)
    reported_jpm_tolerance: Number = Field(default=0.05, ge=0)


class Competency(Shape):
    """``labels_kompetensi.yaml``: one competency, its abbreviation and other names."""

    name: str
    type: str
    abbr: str
    aliases: Words = []


class LabelsKompetensi(RuleFile):
    """``labels_kompetensi.yaml``: the competencies, the level range, assessment types."""

    competencies: list[Competency] = Field(min_length=1)
    levels: list[int] = Field(min_length=2, max_length=2)
    assessment_types: dict[str, str]


class NineBox(RuleFile):
    """``nine_box.yaml``: the 9-box layout, axes, potensi cut-offs and pools."""

    kinerja_levels: Words = Field(min_length=3, max_length=3)
    potensi_levels: Words = Field(min_length=3, max_length=3)
    layout: dict[str, dict[str, int]]
    kinerja_from_predikat: dict[str, str]
    potensi_bands: Bands = Field(min_length=1)
    pools: dict[str, list[int]]


# --------------------------------------------------------------------------- labels


class EducationLevel(Shape):
    """``labels_education.yaml``: one education level, its SIASN id and spellings."""

    id: str | int
    label: str
    aliases: Words = []


class LabelsEducation(RuleFile):
    """``labels_education.yaml``: levels in order, equivalences, tracks."""

    levels: list[EducationLevel] = Field(min_length=1)
    equivalent: dict[str, str] = {}
    tracks: dict[str, Words] = {}


class LabelsGolongan(RuleFile):
    """``labels_golongan.yaml``: PNS golongan/ruang and PPPK golongan in order."""

    pns: dict[str, int]
    pppk: Words


class LabelsJabatan(RuleFile):
    """``labels_jabatan.yaml``: position types, spellings, jenis pegawai."""

    types: Words = Field(min_length=1)
    aliases: dict[str, Words]
    struktural: Words = ["Struktural"]
    struktural_by_eselon: dict[str, str]
    jenis_pegawai: Words = Field(min_length=1)
    jenis_pegawai_starts: dict[str, str] = {}


class LabelsJenjang(RuleFile):
    """``labels_jenjang.yaml``: position categories, JF levels, eselon levels, delayering."""

    categories: Words = Field(min_length=1)
    jf: dict[str, Words]
    eselon: dict[str, str]
    delayering_year: int


class Kedudukan(Shape):
    """``labels_kedudukan.yaml``: one kedudukan hukum and whether it reports an SKP."""

    label: str
    expected: bool
    aliases: Words = []


class LabelsKedudukan(RuleFile):
    """``labels_kedudukan.yaml``: the kedudukan hukum statuses."""

    statuses: list[Kedudukan] = Field(min_length=1)


class LabelsLegacy(RuleFile):
    """``labels_legacy.yaml``: band names of legacy SKP recaps."""

    sebutan: Words = Field(min_length=1)


class LabelsPredikat(RuleFile):
    """``labels_predikat.yaml``: ratings, predikat labels, spellings, not-rated cells."""

    ratings: Words = Field(min_length=1)
    predikat: Words = Field(min_length=1)
    spellings: dict[str, str] = {}
    not_rated: list[str | int | float] = []


# --------------------------------------------------------------------------- performance


class LegacyRegime(Shape):
    """``legacy_bands.yaml``: one legacy regime's years and bands."""

    years: list[int] = Field(min_length=2, max_length=2)
    bands: Bands = Field(min_length=1)


class LegacyBands(RuleFile):
    """``legacy_bands.yaml``: legacy regimes and the bridge to today's predikat."""

    regimes: dict[str, LegacyRegime]
    bridge: dict[str, str]
    bridge_note: str = ""


class PredikatMatrix(RuleFile):
    """``predikat_matrix.yaml``: hasil kerja x perilaku kerja -> predikat."""

    matrix: dict[str, dict[str, str]]


class QuotaRule(Shape):
    """A limit on the share of some labels (``max`` / ``min``) or on their number of people
    (``min_count``): exactly one of the three."""

    labels: Words = Field(min_length=1)
    max: float | None = Field(default=None, ge=0, le=1)
    min: float | None = Field(default=None, ge=0, le=1)
    min_count: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _one_bound(self):
        if sum(v is not None for v in (self.max, self.min, self.min_count)) != 1:
            raise ValueError("give exactly one of max, min, min_count")
        return self


class PredikatQuota(RuleFile):
    """``predikat_quota.yaml``: the allowed predikat mix per OPD predikat."""

    by_opd_predikat: dict[str, list[QuotaRule]]


class Rename(Shape):
    """``opd_renames.yaml``: an OPD's old name and its new one."""

    old: str = Field(min_length=1)
    new: str = Field(min_length=1)
    since: dt.date | None = None


class OpdRenames(RuleFile):
    """``opd_renames.yaml``: OPD names that changed."""

    renames: list[Rename] = []


# --------------------------------------------------------------------------- merit


class MeritBand(Band):
    """A merit band with KASN's category number."""

    kategori: str | None = None


class MeritFramework(Shape):
    """``merit_frameworks.yaml``: one framework, its years, range and bands (null: not entered)."""

    name: str
    valid_from: int
    valid_to: int | None
    source: str
    score_range: tuple[Number, Number] | None = None
    sub_aspects: int | None = None
    aspects: Words
    bands: list[MeritBand] | None = None


class MeritFrameworks(RuleFile):
    """``merit_frameworks.yaml``: the merit frameworks by year."""

    frameworks: list[MeritFramework] = Field(min_length=1)


class MeritResult(Shape):
    """``merit_reference.yaml``: one published result."""

    date: dt.date
    reported: dt.date | None = None
    score: Number
    label: str
    event: str


class Earlier(Shape):
    """``merit_reference.yaml``: an earlier standing published without score or year."""

    label: str
    text: str


class MeritReference(RuleFile):
    """``merit_reference.yaml``: the instansi's published merit results."""

    instansi: str
    results: list[MeritResult] = []
    earlier: list[Earlier] = []


#: rule file name -> its shape
SHAPES: dict[str, type[RuleFile]] = {
    "asn_award": AsnAward,
    "bkn_award": BknAward,
    "headers": Headers,
    "ip_asn": IpAsn,
    "jpm": Jpm,
    "labels_education": LabelsEducation,
    "labels_golongan": LabelsGolongan,
    "labels_jabatan": LabelsJabatan,
    "labels_jenjang": LabelsJenjang,
    "labels_kedudukan": LabelsKedudukan,
    "labels_kompetensi": LabelsKompetensi,
    "labels_legacy": LabelsLegacy,
    "labels_predikat": LabelsPredikat,
    "legacy_bands": LegacyBands,
    "merit_frameworks": MeritFrameworks,
    "merit_reference": MeritReference,
    "nine_box": NineBox,
    "opd_renames": OpdRenames,
    "predikat_matrix": PredikatMatrix,
    "predikat_quota": PredikatQuota,
}

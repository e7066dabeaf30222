"""The header vocabulary (rules/headers.yaml plus an agency's additions): header text -> concept.

Header text is compared by :func:`key`: lower case, letters and digits only, with weights in
brackets dropped, so "Nilai SKP (60%)", "NILAI\\nSKP" and "nilai_skp" are one name.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .. import rules

FILE = "headers"
#: a bracket holding only a weight, a range or a number: "(60%)", "(%)", "(1-4)", "[2]"
_WEIGHT = re.compile(r"[\(\[]\s*[\d\s.,%x×*/+\-]*[\)\]]")
_PERCENT = re.compile(r"(?:\bx\s*)?\b\d+(?:[.,]\d+)?\s*%")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_BRACKETS = re.compile(r"\s*[\(\[][^\)\]]*[\)\]]")
SLASH = re.compile(r"\s*/\s*")


def cell_text(v) -> str:
    """A cell as header text: '' when empty, whole floats without '.0'."""
    if v is None:
        return ""
    if isinstance(v, float):
        if v != v:
            return ""
        if v.is_integer():
            return str(int(v))
    return str(v).strip()


def words(text) -> str:
    """Header text as lower-case words: weights in brackets dropped, ``&`` read as ``dan``,
    punctuation, underscores and line breaks as spaces."""
    s = cell_text(text).lower().replace("&", " dan ")
    s = _PERCENT.sub(" ", _WEIGHT.sub(" ", s))
    return _NON_WORD.sub(" ", s).strip()


def key(text) -> str:
    """The comparison key of a header: :func:`words` without spaces."""
    return words(text).replace(" ", "")


def weighted(text) -> bool:
    """Whether a header carries a weight ("Nilai SKP (60%)", "x 40%"): such a column holds a
    weighted part, so an unweighted column of the same concept is preferred."""
    return bool(text) and "%" in str(text)


@dataclass(frozen=True)
class Vocabulary:
    """Concept names per kind, the competencies and the role words of competency columns."""

    kinds: dict[str, dict[str, tuple[str, int]]]  # kind -> key -> (concept, rank)
    names: dict[str, dict[str, list[str]]]  # kind -> concept -> names (for messages)
    generic: frozenset[str]
    sections: frozenset[str]  # parents that only group columns ("DATA PEGAWAI")
    abbreviations: dict[str, str]  # word -> the word it shortens ("tgl" -> "tanggal")
    competencies: list[str]  # canonical names, in rule-file order
    comp_keys: dict[str, int]  # key -> competency index
    roles: dict[str, str]  # word key -> required | assessed | gap
    filler: frozenset[str]
    sources: tuple[str, ...] = field(default=())
    all_keys: frozenset[str] = field(default=frozenset())
    common: frozenset[str] = field(default=frozenset())  # concepts every kind recognises
    values: frozenset[str] = field(default=frozenset())  # sub-labels meaning "the value"
    keywords: dict = field(default_factory=dict)  # kind -> concept -> [set of words]
    _known: dict = field(default_factory=dict, compare=False, repr=False)
    _memo: dict = field(default_factory=dict, compare=False, repr=False)

    def key(self, text) -> str:
        """The comparison key with abbreviations spelt out ("TGL" = "TANGGAL", "JML" =
        "JUMLAH"), as the names of the vocabulary are keyed."""
        k = self._memo.get(("key", text))
        if k is None:
            toks = words(text).split()
            k = "".join(self.abbreviations.get(t, t) for t in toks)
            self._remember(("key", text), k)
        return k

    def _remember(self, k, v) -> None:
        if len(self._memo) < 200_000:  # header texts repeat across sheets, files and kinds
            self._memo[k] = v

    def concept(self, kind: str, text, alternatives: bool = True) -> tuple[str, int] | None:
        """(concept, preference rank) of one header text in ``kind``, or None (memoised)."""
        k = ("concept", kind, text, alternatives)
        if k in self._memo:
            return self._memo[k]
        hit = self._concept(kind, text, alternatives)
        self._remember(k, hit)
        return hit

    def _concept(self, kind: str, text, alternatives: bool = True) -> tuple[str, int] | None:
        """(concept, preference rank) of one header text in ``kind``, or None: the text
        itself, else without bracketed remarks ("Jenis Kelamin (L/P)"), else (one cell's text,
        ``alternatives``) the one concept that names joined by "/" give ("Unit Kerja / SKPD",
        "NIP/NRP")."""
        table = self.kinds.get(kind, {})
        hit = table.get(self.key(text))
        if hit is not None or not text:
            return hit
        bare = _BRACKETS.sub(" ", str(text))
        if bare != str(text):
            hit = table.get(self.key(bare))
            if hit is not None:
                return hit
        if not alternatives:
            return None
        parts = [p for p in SLASH.split(bare) if self.key(p)]
        if len(parts) > 1:
            hits = [h for h in (table.get(self.key(p)) for p in parts) if h is not None]
            if hits and len({h[0] for h in hits}) == 1:
                return min(hits, key=lambda h: h[1])
        return None

    def lookup(self, kind: str, levels: list[str]) -> tuple[str, int] | None:
        """See :meth:`_lookup` (memoised)."""
        k = ("lookup", kind, tuple(levels))
        if k in self._memo:
            return self._memo[k]
        hit = self._lookup(kind, levels)
        self._remember(k, hit)
        return hit

    def _lookup(self, kind: str, levels: list[str]) -> tuple[str, int] | None:
        """The concept of a column whose header has ``levels`` (parent first): the joined
        name, else a child alone. A generic child ("NAMA", "TMT", "TAHUN") stands alone only
        when its parent names no concept ("DATA PEGAWAI" over "NAMA"): under "JABATAN" it is
        the position's name, under "LATIHAN JABATAN" a training's year, never the person's."""
        table = self.kinds.get(kind, {})
        hit = self.concept(kind, " ".join(levels), alternatives=len(levels) == 1)
        if hit is not None:
            return hit
        if len(levels) < 2:
            return self.keyword(kind, levels[0])
        for i in range(1, len(levels)):
            child = " ".join(levels[i:])
            hit = self.concept(kind, child, alternatives=i == len(levels) - 1)
            if hit is not None and self.key(child) not in self.generic:
                return hit
            parent = " ".join(levels[:i])
            if self.key(child) in self.generic:
                # "PELATIHAN / PENGEMBANGAN KOMPETENSI" over "JENIS": the jenis of pelatihan
                for alt in [parent, *SLASH.split(parent)]:
                    for joined in (f"{child} {alt}", f"{alt} {child}"):
                        near = self.concept(kind, joined, alternatives=False)
                        if near is not None:
                            return near
            if hit is None:
                if self.key(child) in self.values:  # "NILAI PRESTASI KERJA" over "ANGKA"
                    up = self.lookup(kind, levels[:i])
                    if up is not None:
                        return up
                continue
            named = any(self.key(t) in table for t in words(parent).split())
            if self.key(parent) in self.sections or not (
                named or self.concept(kind, parent) is not None
            ):
                return hit
        return self.keyword(kind, " ".join(levels))

    def keyword(self, kind: str, text) -> tuple[str, int] | None:
        """A concept whose key words all appear in a header no name matched ("Kategori yang
        diusulkan", "NIP ASN yang diusulkan"): the last resort, ranked after every name, and
        only for the concepts headers.yaml gives key words (their values are checked)."""
        toks = {self.abbreviations.get(t, t) for t in words(text).split()}
        for concept, sets in self.keywords.get(kind, {}).items():
            for i, need in enumerate(sets):
                if need <= toks:
                    return concept, 1000 + i
        return None

    def competency(self, text) -> tuple[int, str | None] | None:
        """See :meth:`_competency` (memoised)."""
        k = ("competency", text)
        if k in self._memo:
            return self._memo[k]
        hit = self._competency(text)
        self._remember(k, hit)
        return hit

    def _competency(self, text) -> tuple[int, str | None] | None:
        """(competency index, role) of a wide-recap column: "Integritas (Std)" -> (0,
        'required'), "KERJASAMA IND" -> (1, 'assessed'), "INTEGRITAS" -> (0, None)."""
        toks = [t for t in words(text).split() if not (t.isdigit() or len(t) == 1)]
        if not toks:
            return None
        hit = self.comp_keys.get("".join(toks))
        if hit is not None:
            return hit, None
        core = [t for t in toks if t not in self.filler]
        if not core:
            return None
        hit = self.comp_keys.get("".join(core))
        if hit is not None:
            return hit, None
        for role_at, rest in ((core[-1], core[:-1]), (core[0], core[1:])):
            role = self.roles.get(role_at)
            if role and rest:
                hit = self.comp_keys.get("".join(rest))
                if hit is not None:
                    return hit, role
        return None

    def role(self, text) -> str | None:
        """The role of a header made of role and filler words only: "LEVEL STANDAR" ->
        'required', "Level Individu" -> 'assessed', "GAP" -> 'gap'."""
        core = [t for t in words(text).split() if t not in self.filler]
        return self.roles.get("".join(core)) if core else None

    def known(self, text) -> bool:
        """Whether a header names any concept of any kind, a competency or a role."""
        hit = self._known.get(text)
        if hit is None:
            k = key(text)
            hit = (
                bool(k)
                and len(k) < 80
                and (
                    k in self.all_keys
                    or self.competency(text) is not None
                    or self.role(text) is not None
                    or any(self.key(p) in self.all_keys for p in re.split(r"\n|/", str(text)))
                )
            )
            if len(self._known) < 100_000:
                self._known[text] = hit
        return hit


def _names(d, path, where) -> dict[str, list[str]]:
    if d is None:
        return {}
    if not isinstance(d, dict):
        raise rules.RuleError(f"{path}: {where} should map concepts to lists of names")
    out = {}
    for concept, names in d.items():
        if isinstance(concept, bool):  # YAML reads a bare `no:` as a boolean
            raise rules.RuleError(f'{path}: {where} has a yes/no key: write it in quotes ("no")')
        if not isinstance(names, list) or not all(isinstance(n, (str, int, float)) for n in names):
            raise rules.RuleError(
                f"{path}: {where}.{concept} should be a list of header names, got {names!r}"
            )
        if any(isinstance(n, bool) for n in names):  # YAML reads a bare NO / YES as a boolean
            raise rules.RuleError(
                f"{path}: {where}.{concept} has a yes/no value {names!r}: put the header name in "
                'quotes ("NO")'
            )
        out[str(concept)] = [str(n) for n in names]
    return out


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as e:
        raise rules.RuleError(f"{path}: cannot read the header vocabulary: {e}") from e
    if not isinstance(data, dict):
        raise rules.RuleError(f"{path}: expected a mapping of keys at the top level")
    return data


def override_file(rules_dir=None) -> Path | None:
    """The agency's own headers.yaml (its names are added to the shipped ones), if any."""
    folder = rules_dir or os.environ.get("KEDIRI_RULES_DIR")
    if folder:
        p = Path(folder) / f"{FILE}.yaml"
        if p.is_file():
            return p
    return None


def load(rules_dir=None) -> Vocabulary:
    """The vocabulary in force: the shipped headers.yaml plus the agency's additions."""
    base = rules.PACKAGE_DIR / f"{FILE}.yaml"
    extra = override_file(rules_dir)
    comp = rules.rule_path("labels_kompetensi", rules_dir)
    stamp = tuple((str(p), p.stat().st_mtime_ns) for p in (base, comp, extra) if p is not None)
    return _build(stamp, None if rules_dir is None else str(rules_dir))


@lru_cache(maxsize=8)
def _build(stamp: tuple, rules_dir: str | None) -> Vocabulary:
    paths = [Path(p) for p, _ in stamp]
    base = paths[0]
    docs = [(base, _read(base))] + [(p, _read(p)) for p in paths[2:]]
    # the agency's names come first: they win when one header could be two concepts
    docs = docs[1:] + docs[:1]
    common: dict[str, list[str]] = {}
    kinds: dict[str, dict[str, list[str]]] = {}
    generic: set[str] = set()
    sections: set[str] = set()
    abbr: dict[str, str] = {}
    values: set[str] = set()
    keywords: dict[str, dict[str, list[frozenset[str]]]] = {}
    comp_words: dict[str, list[str]] = {}
    for p, d in docs:
        for c, n in _names(d.get("common"), p, "common").items():
            common.setdefault(c, []).extend(n)
        ks = d.get("kinds") or {}
        if not isinstance(ks, dict):
            raise rules.RuleError(f"{p}: kinds should map kinds to their concepts")
        for kind, concepts in ks.items():
            for c, n in _names(concepts, p, f"kinds.{kind}").items():
                kinds.setdefault(str(kind), {}).setdefault(c, []).extend(n)
        generic.update(key(w) for w in d.get("generic_words") or [])
        sections.update(key(w) for w in d.get("section_words") or [])
        ab = d.get("abbreviations") or {}
        if not isinstance(ab, dict):
            raise rules.RuleError(f"{p}: abbreviations should map a short word to its full word")
        abbr.update({key(k): key(v) for k, v in ab.items()})
        values.update(key(w) for w in d.get("value_words") or [])
        kw = d.get("keywords") or {}
        if not isinstance(kw, dict):
            raise rules.RuleError(f"{p}: keywords should map kinds to concepts to word lists")
        for kind, concepts in kw.items():
            for c, sets in _names(concepts, p, f"keywords.{kind}").items():
                keywords.setdefault(str(kind), {}).setdefault(c, []).extend(
                    frozenset(words(x).split()) for x in sets
                )
        for role, n in _names(d.get("competency_words"), p, "competency_words").items():
            comp_words.setdefault(role, []).extend(n)
        # the rest of the declared shape (after the checks above, which say more about
        # YAML's yes/no trap): the shipped file in full, an agency's additions in part
        shape = rules.shapes.Headers if p == base else rules.shapes.HeadersAddition
        rules.store.check(p, FILE, d, shape)
    table: dict[str, dict[str, tuple[str, int]]] = {}
    names: dict[str, dict[str, list[str]]] = {}
    for kind, own in kinds.items():
        t: dict[str, tuple[str, int]] = {}
        nm: dict[str, list[str]] = {}
        for source in (own, common):  # the kind's own names first
            for c, ns in source.items():
                for i, n in enumerate(ns):
                    k = "".join(abbr.get(t, t) for t in words(n).split())
                    if k and k not in t:
                        t[k] = (c, i)
                    nm.setdefault(c, [])
                    if n not in nm[c]:
                        nm[c].append(n)
        table[kind] = t
        names[kind] = nm
    comps = rules.labels_kompetensi(rules_dir).competencies
    comp_keys: dict[str, int] = {}
    for i, c in enumerate(comps):
        for n in [c.name, c.abbr, *c.aliases]:
            if n:
                comp_keys.setdefault(key(n), i)
    generic = {abbr.get(g, g) for g in generic}
    roles = {key(w): r for r in ("required", "assessed", "gap") for w in comp_words.get(r, [])}
    filler = frozenset(key(w) for w in comp_words.get("filler", []))
    return Vocabulary(
        kinds=table,
        names=names,
        generic=frozenset(generic),
        sections=frozenset(sections),
        abbreviations=abbr,
        values=frozenset(values),
        keywords={
            k: {c: [frozenset(abbr.get(t, t) for t in ws) for ws in v] for c, v in cs.items()}
            for k, cs in keywords.items()
        },
        competencies=[c.name for c in comps],
        comp_keys=comp_keys,
        roles=roles,
        filler=filler,
        sources=tuple(str(p) for p, _ in docs),
        all_keys=frozenset(k for t in table.values() for k in t),
        common=frozenset(common),
    )

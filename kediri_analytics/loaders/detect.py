"""Recognise a sheet's kind by what its columns mean: a kind fits only when all the concepts it
needs are found (and the values under its ambiguous columns agree); two fits that explain
different columns, or a fit that is only partial, are named errors, never a guess."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field, replace

from .. import rules
from .base import Layout, Spec, col_letter
from .header import Column, Header, candidates, cell_text, duplicated, map_columns, numbers_row
from .normalize import key as label_key
from .read import HEAD_ROWS, FileError, Grid
from .vocab import Vocabulary, words

#: where a recap names one required level for all its competencies: "Standar Level 4"
_SHEET_STANDARD = re.compile(r"(?:standar|std|level)\D{0,14}?\b([1-5])\b", re.IGNORECASE)
MIN_COMPETENCIES = 3  # a wide recap has at least this many competency columns
CHECK_ROWS = 200  # rows under a header whose values confirm an ambiguous column


@dataclass
class Fit:
    """How well one kind explains one candidate header."""

    spec: Spec
    header: Header
    columns: list[Column]
    found: dict[str, Column]
    missing: list[str]
    explained: frozenset[int]  # one column per concept found (what the kind reads)
    header_rows: int
    checks_failed: list[str] = field(default_factory=list)
    comps: dict[int, dict[str, int]] = field(default_factory=dict)
    standard: dict[int, float] | None = None
    standard_from: str | None = None
    recognised: frozenset[int] = frozenset()  # every column naming one of the kind's concepts

    @property
    def ok(self) -> bool:
        """Every needed concept found and the values agree."""
        return not self.missing and not self.checks_failed

    @property
    def score(self) -> tuple:
        """Order of preference between candidate headers of one kind."""
        h = self.header
        return (
            self.ok,
            len(self.explained),
            -len(self.missing),
            -h.row,
            h.depth if h.labels_only else -h.depth,
        )


@dataclass
class SheetIssue:
    """Why a sheet that looks like data could not be placed: a FileError for that sheet."""

    reason: str  # schema_drift | header_ambiguous | header_duplicated
    message: str
    header_row: int | None = None
    hint: str | None = None  # the header as read and a headers.yaml block that would load it


# --------------------------------------------------------------------------- value checks


def _value_checks(vocab: Vocabulary) -> dict:
    pred = rules.labels_predikat()
    ratings = {label_key(x) for x in pred.ratings}
    predikat = {label_key(x) for x in pred.predikat} | set(pred.spellings)
    not_rated = {label_key(x) for x in pred.not_rated}

    def number(v: str) -> bool:
        t = v.replace(" ", "")
        if "," in t:
            t = t.replace(".", "").replace(",", ".")
        try:
            float(t)
        except ValueError:
            return False
        return True

    sebutan = {label_key(x) for x in rules.labels_legacy().sebutan}
    return {
        "sebutan": lambda v: label_key(v) in sebutan | not_rated,
        "rating": lambda v: label_key(v) in ratings | not_rated,
        "predikat": lambda v: label_key(v) in predikat | not_rated,
        "number": number,
        "award": lambda v: re.search(r"kinerja|prestasi|inovasi", v, re.IGNORECASE) is not None,
        "competency": lambda v: vocab.competency(v) is not None and vocab.competency(v)[1] is None,
    }


def _sample(grid: Grid, pos: int, start: int) -> list[str]:
    rows = grid.sample_rows(start, CHECK_ROWS)
    return [t for t in (cell_text(r[pos]) if pos < len(r) else "" for r in rows) if t]


def _failed_checks(spec: Spec, found: dict[str, Column], grid, start, vocab) -> list[str]:
    out = []
    tests = _value_checks(vocab) if spec.checks else {}
    for concept, check in spec.checks.items():
        col = found.get(concept)
        if col is None:
            continue
        vals = _sample(grid, col.pos, start)
        if not vals:
            continue
        good = sum(1 for v in vals if tests[check](v))
        if good < 0.5 * len(vals):
            shown = ", ".join(repr(v) for v in list(dict.fromkeys(vals))[:3])
            out.append(f"column {col_letter(col.pos)} holds {shown}, not {CHECK_WORDS[check]}")
    return out


CHECK_WORDS = {
    "rating": "e-Kinerja ratings (Di Atas / Sesuai / Di Bawah Ekspektasi)",
    "sebutan": "SKP band names (Sangat Baik, Baik, Cukup, Kurang, Buruk)",
    "predikat": "predikat labels (Sangat Baik ... Sangat Kurang)",
    "number": "numbers",
    "award": "ASN Award categories (berkinerja, berprestasi, berinovasi)",
    "competency": "competency names",
}


# --------------------------------------------------------------------------- one kind


def _sheet_standard(grid: Grid, title: str) -> int | None:
    """The one required level a per-standard sheet states: its name ("Standar Level 4",
    "Level 3"), else a title line that says "standar" ("STANDAR KOMPETENSI LEVEL 4"); a legend
    line such as "Level 3 untuk Pengawas" does not count."""
    lines = [t for t in title.split("\n") if re.search(r"standar", t, re.IGNORECASE)]
    for text in (grid.name or "", *lines):
        m = _SHEET_STANDARD.search(text)
        if m:
            return int(m.group(1))
    return None


def _says_required(text: str, vocab: Vocabulary) -> bool:
    """A label of the required-level row: "LEVEL STANDAR", "STANDAR KOMPETENSI JABATAN
    PENGAWAS", "LEVEL STANDAR KOMPETENSI JPT PRATAMA" (a required-role word in it)."""
    return vocab.role(text) == "required" or any(
        vocab.roles.get(t) == "required" for t in words(text).split()
    )


_NIP_LIKE = re.compile(r"\d{15,}")


def _standard_row(row: list, comps: dict[int, dict[str, int]], taken: set[int], vocab) -> dict:
    """The required level per competency from a "LEVEL STANDAR" row under the header. The
    label sits left of the first competency (in the identity columns) and the row names no
    person: a first data row whose category reads "Masih Memenuhi Syarat" is no standard row."""
    first = min(taken, default=len(row))
    ident = [cell_text(v) for v in row[:first]]
    if any(_NIP_LIKE.search(t.replace(" ", "")) for t in ident):
        return {}
    label = any(_says_required(t, vocab) for t in ident if t)
    if not label:
        return {}
    out = {}
    for c, roles in comps.items():
        pos = roles.get("assessed")
        t = cell_text(row[pos]) if pos is not None and pos < len(row) else ""
        try:
            out[c] = float(t.replace(",", "."))
        except ValueError:
            continue
    levels = [v for v in out.values() if 1 <= v <= 5 and v == int(v)]
    return out if len(levels) >= min(MIN_COMPETENCIES, len(comps)) else {}


def title_of(grid: Grid, header_row: int) -> str:
    """The text of the rows above a header, one line per row."""
    return "\n".join(
        " ".join(cell_text(v) for v in r if cell_text(v)) for r in grid.head(header_row)
    )


def fit(spec: Spec, header: Header, grid: Grid, head: list[list], vocab: Vocabulary) -> Fit:
    """How ``spec`` reads ``header``: concepts found and missing, columns explained."""
    wide, long_ = spec.kind == "competency_wide", spec.kind == "competency_long"
    cols = map_columns(vocab, spec.kind, header, competencies=wide or long_)
    found: dict[str, Column] = {}
    for c in cols:
        concept = c.concept
        if concept is None and c.role is not None and c.comp is None:
            # a role word alone: the level column of a long recap, or a wide recap's
            # per-person standard level
            concept = c.role if long_ else ("standard_level" if c.role == "required" else None)
            c.concept = concept
        if concept is not None:
            best = found.get(concept)
            if best is None or (c.weighted, c.rank) < (best.weighted, best.rank):
                found[concept] = c
        for part in c.parts or []:
            if part is not None and part not in found:
                found[part] = c
    recognised = frozenset(c.pos for c in cols)
    end = header.row + header.depth
    extra_rows = 0
    comps: dict[int, dict[str, int]] = {}
    standard = standard_from = None
    missing = [r for r in spec.required if r not in found and r not in spec.deferred]
    if wide:
        for c in cols:
            if c.comp is not None:
                role = c.role or "assessed"
                comps.setdefault(c.comp, {}).setdefault(role, c.pos)
        comps = {k: v for k, v in comps.items() if "assessed" in v}
        if len(comps) < MIN_COMPETENCIES:
            missing.append("competency levels")
    for _ in range(2):  # a row of column numbers and/or a required-level row, in either order
        if end + extra_rows >= len(head):
            break
        row = head[end + extra_rows]
        if numbers_row(row):
            extra_rows += 1
            continue
        if wide and standard is None and comps:
            std = _standard_row(row, comps, {p for r in comps.values() for p in r.values()}, vocab)
            if std:
                standard, standard_from = std, f"row {end + extra_rows + 1}"
                extra_rows += 1
                continue
        break
    if wide and comps:
        paired = all("required" in r for r in comps.values())
        if not paired and standard is None and "standard_level" not in found:
            level = _sheet_standard(grid, title_of(grid, header.row))
            if level is not None:
                standard = {c: float(level) for c in comps}
                standard_from = f"'Standar Level {level}'"
            else:
                missing.append("required levels")
    explained = frozenset(
        [c.pos for c in found.values()] + [p for r in comps.values() for p in r.values()]
    )
    f = Fit(
        spec,
        header,
        cols,
        found,
        missing,
        explained,
        header.depth + extra_rows,
        comps=comps,
        standard=standard,
        standard_from=standard_from,
        recognised=recognised,
    )
    if not missing and spec.checks:
        f.checks_failed = _failed_checks(spec, found, grid, header.row + f.header_rows, vocab)
    return f


# --------------------------------------------------------------------------- a sheet


def _kind_word(spec: Spec) -> str:
    return f"{spec.title} ({spec.kind})"


def detect(grid: Grid, specs: tuple[Spec, ...], vocab: Vocabulary) -> Layout | SheetIssue | None:
    """The layout of the one kind that fits ``grid``; a SheetIssue when the sheet looks like an
    export but no kind, or more than one, fits; None for a sheet with no table (a cover)."""
    head = grid.head(HEAD_ROWS)
    heads = candidates(grid, head, vocab)
    if not heads:
        return None
    best: dict[str, Fit] = {}
    keys = {id(h): _header_keys(h, vocab) for h in heads}
    toks = {id(h): _header_words(h, vocab) for h in heads}
    for spec in specs:
        own = _own_keys(spec, vocab)
        kw = [
            w
            for c, sets in vocab.keywords.get(spec.kind, {}).items()
            if c in spec.required and c not in vocab.common
            for w in sets
        ]
        for h in heads:
            if own and not own & keys[id(h)] and not any(w <= toks[id(h)] for w in kw):
                continue  # none of the kind's own column names: it can neither fit nor half-fit
            f = fit(spec, h, grid, head, vocab)
            if spec.kind not in best or f.score > best[spec.kind].score:
                best[spec.kind] = f
    ok = [f for f in best.values() if f.ok]
    fitted = {f.spec.kind for f in ok}
    ok = [f for f in ok if not set(f.spec.unless) & fitted]
    if ok:
        ok.sort(key=lambda f: (-len(f.recognised), f.header.row))
        top = ok[0]
        wide = best.get("competency_wide")
        if (
            not top.spec.kind.startswith("competency")
            and wide is not None
            and (len(wide.comps) >= MIN_COMPETENCIES)
        ):  # a sheet of levels per competency is an assessment recap, never another kind
            return _drift(grid, wide, vocab)
        rivals = [f for f in ok[1:] if not _dominated(f, top)]
        if rivals:
            return _ambiguous(grid, [top, *rivals])
        dups = duplicated(top.header, top.columns)
        if dups:
            return _duplicated(grid, top, dups)
        return _layout(top, grid, vocab)
    partial = [f for f in best.values() if _is_partial(f, vocab)]
    if partial:
        partial.sort(key=lambda f: (len(f.missing) + len(f.checks_failed), -len(f.recognised)))
        return _drift(grid, partial[0], vocab)
    return None


_SPLIT = re.compile(r"\n|/")


def _header_keys(h: Header, vocab: Vocabulary) -> frozenset[str]:
    """Every key a header's columns could be read by: each level, the levels joined from any
    depth, their lines and "/" parts."""
    out: set[str] = set()
    for lv in h.levels:
        texts = [*lv, *(" ".join(lv[i:]) for i in range(len(lv)))]
        texts += [p for t in lv for p in _SPLIT.split(t)]
        out.update(vocab.key(t) for t in texts)
    return frozenset(out)


def _header_words(h: Header, vocab: Vocabulary) -> frozenset[str]:
    """Every word of a header's cells (abbreviations spelt out), for key-word concepts."""
    return frozenset(
        vocab.abbreviations.get(t, t) for lv in h.levels for x in lv for t in words(x).split()
    )


def _own_keys(spec: Spec, vocab: Vocabulary) -> frozenset[str]:
    """The keys of the names of a kind's own required concepts (not those every kind has);
    empty when it has none (it is then always tried)."""
    k = ("own", spec.kind)
    if k not in vocab._memo:
        names = vocab.names.get(spec.kind, {})
        own = [c for c in spec.required if c not in vocab.common]
        vocab._remember(k, frozenset(vocab.key(n) for c in own for n in names.get(c, [])))
    return vocab._memo[k]


def _dominated(f: Fit, top: Fit) -> bool:
    """Whether ``top`` reads the sheet better than ``f``: it recognises every column ``f``
    does, or all but one while recognising at least three more (a stray column of another
    kind in a much fuller table)."""
    if f.recognised == top.recognised:
        return False
    only = f.recognised - top.recognised
    return not only or (len(only) == 1 and len(top.recognised) >= len(f.recognised) + 3)


def _is_partial(f: Fit, vocab: Vocabulary) -> bool:
    """A fit worth an error: some of the kind's own concepts were found (not only the columns
    every people list has) and at least half of what it needs, or its values contradict it."""
    need = [r for r in f.spec.required if r not in f.spec.deferred]
    own = [r for r in need if r not in vocab.common and r in f.found]
    if f.spec.kind == "competency_wide" and f.comps:
        own.append("competency levels")
    hit = sum(r in f.found for r in need) + bool(f.comps)
    return bool(f.checks_failed) or (bool(own) and hit >= max(2, (len(need) + 1) // 2))


@dataclass
class _Unplaced:
    """The error message for a missing deferred concept, written only if it is needed."""

    grid: Grid
    fit: Fit
    vocab: Vocabulary

    def __str__(self) -> str:
        return _drift(self.grid, self.fit, self.vocab).message


def _layout(f: Fit, grid: Grid, vocab: Vocabulary) -> Layout:
    # a header read from its second row under cells merged down from the row above starts
    # on that row (the reader sees one header block)
    h = f.header
    top = min([r1 for r1, _, r2, _ in grid.merges if r1 < h.row <= r2] + [h.row])
    columns = {concept: c.pos for concept, c in f.found.items() if c.concept == concept}
    absent = [c for c in f.spec.deferred if c not in f.found]
    unplaced = None
    if absent:  # the error to give if no group heading or title line supplies it either
        unplaced = _Unplaced(
            Grid(grid.name, grid.cells.iloc[:0]), replace(f, missing=absent), vocab
        )
    stacked = {c.pos: (c.parts, c.sep) for c in f.columns if c.parts}
    names = {c.pos: f.header.name(c.pos) for c in f.columns}
    return Layout(
        spec=f.spec,
        grid=grid,
        header_row=top,
        header_rows=f.header_rows + h.row - top,
        depth=h.depth + h.row - top,
        columns=columns,
        names=names,
        stacked=stacked,
        comps=f.comps,
        standard=f.standard,
        standard_from=f.standard_from,
        unplaced=unplaced,
    )


def _where(grid: Grid) -> str:
    return f"sheet {grid.name!r}, " if grid.name else ""


def _ambiguous(grid: Grid, fits: list[Fit]) -> SheetIssue:
    parts = []
    for f in fits:
        own = sorted(f.recognised - set.intersection(*(set(g.recognised) for g in fits)))
        cols = ", ".join(f"{f.header.name(p)!r}" for p in own[:6]) or "the same columns"
        parts.append(f"{_kind_word(f.spec)} on header row {f.header.row + 1} (by {cols})")
    return SheetIssue(
        "header_ambiguous",
        f"{_where(grid)}the header fits more than one kind of export: {'; '.join(parts)}. "
        "It is not loaded rather than guessed: remove or rename the columns that belong to the "
        "other kind, or split the sheet.",
        fits[0].header.row + 1,
    )


def _duplicated(grid: Grid, f: Fit, dups: list[int]) -> SheetIssue:
    cols = ", ".join(f"{f.header.name(i)!r} in column {col_letter(i)}" for i in dups)
    return SheetIssue(
        "header_duplicated",
        f"{_where(grid)}header row {f.header.row + 1}: duplicated column names ({cols}). Rename "
        "or delete the extra column so each appears once.",
        f.header.row + 1,
    )


def _drift(grid: Grid, f: Fit, vocab: Vocabulary) -> SheetIssue:
    row = f.header.row + 1
    names = vocab.names.get(f.spec.kind, {})
    parts = []
    if f.missing:
        expect = "; ".join(
            f"{m} (e.g. {_examples(names.get(m, [])) or HINTS.get(m, repr(m))})" for m in f.missing
        )
        unknown = [p for p, lv in enumerate(f.header.levels) if lv and p not in f.recognised]
        extra = ", ".join(repr(f.header.name(p)) for p in unknown) or "none"
        parts.append(f"the columns have changed: missing {expect}; unexpected {extra}.")
    if f.checks_failed:
        parts.append(f"its values disagree: {'; '.join(f.checks_failed)}.")
    found = ", ".join(repr(f.header.name(p)) for p, lv in enumerate(f.header.levels) if lv)
    suggestion = suggest(f, vocab) if f.missing else None
    paste = (
        " A headers.yaml block that would load it is under 'hint' (kediri-analytics validate "
        "prints it)."
        if suggestion
        else ""
    )
    return SheetIssue(
        "schema_drift",
        f"{_where(grid)}header row {row} looks like a {f.spec.title} but "
        f"{' And '.join(parts)} Found: {found}.{paste}",
        row,
        hint(f, vocab, suggestion),
    )


def _examples(names: list[str]) -> str:
    return ", ".join(repr(a) for a in names[:2])


def hint(f: Fit, vocab: Vocabulary, suggestion: str | None) -> str:
    """What validate shows under the error: the header it found, column by column, with what
    each column was read as, and the block to paste into the agency's headers.yaml."""
    lines = [f"header found on row {f.header.row + 1} (read as {f.spec.title}):"]
    by_pos = {c.pos: c for c in f.columns}
    for p, lv in enumerate(f.header.levels):
        if not lv:
            continue
        c = by_pos.get(p)
        if c is None:
            what = "? not recognised"
        elif c.parts:
            what = " / ".join(x or "?" for x in c.parts)
        elif c.comp is not None:
            what = f"{vocab.competencies[c.comp]} ({c.role or 'assessed'})"
        else:
            what = c.concept or c.role or "?"
        name = repr(f.header.name(p).replace("\n", " / "))
        lines.append(f"  {col_letter(p):>3}  {name:<40} -> {what}")
    if suggestion:
        lines += [
            "to load it, put this in headers.yaml in your rules folder (KEDIRI_RULES_DIR),",
            "check that each column is the right one, and load again:",
            suggestion,
        ]
    return "\n".join(lines)


HINTS = {
    "competency levels": "a column per competency such as 'INTEGRITAS'",
    "required levels": "'INTEGRITAS STD' columns, a 'LEVEL STANDAR' row under the header, or "
    "'Standar Level 4' in the sheet name",
}


def suggest(f: Fit, vocab: Vocabulary) -> str:
    """A headers.yaml block naming, for each missing concept, the unrecognised column that most
    resembles it (by name), ready to paste into the agency's rules folder."""
    names = vocab.names.get(f.spec.kind, {})
    unknown = [p for p, lv in enumerate(f.header.levels) if lv and p not in f.recognised]
    used: set[int] = set()
    lines = ["kinds:", f"  {f.spec.kind}:"]
    for m in f.missing:
        if m not in names:
            lines.append(f"    # {m}: {HINTS.get(m, 'not found')}")
            continue
        scored = []
        for p in unknown:
            if p in used:
                continue
            w = words(f.header.name(p))
            r = max(difflib.SequenceMatcher(None, w, words(n)).ratio() for n in names[m])
            scored.append((r, p))
        if scored and max(scored)[0] >= 0.3:
            _, p = max(scored)
            used.add(p)
            lines.append(f"    {m}: [{json.dumps(f.header.name(p))}]   # column {col_letter(p)}")
        else:
            left = ", ".join(f"{f.header.name(p)!r}" for p in unknown if p not in used) or "none"
            lines.append(f"    {m}: []   # the header of the column holding {m}; unplaced: {left}")
    return "\n".join(lines)


def no_header(path: str, grids: list[Grid], specs: tuple[Spec, ...], vocab) -> FileError:
    """The error for a file where no sheet has a recognisable header, naming the sheets and the
    kind that comes closest."""
    sheets = [g.name for g in grids if g.name]
    where = f" of any sheet ({', '.join(repr(s) for s in sheets)})" if sheets else ""
    near = None
    for g in grids:
        head = g.head(HEAD_ROWS)
        for h in candidates(g, head, vocab):
            for spec in specs:
                f = fit(spec, h, g, head, vocab)
                hit = [r for r in spec.required if r in f.found]
                if len(hit) >= 2 and (near is None or len(hit) > len(near[1])):
                    near = (f, hit)
    text, extra = "", None
    if near:
        f, hit = near
        text = (
            f" Row {f.header.row + 1} looks closest to a {f.spec.title} (found "
            f"{', '.join(hit)}; missing {', '.join(f.missing)}); a headers.yaml block that would "
            "load it is under 'hint' (kediri-analytics validate prints it)."
        )
        extra = hint(f, vocab, suggest(f, vocab) if f.missing else None)
    return FileError(
        path,
        f"no recognisable header in the first {HEAD_ROWS} rows{where}.{text} Is this one of the "
        "supported exports (e-Kinerja, SKP recap, SIASN, DUK, assessment recap, training, merit "
        "self-assessment, agency tables)?",
        "header_not_found",
        hint=extra,
    )

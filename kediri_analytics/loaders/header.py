"""Header shapes: one to three header rows anywhere in a sheet's first rows, merged parents
flattened to one name per column, stacked fields in one cell, a row of column numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .read import HEAD_ROWS, Grid
from .vocab import SLASH, Vocabulary, cell_text, key, weighted, words

MAX_DEPTH = 3
_LETTERS = re.compile(r"[A-Za-z]")
_NUMBER_CELL = re.compile(r"^\(?\s*(\d{1,3})\s*\)?$")
#: a cell that holds data rather than a label: a number, a date, a NIP
_DATA_CELL = re.compile(r"^[\d\s.,'/:-]+$|\d{5,}")


@dataclass
class Header:
    """A candidate header: ``depth`` rows from ``row``, one list of level texts per column."""

    row: int  # 0-based
    depth: int
    levels: list[list[str]]  # per column, parent first; empty levels and repeats dropped
    labels_only: bool = True  # the rows under the first hold only labels (no numbers, dates)
    stacked_cols: frozenset[int] = frozenset()  # columns whose cells below hold several lines
    weighted_cols: frozenset[int] = frozenset()  # columns under a weight ("x 60%", "(40%)")

    def name(self, pos: int) -> str:
        """The column's header as the file writes it (levels joined)."""
        return " ".join(self.levels[pos]) if pos < len(self.levels) else ""


@dataclass
class Column:
    """What one header column means in a kind."""

    pos: int
    concept: str | None = None
    rank: int = 0
    weighted: bool = False
    parts: list[str | None] | None = None  # a stacked cell: the concept of each line
    sep: str | None = None  # "\n" (lines) or "/" ("NAMA / NIP")
    comp: int | None = None  # competency index (wide recaps)
    role: str | None = None  # required | assessed | gap (competency columns, role-only columns)


def numbers_row(row: list | dict) -> bool:
    """A row of column numbers (1, 2, 3, ... or (1), (2), ...) printed under a header: each
    number is its column's position plus one fixed offset (a row or a {position: cell} map)."""
    cells = row.items() if isinstance(row, dict) else enumerate(row)
    nums, offsets = [], set()
    for pos, v in cells:
        t = cell_text(v)
        if not t:
            continue
        m = _NUMBER_CELL.match(t)
        if not m:
            return False
        nums.append(int(m.group(1)))
        offsets.add(nums[-1] - pos)
    if len(nums) < 3 or nums[0] > 2:
        return False
    return len(offsets) == 1 or nums == list(range(nums[0], nums[0] + len(nums)))


def _filled_merges(grid: Grid, texts: list[list[str]]) -> list[list[str]]:
    """Header texts with each merged range's value copied into all of its cells."""
    out = [list(r) for r in texts]
    for r1, c1, r2, c2 in grid.merges:
        if r1 >= len(out):
            continue
        v = out[r1][c1] if c1 < len(out[r1]) else ""
        if not v:
            continue
        for r in range(r1, min(r2, len(out) - 1) + 1):
            for c in range(c1, min(c2, len(out[r]) - 1) + 1):
                out[r][c] = v
    return out


def _left_filled(rows: list[list[str]]) -> list[list[str]]:
    """Without merge information (CSV, or cells centred across a selection): a blank upper
    cell takes the text on its left while the column below it has a label, so a parent
    written once spans its children ("NILAI" over "SKP", "PERILAKU", "PRESTASI KERJA")."""
    out = [list(r) for r in rows]
    width = max(len(r) for r in out)
    for r in out:
        r.extend([""] * (width - len(r)))
    for lvl in range(len(out) - 1):
        parent = ""
        for c in range(width):
            below = any(out[k][c] for k in range(lvl + 1, len(out)))
            if out[lvl][c]:
                parent = out[lvl][c]
            elif below and parent and (lvl == 0 or out[lvl - 1][c] == out[lvl - 1][c - 1]):
                out[lvl][c] = parent
            else:
                parent = ""
    return out


def candidates(grid: Grid, head: list[list], vocab: Vocabulary) -> list[Header]:
    """Every plausible header: a row with at least two known header names, one to three rows
    deep (the deeper rows must hold labels, not data)."""
    texts = [[cell_text(v) for v in row] for row in head]
    merged = _filled_merges(grid, texts) if grid.merges else None
    stacked = stacked_columns(grid.sample_rows(0, HEAD_ROWS + 60))
    out = []
    for r in range(len(texts)):
        known = sum(1 for t in texts[r] if t and _LETTERS.search(t) and vocab.known(t))
        if known < 2:
            continue
        for depth in range(1, MAX_DEPTH + 1):
            if r + depth > len(texts):
                break
            block = texts[r : r + depth]
            labels = True
            if depth > 1:
                extra = block[-1]
                if not any(t and _LETTERS.search(t) for t in extra) or numbers_row(extra):
                    break
                labels = all(not t or not _DATA_CELL.search(t) for x in block[1:] for t in x)
                if not labels:  # a row holding numbers, dates or NIPs is data, not a header
                    break
            if merged is not None:
                rows = merged[r : r + depth]
            else:
                rows = _left_filled(block) if depth > 1 else block
            width = max(len(x) for x in rows)
            levels = []
            heavy = set()
            for c in range(width):
                lv: list[str] = []
                for x in rows:
                    t = x[c] if c < len(x) else ""
                    if t and weighted(t):
                        heavy.add(c)
                    if t and words(t) and (not lv or lv[-1] != t):
                        lv.append(t)
                levels.append(lv)
            out.append(Header(r, depth, levels, labels, stacked, frozenset(heavy)))
    return out


def _stacked(vocab: Vocabulary, kind: str, text: str) -> tuple[list[str | None], str] | None:
    """The concepts of a header that stacks fields ("NAMA\\nNIP", "JABATAN\\nESELON\\nTMT
    JABATAN", "NAMA / NIP"), when at least two of its parts are concepts."""
    for sep, parts in (("\n", text.split("\n")), ("/", SLASH.split(text))):
        parts = [p for p in (x.strip() for x in parts) if p]
        if len(parts) < 2:
            continue
        hits = [vocab.concept(kind, p) for p in parts]
        for i in range(1, len(parts)):  # "PANGKAT\nTMT": a generic line reads with the one above
            if hits[i] is None and vocab.key(parts[i]) in vocab.generic:
                hits[i] = vocab.concept(kind, f"{parts[i - 1]} {parts[i]}")
        concepts = [h[0] if h else None for h in hits]
        named = [c for c in concepts if c]
        if len(named) >= 2 and len(set(named)) == len(named):
            return concepts, sep
    return None


def stacked_columns(rows: list[list]) -> frozenset[int]:
    """Columns where most filled cells of ``rows`` (under a header) hold several lines."""
    count: dict[int, list[int]] = {}
    for r in rows:
        for c, v in enumerate(r):
            if isinstance(v, str) and v.strip():
                n = count.setdefault(c, [0, 0])
                n[0] += 1
                n[1] += "\n" in v.strip()
    return frozenset(c for c, (filled, multi) in count.items() if multi * 2 > filled)


def map_columns(vocab: Vocabulary, kind: str, header: Header, competencies: bool) -> list[Column]:
    """What each column of ``header`` means in ``kind`` (unknown columns left out). A header
    cell of several lines over cells of several lines stacks fields ("PANGKAT\nTMT" over
    "Penata (III/c)\n01-04-2020"); over one-line cells it is one wrapped name. Memoised:
    the monthly files of one export share their header."""
    k = (
        "columns",
        kind,
        tuple(map(tuple, header.levels)),
        header.stacked_cols,
        header.weighted_cols,
        competencies,
    )
    done = vocab._memo.get(k)
    if done is None:
        done = _map_columns(vocab, kind, header, competencies)
        vocab._remember(k, done)
    return [replace(c, parts=list(c.parts) if c.parts else c.parts) for c in done]


def _map_columns(vocab: Vocabulary, kind: str, header: Header, competencies: bool) -> list[Column]:
    out = []
    for pos, levels in enumerate(header.levels):
        if not levels:
            continue
        col = Column(pos, weighted=pos in header.weighted_cols)
        if pos in header.stacked_cols:  # cells of several lines under "NAMA\nNIP", "NAMA / NIP"
            st = _stacked(vocab, kind, levels[-1])
            if st is not None:
                col.parts, col.sep = st
                out.append(col)
                continue
        hit = vocab.lookup(kind, levels)
        if hit is not None and hit[1] >= 1000:  # only a key word: a stacked header reads first
            st = _stacked(vocab, kind, levels[-1]) if len(levels) == 1 else None
            if st is not None:
                hit = None
        if hit is not None:
            col.concept, col.rank = hit
            out.append(col)
            continue
        st = _stacked(vocab, kind, levels[-1]) if len(levels) == 1 or "\n" in levels[-1] else None
        if st is not None:
            col.parts, col.sep = st
            out.append(col)
            continue
        if competencies:
            for i in range(len(levels)):
                text = " ".join(levels[i:])
                comp = vocab.competency(text)
                if comp is not None:
                    col.comp, col.role = comp
                    break
                role = vocab.role(text)
                if role is not None and i == 0:
                    col.role = role
                    break
            if col.comp is not None or col.role is not None:
                out.append(col)
    return out


def duplicated(header: Header, columns: list[Column]) -> list[int]:
    """Positions of concept columns whose header text appears twice (a pasted extra column)."""
    seen: dict[str, int] = {}
    dups = []
    for c in columns:
        if c.concept is None:
            continue
        k = (key(header.name(c.pos)), c.weighted)  # "Nilai SKP" beside "Nilai SKP (60%)" is fine
        if k in seen:
            dups += [seen[k], c.pos]
        else:
            seen[k] = c.pos
    return sorted(set(dups))

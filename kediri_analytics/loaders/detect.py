"""Recognise an export's kind from its content: a known header in the first rows of a sheet."""

from __future__ import annotations

from .base import Layout, Spec, _rank, flatten_header, map_columns, norm_header
from .read import HEAD_ROWS, Grid


def _numbers_row(row: list) -> bool:
    """A row of column numbers (1, 2, 3, ...) printed under a DUK header."""
    vals = [norm_header(v) for v in row if norm_header(v)]
    return len(vals) >= 3 and vals == [str(i) for i in range(1, len(vals) + 1)]


def find_layout(grid: Grid, specs: tuple[Spec, ...]) -> Layout | None:
    """The best header in the first rows of ``grid``: all signature columns of a kind found;
    ties go to the kind with the longest signature, then the most columns recognised."""
    head = grid.head(HEAD_ROWS)
    keys = [{norm_header(v) for v in row} - {""} for row in head]
    best, best_score = None, None
    for r in range(len(head)):
        if len(keys[r]) < 2:
            continue
        for spec in specs:
            n = spec.header_rows
            if r + n > len(head):
                continue
            if n == 1:
                rank = _rank(spec)
                hit = {rank[k][0] for k in keys[r] if k in rank}
                if not all(c in hit for c in spec.signature):
                    continue
                names = ["" if v is None else str(v) for v in head[r]]
            else:
                rank = _rank(spec)
                if not any(rank.get(k, ("",))[0] in spec.signature for k in keys[r]):
                    continue
                names = flatten_header(head[r : r + n], n)
            found, _, _ = map_columns(spec, names)
            if not all(c in found for c in spec.signature):
                continue
            score = (len(spec.signature), len(found), -r)
            if best_score is None or score > best_score:
                extra = 1 if r + n < len(head) and _numbers_row(head[r + n]) else 0
                best = Layout(spec, grid, r, n + extra, found, names)
                best_score = score
    return best


def closest(grid: Grid, specs: tuple[Spec, ...]) -> tuple[Spec, int, list[str]] | None:
    """The kind whose signature is most nearly present (for an error message)."""
    head = grid.head(HEAD_ROWS)
    best = None
    for r, row in enumerate(head):
        for spec in specs:
            found, _, _ = map_columns(spec, [str(v or "") for v in row])
            hit = [c for c in spec.signature if c in found]
            if len(hit) >= 2 and (best is None or len(hit) > len(best[2])):
                best = (spec, r, hit)
    return best

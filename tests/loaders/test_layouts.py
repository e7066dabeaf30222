"""Every layout agencies produce loads to the same canonical table as the plain layout: the
named layout classes, and random mixes of header wording, case, depth, position, column order,
stacked cells, group headings, page repeats, totals and signatures, xlsx/xls/csv (hypothesis).
No sample is ever detected as another kind."""

from __future__ import annotations

import os

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kediri_analytics.demo import variants as v
from kediri_analytics.loaders import load_file

#: examples per kind in the property test (KEDIRI_LAYOUT_EXAMPLES=500 for a thorough run)
EXAMPLES = int(os.environ.get("KEDIRI_LAYOUT_EXAMPLES", "25"))
IGNORE = ["source_file", "source_row"]
#: sheet notes on where a unit-less table's OPD came from (the plain layout has a unit column)
LAYOUT_NOTES = {"opd_from_headings", "opd_from_title"}


def loaded(table, rendered) -> tuple[dict[str, pd.DataFrame], set]:
    """(table name -> frame of every sheet, {(person, reason)}) of a rendered file."""
    fl = load_file(rendered.path)
    assert fl.error is None, fl.error
    assert not fl.issues, fl.issues
    where = {w: i for i, w in enumerate(rendered.rows)}
    frames: dict[str, list] = {}
    problems = set()
    for sheet, kind, _, res in fl.results:
        assert kind == table.kind, (rendered.path.name, sheet, kind)
        frames.setdefault(res.table, []).append(res.frame)
        for name, x in res.extra.items():
            frames.setdefault(name, []).append(x)
        for p in res.problems:
            if p["reason"] in LAYOUT_NOTES:  # how the sheet was read, not about a person
                continue
            assert p["row"] is not None, p
            problems.add((where[(sheet if p["sheet"] else None, p["row"])], p["reason"]))
    out = {}
    for name, fs in frames.items():
        df = pd.concat(fs, ignore_index=True).drop(columns=IGNORE)
        out[name] = df.sort_values(list(df.columns[:3]), kind="stable").reset_index(drop=True)
    return out, problems


#: what the plain layout of (kind, options) loads to: the same for every example of the kind
#: (the tables are fixed data), so it is loaded once per test process
_PLAIN: dict[tuple, tuple[dict[str, pd.DataFrame], set]] = {}


def plain_loaded(table, folder, **kw) -> tuple[dict[str, pd.DataFrame], set]:
    """:func:`loaded` of the plain layout of ``table``'s kind (read only)."""
    key = (table.kind, tuple(sorted(kw.items())))
    if key not in _PLAIN:
        _, plain = v.plain(table.kind, folder, **kw)
        _PLAIN[key] = loaded(table, plain)
    return _PLAIN[key]


def assert_same(table, rendered, folder, **kw):
    want, want_problems = plain_loaded(table, folder, **kw)
    got, got_problems = loaded(table, rendered)
    assert set(got) == set(want)
    for name in want:
        pd.testing.assert_frame_equal(got[name], want[name], check_dtype=True)
    assert got_problems == want_problems
    assert {r for _, r in want_problems} >= {"nip_precision_lost", "nip_invalid"}


@pytest.mark.parametrize("name", sorted(v.CLASSES))
def test_every_layout_class_loads_like_the_plain_layout(name, tmp_path):
    kind, kw, _ = v.CLASSES[name]
    table, rendered = v.sample(name, tmp_path)
    assert_same(table, rendered, tmp_path, **kw)


def test_every_class_of_the_issue_has_a_sample():
    have = set(v.CLASSES)
    for needed in (
        "duk_stacked_two_row_numbers_pages",
        "nominatif_group_headings",
        "legacy_two_row_weights",
        "legacy_one_row_xls",
        "competency_standard_row",
        "competency_sheet_per_standard",
        "competency_paired_two_row",
        "competency_paired_suffix",
        "competency_long",
        "ekinerja_signature_footer",
    ):
        assert needed in have
    assert {k for k, _, _ in v.CLASSES.values()} == set(v.TABLES)


def test_no_sample_is_ever_detected_as_another_kind(tmp_path):
    seen = set()
    for name in v.CLASSES:
        table, rendered = v.sample(name, tmp_path)
        fl = load_file(rendered.path)
        assert fl.error is None and not fl.issues, (name, fl.error, fl.issues)
        assert {k for _, k, _, _ in fl.results} == {table.kind}, name
        seen.add(table.kind)
    for kind in v.TABLES:
        table, rendered = v.plain(kind, tmp_path)
        assert {k for _, k, _, _ in load_file(rendered.path).results} == {kind}
    assert seen == set(v.TABLES)


@st.composite
def styles(draw, kind: str):
    table = v.TABLES[kind]()
    fmt = draw(st.sampled_from(["xlsx", "xls", "csv"]))
    concepts = [f.concept for f in table.fields]
    names = {c: draw(st.integers(0, 3)) for c in concepts}
    names["stack"] = draw(st.integers(0, 1))
    has_parents = any(f.parent for f in table.fields)
    stackable = bool(table.stacks)
    return v.Style(
        fmt=fmt,
        title_rows=draw(st.integers(1 if kind == "simpeg_duk" else 0, 8)),
        blank_after_title=draw(st.booleans()),
        names=names,
        case=draw(st.sampled_from(["as is", "upper", "lower", "title"])),
        order_seed=draw(st.none() | st.integers(0, 10_000)),
        extra_columns=draw(st.integers(0, 2)),
        two_row=has_parents and draw(st.booleans()),
        numbers_row=draw(st.booleans()),
        page_rows=draw(st.none() | st.integers(3, 7)),
        footer=draw(st.sampled_from([None, "total", "total+signature", "signature"])),
        stacked=stackable and draw(st.booleans()),
        groups=kind == "simpeg_duk" and draw(st.booleans()),
        blank_rows=tuple(draw(st.lists(st.integers(1, 11), max_size=2))),
        cover_sheet=fmt != "csv" and draw(st.booleans()),
        delimiter=draw(st.sampled_from([",", ";", "|", "\t"])),
        nip_form=draw(st.sampled_from(["plain", "spaces", "apostrophe"])),
        header_lines=draw(st.booleans()),
        group_form=draw(st.sampled_from(sorted(v.GROUP_FORMS))),
    )


KINDS = [k for k in v.TABLES if k != "siasn_roster"]  # SIASN has one layout (a download)


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_random_layouts_load_like_the_plain_layout(kind, tmp_path_factory, data):
    kw = {}
    if kind == "competency_wide":
        kw["shape"] = data.draw(st.sampled_from(["paired", "standard_row", "sheets"]))
    style = data.draw(styles(kind))
    if kw.get("shape") == "sheets" and style.fmt == "csv":
        style.fmt = "xlsx"  # a CSV holds one sheet
    folder = tmp_path_factory.mktemp("layout")
    table = v.TABLES[kind](**kw)
    rendered = v.render(table, style, folder / "variant")
    assert_same(table, rendered, folder, **kw)

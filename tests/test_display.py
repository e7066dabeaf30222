"""Rich displays: the Dataset summary, metric outputs and rule tables styled in Indonesian
formats, and the IPython hook that shows them so."""

from __future__ import annotations

import pandas as pd
import pytest

import kediri_analytics as ka
from kediri_analytics import rules
from kediri_analytics.metrics.outputs import check
from kediri_analytics.present.display import html_of, register, show


def test_dataset_html_summary(demo_small):
    root, manifest = demo_small
    ds = ka.load_folder(root)
    h = ds._repr_html_()
    s = ds.summary()
    assert "jenis berkas" in h and "ekinerja_penilaian" in h and "2019-2024" in h
    n_pen = int((ds.files["kind"] == "ekinerja_penilaian").sum())
    loaded = int(ds.files.loc[ds.files["kind"] == "ekinerja_penilaian", "rows_loaded"].sum())
    row = "<td style='text-align:left'>ekinerja_penilaian</td><td style='text-align:right'>"
    assert f"{row}{n_pen}</td>" in h
    assert f"{loaded:,}".replace(",", ".") in h  # thousands with a dot
    assert f"{s['problems'].get('error', 0)} galat" in h
    assert f"{s['opd']} OPD" in h and f"{len(manifest['files'])} berkas" in h
    assert "<code>ds.roster</code>" in h


def test_show_formats_the_indonesian_way():
    df = pd.DataFrame(
        {"opd": ["A", "B"], "asn": [1234, 5], "share": [0.985, None], "jpm": [81.25, 70.0]}
    )
    h = show(df, percent=["share"], decimals={"jpm": 2}).to_html()
    assert "1.234" in h and "98,5%" in h and "81,25" in h and ">-<" in h
    assert show(df).to_html() == show(df).to_html()  # stable ids: same HTML each run
    long = show(pd.DataFrame({"x": range(100)}), max_rows=10).to_html()
    assert "10 dari 100 baris ditampilkan" in long


def test_show_rejects_what_it_cannot_show():
    with pytest.raises(TypeError, match="takes a DataFrame"):
        show([1, 2])
    with pytest.raises(KeyError, match="not in the frame"):
        show(pd.DataFrame({"a": [1]}), percent=["b"])


def test_metric_outputs_are_tagged_and_styled_others_untouched():
    out = check(
        "distribution", pd.DataFrame({"predikat": ["Baik"], "count": [1500], "share": [0.5]})
    )
    assert out.attrs["kediri_analytics"] == "distribution"
    h = html_of(out)
    assert "50,0%" in h and "1.500" in h and "metrik distribution" in h
    assert "50,0%" in html_of(out[out["count"] > 0])  # the tag survives a filter
    plain = pd.DataFrame({"share": [0.5]})
    assert html_of(plain) == plain._repr_html_()


def test_rule_tables_by_hand_and_their_errors():
    m = rules.table("predikat_matrix")
    assert m.set_index("matrix").loc["Di Bawah Ekspektasi", "Di Bawah Ekspektasi"] == (
        "Sangat Kurang"
    )
    assert m.attrs["source"].startswith("PermenPANRB 6/2022")
    jpm = rules.table("jpm", "scales")
    assert jpm[jpm["scales"] == "pemetaan"]["min"].tolist() == [90, 78, 0]
    assert "rules/jpm.yaml: scales" in html_of(jpm)
    with pytest.raises(rules.RuleError, match="no table 'nope'; tables: scales, scale_of"):
        rules.table("jpm", "nope")


def test_register_hooks_dataframes_in_ipython():
    from IPython.core.interactiveshell import InteractiveShell

    assert register(None) is False  # no IPython session in pytest
    shell = InteractiveShell.instance()
    assert register(shell)
    out = check("distribution", pd.DataFrame({"predikat": ["Baik"], "count": [2], "share": [0.25]}))
    data, _ = shell.display_formatter.format(out)
    assert "25,0%" in data["text/html"]
    InteractiveShell.clear_instance()


def test_docs_build_documents_every_public_function(tmp_path):
    """`kediri-analytics docs` (what `make docs` runs): every public module, class, function
    and method has a docstring, and the site has the API pages and the how-to pages."""
    import importlib
    from pathlib import Path

    import pdoc.doc

    from kediri_analytics import docs

    undocumented = []
    for name in docs.modules():
        mod = pdoc.doc.Module(importlib.import_module(name))
        for m in mod.members.values():
            if m.name.startswith("_") or getattr(m, "modulename", name) != name:
                continue
            kids = m.own_members if isinstance(m, pdoc.doc.Class) else []
            for x in [m, *kids]:
                if (
                    isinstance(x, (pdoc.doc.Function, pdoc.doc.Class))
                    and not x.name.startswith("_")
                    and not (x.docstring or "").strip()
                ):
                    undocumented.append(x.fullname)
    assert not undocumented, undocumented
    root = Path(__file__).resolve().parents[1]
    index = docs.build(tmp_path / "site", root / "docs")
    html = index.read_text(encoding="utf-8")
    for page in docs.HOWTO:
        assert f'href="howto/{page}.html"' in html
        assert (tmp_path / "site" / "howto" / f"{page}.html").exists()
    monthly = tmp_path / "site" / "api" / "kediri_analytics" / "metrics" / "monthly.html"
    assert "Monthly SKP compliance" in monthly.read_text(encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="no Markdown pages"):
        docs.build(tmp_path / "x", tmp_path / "empty")

"""The manifest and the parameters it passes are checked before anything runs."""

from __future__ import annotations

import re

import pytest

from kediri_analytics.report import manifest as mf

from .conftest import ROOT, notebook


def _write(tmp_path, text: str):
    p = tmp_path / "reports.yml"
    p.write_text(text, encoding="utf-8")
    return p


def test_the_project_manifest_loads_and_its_parameters_fit_the_notebooks():
    m = mf.load(ROOT / "reports.yml")
    assert "data_quality" in m.reports and m.agency == "BKPSDM Kota Kediri"
    for r in m.reports.values():
        required = ("data_dir", "opd") if r.per == "opd" else ("data_dir",)
        mf.check_parameters(r.notebook, {**r.parameters, "data_dir": "x"}, required)


def test_parameters_cell_is_read_with_defaults_and_comments(tmp_path):
    nb = notebook(tmp_path / "a.ipynb", 'data_dir = "d"  # folder; any text = fine\nyear = 2024')
    p = mf.notebook_parameters(nb)
    assert p["data_dir"].default == "d" and p["data_dir"].help == "folder; any text = fine"
    assert p["year"].default == 2024


@pytest.mark.parametrize(
    "given, message",
    [
        ({"yaer": 2024}, "unknown parameter 'yaer' (did you mean 'year'?)"),
        (
            {"year": "2024"},
            "parameter 'year' = '2024' is a str; the notebook's default 2024 is a int",
        ),
        ({"year": True}, "is a bool"),
    ],
)
def test_unknown_or_wrongly_typed_parameters_are_errors(tmp_path, given, message):
    nb = notebook(tmp_path / "a.ipynb", 'data_dir = "d"\nyear = 2024\nopd = None')
    with pytest.raises(mf.ManifestError, match=re.escape(message)):
        mf.check_parameters(nb, given)
    mf.check_parameters(nb, {"year": 2023.0, "opd": "Dinas Kesehatan", "data_dir": None})


def test_a_parameter_the_runner_passes_must_be_declared(tmp_path):
    nb = notebook(tmp_path / "a.ipynb", 'data_dir = "d"')
    with pytest.raises(mf.ManifestError, match="no parameter 'opd', which the runner passes"):
        mf.check_parameters(nb, {}, required=("data_dir", "opd"))


def test_parameters_cell_must_hold_literals(tmp_path):
    nb = notebook(tmp_path / "a.ipynb", "import os\ndata_dir = os.getcwd()")
    with pytest.raises(mf.ManifestError, match="line 1: only assignments"):
        mf.notebook_parameters(nb)


@pytest.mark.parametrize(
    "text, message",
    [
        ("reports: {}", "'reports' should map report names"),
        ("reprots: {a: {notebook: a.ipynb}}", r"unknown key\(s\) \['reprots'\]"),
        ("reports: {a: {notebook: missing.ipynb}}", "notebook missing.ipynb not found"),
        ("reports: {a: {notebook: a.ipynb, per: bidang}}", "per: 'bidang' is not supported"),
        (
            "formats: [html, docx]\nreports: {a: {notebook: a.ipynb}}",
            r"unknown format\(s\) \['docx'\]",
        ),
        ("reports: {a: {notebook: a.ipynb, paramters: {}}}", r"unknown key\(s\) \['paramters'\]"),
        ("reports: [a", "not valid YAML"),
    ],
)
def test_manifest_errors_name_the_file_and_key(tmp_path, text, message):
    notebook(tmp_path / "a.ipynb", 'data_dir = "d"')
    p = _write(tmp_path, text)
    with pytest.raises(mf.ManifestError, match=message) as e:
        mf.load(p)
    assert str(p) in str(e.value)


def test_relative_paths_resolve_from_the_manifest(tmp_path):
    notebook(tmp_path / "a.ipynb", 'data_dir = "d"')
    m = mf.load(_write(tmp_path, "data_dir: exports\nreports: {a: {notebook: a.ipynb}}"))
    assert m.data_dir == (tmp_path / "exports").resolve()
    assert m.reports["a"].notebook == (tmp_path / "a.ipynb").resolve()
    assert m.reports["a"].formats == ("html", "pdf") and m.reports["a"].reads is None

"""Report notebooks stay thin (house style: the library does the work, notebooks tell the
story): no code cell over 40 lines, no private name of the package, no outputs committed, and
no Markdown headings (a report's headings are its Brief's sections: the HTML page shows each
once). The checks are run on a notebook made to break each of them, so they cannot pass
vacuously."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
MAX_CELL_LINES = 40
PACKAGE = "kediri_analytics"


def report_notebooks() -> list[Path]:
    """The notebooks of the report suite (reports.yml) and the template new reports start
    from; not the analyst's exploration notebook."""
    manifest = yaml.safe_load((ROOT / "reports.yml").read_text(encoding="utf-8"))
    paths = {ROOT / r["notebook"] for r in manifest["reports"].values()}
    return sorted(paths | {ROOT / "notebooks" / "template.ipynb"})


def _private_names(source: str) -> list[str]:
    """Attributes and imports of the package whose name starts with ``_``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            found.append(f".{node.attr}")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(PACKAGE):
            parts = node.module.split(".")
            found += [f"{node.module}" for p in parts if p.startswith("_")]
            found += [f"{node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
        elif isinstance(node, ast.Import):
            found += [
                a.name
                for a in node.names
                if a.name.startswith(PACKAGE) and any(p.startswith("_") for p in a.name.split("."))
            ]
    return found


def problems(nb) -> list[str]:
    """Every way a report notebook breaks the conventions, one line each."""
    out = []
    for i, c in enumerate(nb.cells):
        if c.cell_type == "code":
            n = len(c.source.splitlines())
            if n > MAX_CELL_LINES:
                out.append(f"cell {i}: {n} lines (at most {MAX_CELL_LINES})")
            for name in _private_names(c.source):
                out.append(f"cell {i}: private name {name}")
            if c.get("outputs") or c.get("execution_count") is not None:
                out.append(f"cell {i}: has outputs (commit notebooks without them)")
        elif c.cell_type == "markdown":
            heads = [s for s in c.source.splitlines() if s.lstrip().startswith("#")]
            if heads:
                out.append(f"cell {i}: Markdown heading {heads[0]!r} (use brief.section)")
    return out


def test_the_suite_has_report_notebooks():
    names = {p.name for p in report_notebooks()}
    assert {"merit_trend.ipynb", "template.ipynb"} <= names and "explore.ipynb" not in names


@pytest.mark.parametrize("path", report_notebooks(), ids=lambda p: p.name)
def test_report_notebook_is_thin(path):
    assert problems(nbformat.read(path, as_version=4)) == []


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.name)
def test_every_notebook_is_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_the_checks_catch_each_breach():
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    long = "\n".join(f"x{i} = {i}" for i in range(MAX_CELL_LINES + 1))
    shown = new_code_cell("ds", outputs=[new_output("stream", text="x")])
    nb = new_notebook(
        cells=[
            new_code_cell(long),
            new_code_cell('pita = rules._bands("merit_frameworks", bands)'),
            new_code_cell("from kediri_analytics.rules import _bands"),
            new_code_cell("import kediri_analytics._private"),
            shown,
            new_markdown_cell("## Ringkasan\n\nTeks."),
            new_code_cell("ok = ka.load_folder(data_dir)  # fine"),
        ]
    )
    assert problems(nb) == [
        f"cell 0: {MAX_CELL_LINES + 1} lines (at most {MAX_CELL_LINES})",
        "cell 1: private name ._bands",
        "cell 2: private name kediri_analytics.rules._bands",
        "cell 3: private name kediri_analytics._private",
        "cell 4: has outputs (commit notebooks without them)",
        "cell 5: Markdown heading '## Ringkasan' (use brief.section)",
    ]

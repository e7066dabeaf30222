"""Conventions every report notebook keeps (house style)."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_one_parameters_cell_no_outputs_no_definitions(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    params = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1, "exactly one cell tagged 'parameters'"
    tree = ast.parse(params[0].source)
    assert all(isinstance(n, (ast.Assign, ast.AnnAssign)) for n in tree.body), "literals only"
    for c in code:
        assert c.outputs == [] and c.execution_count is None, "commit notebooks without outputs"
        for node in ast.walk(ast.parse(c.source)):
            assert not isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.Lambda)), (
                "no def/class in a notebook: put it in the package"
            )
    assert nb.metadata["kernelspec"]["name"] == "kediri-analytics"

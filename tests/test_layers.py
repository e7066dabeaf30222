"""The package's layers import one way: rules -> loaders -> dataset -> metrics -> present ->
report, with the CLI, the demo generator and the package facade on top.

Every import is read from the source (module level and inside functions alike), resolved to the
module it names, and checked against the layer order; inside one layer the imports must not form
a cycle.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "kediri_analytics"

#: lower number = lower layer; a module may import its own layer or any lower one
LAYERS: dict[str, int] = {
    "kediri_analytics.core": 0,
    "kediri_analytics.rules": 1,
    "kediri_analytics.schemas": 2,
    "kediri_analytics.loaders": 3,
    "kediri_analytics.dataset": 4,
    "kediri_analytics.metrics": 5,
    "kediri_analytics.present": 6,
    "kediri_analytics.report": 7,
    "kediri_analytics.preloaded": 7,
    "kediri_analytics.validate": 7,
    "kediri_analytics.docs": 9,
    "kediri_analytics.demo": 8,
    "kediri_analytics.cli": 9,
    "kediri_analytics.__main__": 9,
    "kediri_analytics": 9,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(mod: str) -> int:
    best = max((k for k in LAYERS if mod == k or mod.startswith(k + ".")), key=len)
    return LAYERS[best]


def imports(mod: str, path: Path, known: set[str]) -> list[tuple[str, int]]:
    """(imported module, line) for every import of the package in ``path``."""
    package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            # `from pkg import sub` imports the submodule pkg.sub
            targets = [
                f"{source}.{a.name}" if f"{source}.{a.name}" in known else source
                for a in node.names
            ]
        else:
            continue
        found += [(t, node.lineno) for t in targets if t.split(".")[0] == "kediri_analytics"]
    return found


def graph() -> dict[str, list[tuple[str, int]]]:
    mods = modules()
    return {m: imports(m, p, set(mods)) for m, p in mods.items()}


def test_every_module_has_a_layer():
    assert len(modules()) > 50
    for mod in modules():
        assert layer(mod) >= 0, mod


def test_no_import_goes_up_a_layer():
    upward = [
        f"{mod} (layer {layer(mod)}) line {line} imports {target} (layer {layer(target)})"
        for mod, found in graph().items()
        for target, line in found
        if layer(target) > layer(mod)
    ]
    assert upward == []


def test_no_cycles():
    g = {m: {t for t, _ in found if t != m} for m, found in graph().items()}
    seen: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[str] = []

    def visit(m: str) -> None:
        seen[m] = 1
        stack.append(m)
        for t in sorted(g.get(m, ())):
            if seen.get(t) == 1:
                cycles.append(" -> ".join(stack[stack.index(t) :] + [t]))
            elif t not in seen:
                visit(t)
        stack.pop()
        seen[m] = 2

    for m in sorted(g):
        if m not in seen:
            visit(m)
    assert cycles == []


def test_the_test_catches_an_upward_import(tmp_path, monkeypatch):
    bad = tmp_path / "kediri_analytics" / "rules"
    bad.mkdir(parents=True)
    (tmp_path / "kediri_analytics" / "__init__.py").write_text("")
    (bad / "__init__.py").write_text("def f():\n    from ..report import runner\n")
    (tmp_path / "kediri_analytics" / "report").mkdir()
    (tmp_path / "kediri_analytics" / "report" / "__init__.py").write_text("")
    (tmp_path / "kediri_analytics" / "report" / "runner.py").write_text("")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path / "kediri_analytics")
    with pytest.raises(
        AssertionError, match=r"rules \(layer 1\) line 2 imports kediri_analytics\.report"
    ):
        test_no_import_goes_up_a_layer()


#: modules that import parts of the package inside functions, to keep a command's start-up
#: short (``kediri-analytics --help`` and an unchanged re-run never import pandas) or to run
#: on a Dask worker; anywhere else an import inside a function would only hide a cycle
LAZY = {
    "kediri_analytics",
    "kediri_analytics.cli",
    "kediri_analytics.docs",
    "kediri_analytics.report.cluster",
    "kediri_analytics.report.inputs",
    "kediri_analytics.report.runner",
}


def test_imports_inside_functions_only_where_lazy():
    nested = []
    for mod, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(fn):
                if (
                    isinstance(node, ast.ImportFrom)
                    and (node.level or (node.module or "").startswith("kediri_analytics"))
                ) or (
                    isinstance(node, ast.Import)
                    and any(a.name.startswith("kediri_analytics") for a in node.names)
                ):
                    nested.append(f"{mod} line {node.lineno}")
    assert len(nested) > 0  # the lazy modules do import inside functions
    assert [n for n in nested if n.split(" line ")[0] not in LAZY] == []

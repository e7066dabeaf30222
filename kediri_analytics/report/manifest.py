"""The report manifest (``reports.yml``): which notebook runs with which parameters, checked
against each notebook's ``parameters`` cell before anything runs.

    agency: BKPSDM Kota Kediri     # cover and footer of every PDF
    data_dir: data/demo            # the exports every report reads (--data overrides)
    out: reports                   # output root (--out overrides)
    formats: [html, pdf]           # --formats overrides; the .ipynb is always kept
    reports:
      data_quality:
        notebook: notebooks/data_quality.ipynb
        title: Kualitas Data Kepegawaian
        per: opd                   # one run per OPD in the data, plus the city-wide run
        parameters: {year: null}   # passed to every run of this report
        reads: all                 # or file kinds: [ekinerja_penilaian, siasn_roster]

Relative paths are relative to the manifest's folder. Every run gets ``data_dir``; per-OPD
runs also get ``opd`` (None for the city-wide run).
"""

from __future__ import annotations

import ast
import difflib
import io
import json
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

import yaml

FORMATS = ("html", "pdf")
TOP_KEYS = {"agency", "data_dir", "out", "formats", "reports", "kernel"}
REPORT_KEYS = {"notebook", "title", "per", "parameters", "reads", "formats"}


class RunError(RuntimeError):
    """Nothing could run (bad manifest, no data, output folder unusable): exit code 2."""


class ManifestError(ValueError):
    """The manifest or a notebook's parameters are wrong (names file, report and key)."""


@dataclass(frozen=True)
class Param:
    """A parameter of a notebook's ``parameters`` cell: name, default, type and comment."""

    name: str
    default: object
    help: str = ""


@dataclass
class Report:
    """One report of the manifest: notebook, title, per, parameters, reads, formats."""

    name: str
    notebook: Path
    title: str
    per: str | None = None
    parameters: dict = field(default_factory=dict)
    reads: tuple[str, ...] | None = None  # None = every file
    formats: tuple[str, ...] = FORMATS


@dataclass
class Manifest:
    """A checked ``reports.yml``: agency, data folder, output folder, formats and reports."""

    path: Path
    agency: str
    data_dir: Path
    out: Path
    formats: tuple[str, ...]
    reports: dict[str, Report]
    kernel: str | None = None


def _formats(value, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ManifestError(f"{where}: formats should be a list such as [html, pdf]")
    bad = [v for v in value if v not in FORMATS]
    if bad:
        raise ManifestError(f"{where}: unknown format(s) {bad}; choose from {list(FORMATS)}")
    return tuple(dict.fromkeys(value))


def load(path) -> Manifest:
    """Read and check a manifest (structure only; see :func:`check_parameters`)."""
    path = Path(path)
    try:
        d = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"{path}: no such manifest (pass --config FILE)") from None
    except yaml.YAMLError as e:
        raise ManifestError(f"{path}: not valid YAML: {e}") from None
    if not isinstance(d, dict):
        raise ManifestError(f"{path}: expected a mapping with a 'reports' key")
    if unknown := set(d) - TOP_KEYS:
        raise ManifestError(
            f"{path}: unknown key(s) {sorted(unknown)}; allowed: {sorted(TOP_KEYS)}"
        )
    base = path.parent
    reps = d.get("reports")
    if not isinstance(reps, dict) or not reps:
        raise ManifestError(f"{path}: 'reports' should map report names to their settings")
    formats = _formats(d.get("formats", list(FORMATS)), f"{path}")
    reports = {}
    for name, r in reps.items():
        where = f"{path}: report {name!r}"
        if not isinstance(r, dict):
            raise ManifestError(f"{where}: expected a mapping with at least 'notebook'")
        if unknown := set(r) - REPORT_KEYS:
            raise ManifestError(
                f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(REPORT_KEYS)}"
            )
        if "notebook" not in r:
            raise ManifestError(f"{where}: 'notebook' is missing")
        nb = (base / r["notebook"]).resolve()
        if not nb.is_file():
            raise ManifestError(f"{where}: notebook {r['notebook']} not found (looked in {nb})")
        per = r.get("per")
        if per not in (None, "opd"):
            raise ManifestError(f"{where}: per: {per!r} is not supported; use 'opd' or leave out")
        params = r.get("parameters") or {}
        if not isinstance(params, dict):
            raise ManifestError(f"{where}: parameters should be a mapping")
        reads = r.get("reads", "all")
        if reads != "all" and not (
            isinstance(reads, list) and all(isinstance(x, str) for x in reads)
        ):
            raise ManifestError(f"{where}: reads should be 'all' or a list of file kinds")
        reports[str(name)] = Report(
            name=str(name),
            notebook=nb,
            title=str(r.get("title") or name),
            per=per,
            parameters=dict(params),
            reads=None if reads == "all" else tuple(reads),
            formats=_formats(r["formats"], where) if "formats" in r else formats,
        )
    return Manifest(
        path=path.resolve(),
        agency=str(d.get("agency") or "BKPSDM Kota Kediri"),
        data_dir=(base / str(d.get("data_dir", "data/demo"))).resolve(),
        out=(base / str(d.get("out", "reports"))).resolve(),
        formats=formats,
        reports=reports,
        kernel=d.get("kernel"),
    )


def _cells(notebook) -> list[dict]:
    """The cells of a notebook file, each with its source as one string. A version 4
    notebook is read as plain JSON (nbformat's schema check costs 2 s of imports here, and
    the runner only needs the parameters cell); older versions go through nbformat."""
    try:
        nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ManifestError(f"{notebook}: not a readable notebook ({e})") from None
    if not isinstance(nb, dict) or nb.get("nbformat") != 4 or not isinstance(nb.get("cells"), list):
        import nbformat

        nb = nbformat.read(str(notebook), as_version=4)
    cells = []
    for c in nb["cells"]:
        src = c.get("source", "")
        cells.append({**c, "source": "".join(src) if isinstance(src, list) else str(src)})
    return cells


def notebook_parameters(notebook) -> dict[str, Param]:
    """The names, default values and comments of a notebook's ``parameters`` cell.

    Parsed with :mod:`ast` (defaults must be literals), so a comment with any punctuation is
    fine. Raises when the notebook has no such cell or it holds anything but assignments.
    """
    st = Path(notebook).stat()
    key = (str(Path(notebook).resolve()), st.st_size, st.st_mtime_ns)
    if key not in _PARAMS:  # a per-OPD report checks the same notebook 40 times
        _PARAMS[key] = _parse_parameters(notebook)
    return dict(_PARAMS[key])


_PARAMS: dict[tuple, dict[str, Param]] = {}


def _parse_parameters(notebook) -> dict[str, Param]:
    cells = [c for c in _cells(notebook) if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise ManifestError(
            f"{notebook}: expected one cell tagged 'parameters', found {len(cells)}"
        )
    src = cells[0]["source"]
    try:
        tree = ast.parse(src)
    except SyntaxError as e:
        raise ManifestError(f"{notebook}: parameters cell line {e.lineno}: {e.msg}") from None
    comments = {}
    for tok in tokenize.generate_tokens(io.StringIO(src).readline):
        if tok.type == tokenize.COMMENT:
            comments[tok.start[0]] = tok.string.lstrip("# ").strip()
    out = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            raise ManifestError(
                f"{notebook}: parameters cell line {node.lineno}: only "
                "assignments of literal values belong here"
            )
        if not isinstance(target, ast.Name):
            raise ManifestError(f"{notebook}: parameters cell line {node.lineno}: assign to a name")
        try:
            default = ast.literal_eval(value)
        except ValueError:
            raise ManifestError(
                f"{notebook}: parameter {target.id} (line {node.lineno}): "
                "the default must be a literal"
            ) from None
        out[target.id] = Param(target.id, default, comments.get(node.lineno, ""))
    return out


def _type_ok(value, default) -> bool:
    if value is None or default is None:
        return True
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float))
    if isinstance(default, (list, tuple)):
        return isinstance(value, (list, tuple))
    return isinstance(value, type(default))


def check_parameters(notebook, given: dict, required: tuple[str, ...] = ()) -> dict[str, Param]:
    """Check parameters for one run against the notebook: every name must be declared there
    (closest name suggested), ``required`` names must be declared (the runner passes them),
    and a value must have the type of the notebook's default (numbers mix; None is always
    allowed). Returns the declared parameters."""
    declared = notebook_parameters(notebook)
    problems = []
    for name in required:
        if name not in declared:
            problems.append(f"the notebook has no parameter {name!r}, which the runner passes")
    for name, value in given.items():
        if name not in declared:
            near = difflib.get_close_matches(name, list(declared), n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            problems.append(
                f"unknown parameter {name!r}{hint}; the notebook declares {sorted(declared)}"
            )
        elif not _type_ok(value, declared[name].default):
            problems.append(
                f"parameter {name!r} = {value!r} is a {type(value).__name__}; the notebook's "
                f"default {declared[name].default!r} is a {type(declared[name].default).__name__}"
            )
    if problems:
        raise ManifestError(f"{Path(notebook).name}: " + "; ".join(problems))
    return declared

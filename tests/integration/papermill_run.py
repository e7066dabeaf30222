"""Run a report notebook with papermill on the project kernel; return its Brief pieces.

Two ways, both real papermill on a real kernel:

- ``cli=True``: the bare papermill CLI (``papermill IN OUT -k kediri-analytics -p ...``) as a
  fresh process, exactly as an analyst or a cron job types it;
- otherwise papermill's Python API in this process, the kernel forked from the warm-kernel
  helper (:mod:`kediri_analytics.report.warm`) with the ``data_dir`` parameter's folder
  loaded before the fork, as ``kediri-analytics report`` runs every report: the kernel skips
  about 3 s of interpreter start and imports per run, and its first ``ka.load_folder`` of
  that folder (:mod:`kediri_analytics.preloaded`). That a forked kernel gives the outputs of
  a fresh one is tests/report/test_runner.py's
  ``test_warm_kernels_give_the_outputs_of_fresh_ones``.

Parameters are given as on the command line (``"-p", "name", "value"``) and typed as the
papermill CLI types them in both ways. Either way the kernel reads the run's warm loader
cache (KEDIRI_CACHE_DIR, tests/conftest.py), as an analyst's kernel reads theirs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import papermill as pm
from papermill.cli import _resolve_type  # the CLI's own typing of ``-p`` values

from kediri_analytics.cli import KERNEL_NAME
from kediri_analytics.present.pdf import items_of
from kediri_analytics.report import warm

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


class NotebookFailed(Exception):
    """The notebook stopped on an error; ``stderr`` holds papermill's report of it."""

    def __init__(self, stderr: str) -> None:
        super().__init__(stderr)
        self.stderr = stderr


def _parameters(params: tuple[str, ...]) -> dict:
    if len(params) % 3 or any(flag != "-p" for flag in params[::3]):
        raise ValueError(f"parameters must be '-p NAME VALUE' triples, got {params}")
    return {
        name: _resolve_type(value) for name, value in zip(params[1::3], params[2::3], strict=True)
    }


def run_notebook(
    name: str, tmp_path: Path, out: str, *params: str, cli: bool = False
) -> list[dict]:
    """Run ``notebooks/<name>.ipynb`` into ``<tmp_path>/<out>.ipynb`` (the kernel working in
    ``tmp_path``) with ``params`` (``-p NAME VALUE``...); the executed notebook's Brief
    pieces. Raises :class:`NotebookFailed` when a cell fails."""
    target = tmp_path / f"{out}.ipynb"
    if cli:
        try:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "papermill",
                    str(NOTEBOOKS / f"{name}.ipynb"),
                    str(target),
                    "-k",
                    KERNEL_NAME,
                    "--no-progress-bar",
                    *params,
                ],
                cwd=tmp_path,
                check=True,
                capture_output=True,
                text=True,
            )
        except subprocess.CalledProcessError as e:
            raise NotebookFailed(e.stderr) from None
    else:
        parameters = _parameters(params)
        data = parameters.get("data_dir")  # as the kernel sees it: from its working folder
        data = str(tmp_path / str(data)) if data else None
        try:
            pm.execute_notebook(
                str(NOTEBOOKS / f"{name}.ipynb"),
                str(target),
                parameters=parameters,
                kernel_name=KERNEL_NAME,
                resources={"metadata": {"path": str(tmp_path)}},
                progress_bar=False,
                kernel_manager_class=warm.kernel_manager_class(preload=data),
            )
        except pm.PapermillExecutionError as e:
            raise NotebookFailed(str(e)) from None
    return items_of(nbformat.read(target, as_version=4))

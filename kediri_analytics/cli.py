"""The kediri-analytics command line: thin wrappers that parse, call the library, set exit codes."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import click

from .core import __version__

KERNEL_NAME = "kediri-analytics"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kediri-analytics")
def main() -> None:
    """Merit-system analytics and reports for BKPSDM Kota Kediri (and any ASN agency)."""


@main.command("demo-data")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("data/demo"),
    show_default=True,
    help="Folder to write the synthetic exports into.",
)
@click.option(
    "--seed",
    type=int,
    default=2024,
    show_default=True,
    help="Random seed; the same seed and scale give byte-identical files.",
)
@click.option(
    "--scale",
    type=click.FloatRange(min=0.001, min_open=False),
    default=1.0,
    show_default=True,
    help=(
        "1.0 = a city of about 5,500 ASN in 40 OPD. Above 40: the national layout "
        "(one simulated agency per 40, latest year, CSV); 800 = about 4.5 million ASN."
    ),
)
@click.option(
    "--force", is_flag=True, help="Replace OUT even if it holds files demo-data did not write."
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for writing files (default: CPUs, at most 4).",
)
def demo_data(out: Path, seed: int, scale: float, force: bool, jobs: int | None) -> None:
    """Write synthetic exports in the real layouts, with real-world defects, and MANIFEST.json."""
    from .demo.generate import TargetNotEmpty, generate

    try:
        manifest = generate(
            out,
            seed=seed,
            scale=scale,
            force=force,
            jobs=jobs,
            progress=lambda m: click.echo(m, err=True),
        )
    except TargetNotEmpty as e:
        raise click.ClickException(str(e)) from e
    t = manifest["truth"]
    latest = max(t["roster"], key=int)
    defects = len(manifest["defects"]) or sum(
        sum(f.get("defects_by_kind", {}).values()) for f in manifest["files"]
    )
    where = (
        f"{len(manifest['agencies'])} agencies, " if manifest.get("layout") == "national" else ""
    )
    click.echo(
        f"{len(manifest['files'])} files, {t['roster'][latest]['people']:,} ASN in "
        f"{latest} across {where}{t['roster'][latest]['opd']:,} OPD, "
        f"{defects:,} injected defects counted in {out / 'MANIFEST.json'}"
    )


@main.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people; json: {files, problems, summary} for scripts.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the files and problems tables to this .xlsx (or .csv) for follow-up.",
)
@click.option("--no-cache", is_flag=True, help="Read every file again; ignore the cache.")
def validate(paths: tuple[Path, ...], fmt: str, out: Path | None, no_cache: bool) -> None:
    """Check exports: what each file is, rows loaded/rejected, and every problem found.

    Exit status: 0 when every file loaded (warnings allowed), 1 when any file or row had an
    error (the other files still loaded), 2 for usage errors.
    """
    import json

    from .dataset import load_folder
    from .validate import report_json, report_text

    ds = load_folder(list(paths), no_cache=no_cache)
    if fmt == "json":
        click.echo(json.dumps(report_json(ds), ensure_ascii=False, indent=1))
    else:
        click.echo(report_text(ds))
    if out is not None:
        from .present.excel import write_csv, write_excel

        if out.suffix.lower() == ".csv":
            write_csv(out, ds.problems)
        else:
            write_excel(out, {"Masalah": ds.problems, "Berkas": ds.files})
        click.echo(f"problems written to {out}", err=True)
    errors = ds.files["error"].notna().any() or ds.problems["severity"].eq("error").any()
    sys.exit(1 if errors else 0)


@main.command("report")
@click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("reports.yml"),
    show_default=True,
    help="The report manifest.",
)
@click.option(
    "--data",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of exports for every report (overrides the manifest's data_dir).",
)
@click.option("--only", multiple=True, help="Run only this report of the manifest (repeatable).")
@click.option("--opd", default=None, help="Run only this OPD's per-OPD reports.")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Notebooks run in parallel (default: CPUs).",
)
@click.option("--formats", default=None, help="Comma-separated: html,pdf (default: manifest).")
@click.option("--force", is_flag=True, help="Re-run reports even when nothing changed.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output root (default: the manifest's out, reports/).",
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar (default: on a terminal only)."
)
@click.option(
    "--fresh-kernels",
    is_flag=True,
    help="Start every kernel from scratch instead of forking it from a warm helper.",
)
@click.option(
    "--scheduler",
    envvar="KEDIRI_DASK_SCHEDULER",
    default=None,
    metavar="ADDRESS",
    help="Run the notebooks on this Dask cluster (tcp://HOST:8786; env "
    "KEDIRI_DASK_SCHEDULER) instead of local processes.",
)
@click.option(
    "--shard",
    default=None,
    metavar="I/N",
    help="Run only part I of N of the suite (1 <= I <= N); then --merge.",
)
@click.option(
    "--merge",
    "merge_",
    is_flag=True,
    help="Build one index.html and build.json from the --shard runs' results.",
)
def report(
    config: Path,
    data: Path | None,
    only: tuple[str, ...],
    opd: str | None,
    jobs: int | None,
    formats: str | None,
    force: bool,
    out: Path | None,
    progress: bool | None,
    fresh_kernels: bool,
    scheduler: str | None,
    shard: str | None,
    merge_: bool,
) -> None:
    """Run the report suite: notebooks through papermill, HTML and PDF, index.html.

    Exit codes: 0 all reports built or unchanged; 1 some report failed (the others are
    built; see index.html and build.json), or --merge found a shard missing; 2 nothing could
    run (manifest, data, output folder, scheduler or shard problem; the message says which).
    """
    from .core.files import OutputError
    from .report import RunError, merge, run

    if merge_ and (shard or only or opd or force or scheduler or data or formats):
        click.echo("error: --merge takes only --config and --out (it runs no notebook)", err=True)
        sys.exit(2)
    fm = [f.strip() for f in formats.split(",") if f.strip()] if formats else None
    try:
        if merge_:
            res = merge(config, out=out)
        else:
            res = run(
                config,
                data=data,
                only=only or None,
                opd=opd,
                jobs=jobs,
                formats=fm,
                force=force,
                out=out,
                progress=progress,
                warm=not fresh_kernels,
                scheduler=scheduler or None,
                shard=shard,
            )
    except (RunError, OutputError, ValueError, OSError) as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(2)
    for n in res.notes:
        click.echo(f"note: {n}", err=True)
    click.echo(res.summary())
    sys.exit(res.exit_code)


@main.command("docs")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("docs/_build"),
    show_default=True,
    help="Folder to write (replaced).",
)
@click.option(
    "--docs-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("docs"),
    show_default=True,
    help="Folder of the Markdown pages.",
)
def docs(out: Path, docs_dir: Path) -> None:
    """Build the API reference (from the docstrings) and the how-to pages as HTML."""
    from .docs import build

    try:
        index = build(out, docs_dir)
    except FileNotFoundError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(2)
    click.echo(f"docs: {index}")


@main.command("lab")
@click.option("--port", type=int, default=8888, show_default=True)
@click.option("--token", default=None, help="Access token (default: a random one, printed).")
@click.option(
    "--root",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder JupyterLab serves.",
)
@click.option("--no-browser", is_flag=True, help="Do not open a browser window.")
def lab(port: int, token: str | None, root: Path, no_browser: bool) -> None:
    """Start JupyterLab on 127.0.0.1 with a token and the project kernel as default."""
    from jupyterlab.labapp import LabApp

    token = token or secrets.token_hex(16)
    click.echo(f"JupyterLab: http://127.0.0.1:{port}/lab?token={token}", err=True)
    argv = [
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root.resolve()}",
        f"--MappingKernelManager.default_kernel_name={KERNEL_NAME}",
    ]
    # Lab settings defaults: no "Jupyter news?" prompt, no update check, so no calls out of
    # the machine unless the analyst turns them on (their own settings still win)
    extra = str(Path(__file__).parent / "jupyter")
    os.environ["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
        p for p in (extra, os.environ.get("JUPYTER_CONFIG_PATH", "")) if p
    )
    if no_browser:
        argv.append("--no-browser")
    if getattr(os, "geteuid", lambda: -1)() == 0:  # containers and CI run as root
        argv.append("--ServerApp.allow_root=True")
    if (root / "notebooks").is_dir():
        argv.append("--LabApp.default_url=/lab/tree/notebooks")
    sys.exit(LabApp.launch_instance(argv=argv))


if __name__ == "__main__":
    main()

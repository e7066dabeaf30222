"""The command line: help, version, demo-data messages and exit codes (demo-data writing a
folder and summarising it: tests/demo/test_generator.py, the folder-safety test)."""

from click.testing import CliRunner

from kediri_analytics import __version__
from kediri_analytics.cli import main


def test_help_on_every_command():
    runner = CliRunner()
    for args in ([], ["demo-data"], ["lab"], ["report"], ["validate"]):
        res = runner.invoke(main, [*args, "--help"])
        assert res.exit_code == 0 and "Usage" in res.output


def test_version():
    res = CliRunner().invoke(main, ["--version"])
    assert res.exit_code == 0 and __version__ in res.output


def test_demo_data_refuses_foreign_folder(tmp_path):
    (tmp_path / "own.csv").write_text("x")
    res = CliRunner().invoke(main, ["demo-data", "--out", str(tmp_path), "--scale", "0.02"])
    assert res.exit_code == 1
    assert "not empty" in res.output and "--force" in res.output


def test_demo_data_rejects_bad_scale(tmp_path):
    res = CliRunner().invoke(main, ["demo-data", "--out", str(tmp_path / "d"), "--scale", "0"])
    assert res.exit_code == 2


def test_report_exit_code_2_names_the_problem(tmp_path):
    (tmp_path / "reports.yml").write_text("reports: {a: {notebook: missing.ipynb}}")
    res = CliRunner().invoke(main, ["report", "--config", str(tmp_path / "reports.yml")])
    assert res.exit_code == 2
    assert "notebook missing.ipynb not found" in res.output
    res = CliRunner().invoke(main, ["report", "--config", str(tmp_path / "nope.yml")])
    assert res.exit_code == 2 and "no such manifest" in res.output

"""Report pipeline: the manifest, the parallel papermill runner, HTML and PDF twins.

    import kediri_analytics as ka
    result = ka.report.run("reports.yml", jobs=2)
    print(result.summary())
"""

from __future__ import annotations

from .manifest import ManifestError
from .runner import RunError, RunResult, run

__all__ = ["ManifestError", "RunError", "RunResult", "run"]

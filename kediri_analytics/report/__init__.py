"""Report pipeline: the manifest, the parallel papermill runner, HTML and PDF twins.

```python
import kediri_analytics as ka

result = ka.report.run("reports.yml", jobs=2)
print(result.summary())
```

The names below are imported on first use, so that ``python -m
kediri_analytics.report.warm`` (the warm-kernel helper) and the command line start without
the runner's imports.
"""

from __future__ import annotations

import importlib

_LAZY = {
    "ManifestError": ".manifest",
    "RunError": ".manifest",
    "RunResult": ".runner",
    "Shard": ".runner",
    "merge": ".runner",
    "run": ".runner",
}

__all__ = ["ManifestError", "RunError", "RunResult", "Shard", "merge", "run"]


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

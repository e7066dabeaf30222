"""kediri-analytics: merit-system analytics and reports for Indonesian civil-service agencies.

```python
import kediri_analytics as ka

ds = ka.load_folder("data/demo")  # every export in a folder: typed, validated tables
ds                                # in Jupyter: files by kind, rows kept/rejected, problems
ds.problems                       # every rejected or dropped row: file, sheet, row, column

from kediri_analytics.metrics import monthly, performance
annual = performance.annual_predikat(ds.skp)
performance.distribution(annual)  # displays styled, Indonesian number formats

brief = ka.Brief("Ringkasan", data=ds)
brief.kpi("ASN", len(ds.roster))
brief.pdf("ringkasan.pdf")
```

Where to look:

- `kediri_analytics.dataset`: `load_folder`, `Dataset`;
- `kediri_analytics.loaders`: one module per source (e-Kinerja, SIASN, DUK, JPM, ...);
- `kediri_analytics.rules`: the regulations as YAML data, `rules.table` to read one;
- `kediri_analytics.metrics`: one module per topic (performance, monthly SKP compliance,
  qualification, competency, talent, IP ASN, merit index, awards, indicators, data quality);
- `kediri_analytics.present`: Indonesian formats, charts, `Brief`, Excel, rich displays;
- `kediri_analytics.report`: the manifest, the runner, the PDF and HTML outputs;
- `kediri_analytics.demo`: the synthetic-data generator.

How-to pages (in `docs/howto/` of the repository, and beside this reference when built with
`make docs`): use your own exports, edit a rule, add a report to the manifest, schedule runs.
"""

import importlib  # noqa: E402
import sys  # noqa: E402

from .core import __version__

#: the public names, imported on first use: ``kediri-analytics --help`` and a report run
#: with nothing to do never import pandas (seconds on a small server)
_LAZY = {
    "Brief": ".present.brief",
    "Dataset": ".dataset",
    "load_folder": ".preloaded",
    "show": ".present.display",
}

_MODULES = ("dataset", "demo", "loaders", "metrics", "present", "report", "rules", "schemas")

__all__ = ["Brief", "Dataset", "load_folder", "report", "rules", "show", "__version__"]


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
    elif name in _MODULES:
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module 'kediri_analytics' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def _styled_displays() -> None:
    # inside Jupyter, metric outputs and rule tables display styled (present/display.py);
    # outside IPython there is nothing to register (and nothing is imported)
    if "IPython" in sys.modules:
        from .present.display import register

        register()


_styled_displays()

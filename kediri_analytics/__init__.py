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

__version__ = "0.1.0"

from . import rules  # noqa: E402
from .dataset import Dataset, load_folder  # noqa: E402
from .present.brief import Brief  # noqa: E402
from .present.display import show  # noqa: E402

__all__ = ["Brief", "Dataset", "load_folder", "report", "rules", "show", "__version__"]


def _styled_displays() -> None:
    # inside Jupyter, metric outputs and rule tables display styled (present/display.py)
    from .present.display import ensure

    ensure()


_styled_displays()


def __getattr__(name: str):
    # imported on first use: a notebook that only loads data does not pay for the runner
    if name == "report":
        import importlib

        return importlib.import_module(".report", __name__)
    raise AttributeError(f"module 'kediri_analytics' has no attribute {name!r}")

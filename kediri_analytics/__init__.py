"""kediri-analytics: merit-system analytics and reports for Indonesian civil-service agencies."""

__version__ = "0.1.0"

from . import rules  # noqa: E402
from .dataset import Dataset, load_folder  # noqa: E402

__all__ = ["Brief", "Dataset", "load_folder", "report", "rules", "__version__"]


def __getattr__(name: str):
    # imported on first use: a notebook that only loads data does not pay for the runner
    if name == "Brief":
        from .present.brief import Brief

        return Brief
    if name == "report":
        import importlib

        return importlib.import_module(".report", __name__)
    raise AttributeError(f"module 'kediri_analytics' has no attribute {name!r}")

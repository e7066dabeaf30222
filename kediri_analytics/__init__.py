"""kediri-analytics: merit-system analytics and reports for Indonesian civil-service agencies."""

__version__ = "0.1.0"

from . import rules  # noqa: E402
from .dataset import Dataset, load_folder  # noqa: E402

__all__ = ["Dataset", "load_folder", "rules", "__version__"]

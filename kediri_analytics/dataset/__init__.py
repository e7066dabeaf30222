"""Dataset: every typed table of a folder of exports, with the files read and the problems.

One module per job: :mod:`.files` finds the exports, :mod:`.load` runs ``load_folder``
(through the cache, :mod:`.cached`, and worker processes, :mod:`.parallel`), :mod:`.tables`
puts the files' results together, :mod:`.model` is the :class:`Dataset` itself.
"""

from .files import EXTENSIONS, find_files
from .load import PARALLEL_MIN_BYTES, load_folder
from .model import DATA_TABLES, Dataset, code_version
from .tables import combine, roster_with_duk, training_per_year

__all__ = [
    "DATA_TABLES",
    "EXTENSIONS",
    "PARALLEL_MIN_BYTES",
    "Dataset",
    "code_version",
    "combine",
    "find_files",
    "load_folder",
    "roster_with_duk",
    "training_per_year",
]

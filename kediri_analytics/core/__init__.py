"""The bottom layer, usable by every other: the package version, Indonesian number and date
formats (:mod:`.fmt`), safe file writes and fingerprints (:mod:`.files`).

The layers above import one way: rules -> loaders -> dataset -> metrics -> present -> report,
with the CLI and the demo generator on top (``tests/test_layers.py`` checks it).
"""

__version__ = "0.1.0"

#: the key under which metric outputs and rule tables carry their name in ``frame.attrs``
#: (Jupyter then shows them styled: present/display.py)
TAG = "kediri_analytics"

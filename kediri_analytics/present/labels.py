"""The Indonesian words of report tables, from one vocabulary (``labels.yaml`` beside this
module): column labels, per table where a table says it differently, the columns that hold
years or codes, and the names of the merit indicators.

:meth:`~kediri_analytics.present.brief.Brief.table`, the notebook displays
(:mod:`kediri_analytics.present.display`) and the Excel sheets of the reports read their
headers from here, so a report notebook hands over a metric's frame as it is::

    labels.column("share_rated")                  # '% dinilai'
    labels.column("share", table="share_meeting")  # 'bagian memenuhi'
    labels.labelled(per_jenis)                    # the frame with its headers in Indonesian
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from ..core import TAG  # where a metric output carries its name (metrics.outputs.check)

VOCABULARY = Path(__file__).with_name("labels.yaml")


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    """The vocabulary as read from ``labels.yaml``: ``columns``, ``tables``, ``codes``,
    ``indicators``."""
    data = yaml.safe_load(VOCABULARY.read_text(encoding="utf-8"))
    for key, kind in (("columns", dict), ("tables", dict), ("codes", list), ("indicators", dict)):
        if not isinstance(data.get(key), kind):
            raise ValueError(f"{VOCABULARY}: key {key!r} should be a {kind.__name__}")
    return data


def table_of(frame: pd.DataFrame) -> str | None:
    """The name a frame's labels are looked up under: its metric output's name, if tagged."""
    name = frame.attrs.get(TAG)
    return name if isinstance(name, str) and name != "rule" else None


def column(name, table: str | None = None, values: Mapping | None = None) -> str:
    """The label of column ``name``: the table's own word when ``table`` has one, else the
    vocabulary's, else the name as written. ``values`` fills a label's ``{placeholders}``
    (a frame's ``attrs``)."""
    v = vocabulary()
    key = str(name)
    own = v["tables"].get(table, {}) if table else {}
    label = own.get(key, v["columns"].get(key, v["indicators"].get(key, key)))
    if "{" not in label:
        return label
    try:
        return label.format(**(values or {}))
    except KeyError as e:
        raise KeyError(
            f"the label {label!r} of column {key!r} needs {e.args[0]!r} in the frame's attrs"
        ) from None


def columns(frame: pd.DataFrame, table: str | None = None) -> dict[str, str]:
    """Column -> label for every column of ``frame`` (``table``: the vocabulary's table to
    use; default the frame's metric output name). Two columns that would read the same
    raise."""
    if table is not None and table not in vocabulary()["tables"]:
        raise KeyError(
            f"no table {table!r} in {VOCABULARY.name}; tables: "
            + ", ".join(sorted(vocabulary()["tables"]))
        )
    table = table or table_of(frame)
    names = {c: column(c, table, frame.attrs) for c in frame.columns}
    seen: dict[str, object] = {}
    for c, label in names.items():
        if label in seen:
            raise ValueError(
                f"columns {seen[label]!r} and {c!r} would both read {label!r}: select one of "
                "them, or name the table (labels=...)"
            )
        seen[label] = c
    return names


def labelled(frame: pd.DataFrame, table: str | None = None) -> pd.DataFrame:
    """``frame`` with its columns renamed to their labels (a new frame)."""
    return frame.rename(columns=columns(frame, table))


def labelled_sheets(sheets: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every frame of an Excel workbook's sheets with its columns labelled."""
    return {name: labelled(df) for name, df in sheets.items()}


def is_code(name) -> bool:
    """Whether a column holds years or codes, shown as written (never ``2.019``)."""
    key = str(name)
    return key in vocabulary()["codes"] or key.endswith("_year")


def indicators() -> dict[str, str]:
    """Indicator code -> name, in the report's order."""
    return dict(vocabulary()["indicators"])


def indicator(code: str) -> str:
    """The name of one merit indicator; a code the vocabulary lacks raises, naming those it
    has."""
    names = vocabulary()["indicators"]
    if code not in names:
        raise KeyError(f"no indicator {code!r} in {VOCABULARY.name}: {', '.join(names)}")
    return names[code]


def values(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the codes of an ``indicator`` column written as the indicators' names."""
    if "indicator" not in frame.columns:
        return frame
    names = vocabulary()["indicators"]
    return frame.assign(indicator=frame["indicator"].map(lambda c: names.get(c, c)))


def resolve(frame: pd.DataFrame, wanted: Iterable[str], table: str | None = None) -> list[str]:
    """The columns of ``frame`` that ``wanted`` names, each by its own name or by its label
    (``percent=["share_rated"]`` and ``percent=["% dinilai"]`` name the same column)."""
    names = columns(frame, table)
    by_label = {label: c for c, label in names.items()}
    out = []
    for w in wanted:
        if w in frame.columns:
            out.append(w)
        elif w in by_label:
            out.append(by_label[w])
        else:
            raise KeyError(f"column {w!r} is not in the table {list(frame.columns)}")
    return out

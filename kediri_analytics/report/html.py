"""The HTML twin of a report: the executed notebook without code, self-contained (images
embedded, no script or font fetched from the network), so it opens offline."""

from __future__ import annotations

import threading
from pathlib import Path

TEMPLATES = Path(__file__).with_name("templates")
_local = threading.local()


def _exporter():
    """One exporter per thread (of a process, or of a Dask worker running several reports at
    once): building it (templates, preprocessors) costs more than exporting a notebook, and
    an exporter keeps state while it works."""
    ex = getattr(_local, "exporter", None)
    if ex is not None:
        return ex
    from nbconvert import HTMLExporter

    ex = _local.exporter = HTMLExporter(
        template_name="offline", extra_template_basedirs=[str(TEMPLATES)]
    )
    ex.exclude_input = True
    ex.exclude_input_prompt = True
    ex.exclude_output_prompt = True
    ex.embed_images = True
    return ex


def from_notebook(nb, title: str | None = None) -> str:
    """HTML of an executed notebook (a ``nbformat`` node) without its code cells."""
    resources = {"metadata": {"name": title}} if title else None
    body, _ = _exporter().from_notebook_node(nb, resources=resources)
    return body

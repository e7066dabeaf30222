"""The HTML twin of a report: the executed notebook without code, self-contained (images
embedded, no script or font fetched from the network), so it opens offline."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

TEMPLATES = Path(__file__).with_name("templates")


@lru_cache(maxsize=1)
def _exporter():
    """One exporter per process: building it (templates, preprocessors) costs more than
    exporting a notebook."""
    from nbconvert import HTMLExporter

    ex = HTMLExporter(template_name="offline", extra_template_basedirs=[str(TEMPLATES)])
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

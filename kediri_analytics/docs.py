"""Build the documentation site: the API reference generated from the docstrings (pdoc) plus
the how-to and reference pages of ``docs/`` as HTML, with an index. ``make docs`` and
``kediri-analytics docs`` call :func:`build`."""

from __future__ import annotations

import html
import importlib
import re
import shutil
import warnings
from pathlib import Path

#: the how-to pages, in the order an analyst meets them
HOWTO = ("own-exports", "new-layout", "edit-a-rule", "add-a-report", "schedule-runs")

_PAGE = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font: 15px/1.55 system-ui, sans-serif; max-width: 56rem; margin: 2rem auto;
        padding: 0 1rem; color: #222 }}
code, pre {{ background: #f3f5f7; border-radius: 3px }} pre {{ padding: .6rem; overflow: auto }}
table {{ border-collapse: collapse }} td, th {{ border-bottom: 1px solid #ddd; padding: 3px 8px;
  text-align: left; vertical-align: top }}
a {{ color: #1f4e79 }} nav {{ margin-bottom: 1.5rem; font-size: 14px }}
</style></head><body><nav><a href="{home}index.html">kediri-analytics docs</a> |
<a href="{home}api/kediri_analytics.html">API reference</a></nav>
{body}
</body></html>
"""


def modules() -> list[str]:
    """Every module of the package but ``__main__`` (the package's ``__all__`` would otherwise
    limit pdoc to the submodules it names), with the names the package imports on first use
    imported."""
    import pkgutil

    import kediri_analytics

    for name in ("kediri_analytics", "kediri_analytics.report"):
        mod = importlib.import_module(name)
        for attr in mod.__all__:  # names imported on first use: pdoc reads the module's dict
            getattr(mod, attr)
    found = ["kediri_analytics"] + [
        m.name for m in pkgutil.walk_packages(kediri_analytics.__path__, "kediri_analytics.")
    ]
    return [m for m in found if not m.endswith("__main__")]


def _md_to_html(text: str) -> str:
    import markdown2  # pdoc's own Markdown renderer (a dependency of pdoc)

    body = markdown2.markdown(
        text, extras=["fenced-code-blocks", "tables", "header-ids", "cuddled-lists"]
    )
    # links between the pages: page.md -> page.html (anchors kept)
    return re.sub(r'href="([^":]+?)\.md(#[^"]*)?"', r'href="\1.html\2"', body)


def _title(text: str, fallback: str) -> str:
    m = re.search(r"^# (.+)$", text, flags=re.M)
    return m.group(1).strip() if m else fallback


def build(out: str | Path = "docs/_build", docs_dir: str | Path = "docs") -> Path:
    """Write the site to ``out`` (replaced): ``api/`` from the package's docstrings, one page
    per Markdown file of ``docs_dir`` (``howto/`` included), and ``index.html``. Returns the
    index path. Raises FileNotFoundError when ``docs_dir`` has no Markdown pages."""
    import pdoc
    import pdoc.render

    out, docs_dir = Path(out), Path(docs_dir)
    pages = sorted(docs_dir.glob("*.md")) + sorted((docs_dir / "howto").glob("*.md"))
    if not pages:
        raise FileNotFoundError(f"no Markdown pages in {docs_dir} (run from the project folder)")
    if out.exists():
        shutil.rmtree(out)
    pdoc.render.configure(
        docformat="numpy", footer_text="kediri-analytics", search=True, show_source=True
    )
    with warnings.catch_warnings():  # pdoc adds the submodules of __all__ itself as well
        warnings.filterwarnings("ignore", message="The module specification")
        pdoc.pdoc(*modules(), output_directory=out / "api")
    titles = {}
    for p in pages:
        rel = p.relative_to(docs_dir).with_suffix(".html")
        text = p.read_text(encoding="utf-8")
        titles[rel.as_posix()] = _title(text, p.stem)
        home = "../" * (len(rel.parts) - 1)
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            _PAGE.format(
                title=html.escape(titles[rel.as_posix()]), home=home, body=_md_to_html(text)
            ),
            encoding="utf-8",
        )
    howto = [f"howto/{h}.html" for h in HOWTO if f"howto/{h}.html" in titles]
    rest = [k for k in titles if k not in howto]
    items = "".join(f'<li><a href="{k}">{html.escape(titles[k])}</a></li>' for k in howto)
    refs = "".join(f'<li><a href="{k}">{html.escape(titles[k])}</a></li>' for k in rest)
    body = (
        "<h1>kediri-analytics</h1><p>Merit-system analytics and reports for Indonesian "
        "civil-service agencies.</p>"
        '<h2>API reference</h2><p><a href="api/kediri_analytics.html">The package</a>: every '
        "public module, class and function, generated from the docstrings.</p>"
        f"<h2>How to</h2><ul>{items}</ul><h2>Reference and guides</h2><ul>{refs}</ul>"
    )
    index = out / "index.html"
    index.write_text(
        _PAGE.format(title="kediri-analytics docs", home="", body=body), encoding="utf-8"
    )
    return index

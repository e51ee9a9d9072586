"""Run pandoc for the article and for the notebooks' HTML views.

Citations are pandoc's (``--citeproc`` with the article's bibliography and CSL); numbering
and cross-references are ``crossref.lua``, which runs before citeproc.
"""
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
CROSSREF_FILTER = HERE / "crossref.lua"
NOTEBOOK_FILTER = HERE / "notebook-view.lua"
HEADER = HERE / "preview-header.html"


def pandoc_binary():
    """Path of pandoc; raises RuntimeError with the install hint when it is absent."""
    path = shutil.which("pandoc")
    if not path:
        raise RuntimeError("pandoc not found on PATH (Debian: apt-get install pandoc)")
    return path


def _run(args, what):
    proc = subprocess.run(args, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"pandoc failed on {what} (exit {proc.returncode}):\n{proc.stderr.strip()}")
    return proc.stderr


def render_article(markdown_path, html_path):
    """Write standalone ``html_path`` from ``markdown_path``; returns pandoc's warnings.

    Raises RuntimeError when pandoc fails or when citeproc cannot find a citation key
    (pandoc would otherwise print '(key?)' and carry on).
    """
    args = [pandoc_binary(), str(markdown_path), "--from", "markdown", "--to", "html5",
            "--standalone", "--wrap=none", "--number-sections", "--toc", "--toc-depth=2",
            "--lua-filter", str(CROSSREF_FILTER), "--citeproc",
            "--include-in-header", str(HEADER), "--output", str(html_path)]
    warnings = _run(args, markdown_path)
    missing = [l for l in warnings.splitlines() if "Citeproc" in l and "not found" in l]
    if missing:
        raise RuntimeError(f"{markdown_path}: citations missing from the bibliography:\n" + "\n".join(missing))
    return warnings


def render_notebook(ipynb_path, html_path, title):
    """Write a self-contained HTML view of an executed notebook (code and outputs) via pandoc's ipynb reader."""
    args = [pandoc_binary(), str(ipynb_path), "--from", "ipynb", "--to", "html5", "--standalone",
            "--self-contained", "--metadata", f"title={title}", "--lua-filter", str(NOTEBOOK_FILTER),
            "--include-in-header", str(HEADER), "--output", str(html_path)]
    return _run(args, ipynb_path)

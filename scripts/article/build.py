"""Build the pandoc preview of the article: gather every problem first, then render.

Steps: var shortcodes -> front matter -> embeds (notebook outputs) -> cross-reference check
-> write ``article.md`` and the figures -> pandoc (crossref.lua, citeproc) -> notebook HTML
views -> verify the page -> with ``pdf=True``, the page printed to ``article.pdf`` (Chromium).
Any problem stops the build before pandoc runs, with all problems listed; ``draft=True``
instead shows unresolvable embeds as marked placeholders.
"""
import shutil
import time
from pathlib import Path

import yaml

from . import browser
from . import embeds as embeds_mod
from . import frontmatter, render, variables, verify, xrefs
from .errors import ArticleError
from .notebooks import Notebook

MARKER = ".article-preview"   # marks a folder this builder may wipe


class BuildResult:
    """What a build produced: ``html`` (and ``pdf``, or None) paths, ``embeds``, ``warnings``, ``seconds`` per step."""

    def __init__(self, html, embeds, warnings, seconds, pdf=None):
        self.html = html
        self.pdf = pdf
        self.embeds = embeds
        self.warnings = warnings
        self.seconds = seconds

    @property
    def figures(self):
        return [e for e in self.embeds if e.kind == "fig"]

    @property
    def tables(self):
        return [e for e in self.embeds if e.kind == "tbl"]


def prepare(root, article, variables_path):
    """Resolve shortcodes and embeds without writing anything.

    Returns (pandoc metadata, body, body line offset, embeds, problems, embed-resolution problems);
    raises ArticleError when the article, variables file or front matter cannot be read.
    """
    root = Path(root)
    source = article
    article_path = root / article
    if not article_path.is_file():
        raise ArticleError([f"{article_path}: article not found"])
    problems = []
    try:
        values = variables.load_variables(root / variables_path)
    except ValueError as exc:
        raise ArticleError([str(exc)]) from exc
    text, var_problems = variables.substitute(article_path.read_text(encoding="utf-8"), values, source,
                                              Path(variables_path).name)
    problems += var_problems
    try:
        meta, body, offset = frontmatter.split(text, source)
    except ValueError as exc:
        raise ArticleError(problems + [str(exc)]) from exc
    found, find_problems = embeds_mod.find(body, source, offset)
    problems += find_problems
    resolve_problems = embeds_mod.resolve(found, root, source)
    labels = [e.label for e in found]
    problems += xrefs.unresolved(body, labels, source)
    pandoc_meta = None
    try:
        pandoc_meta = frontmatter.for_pandoc(meta, root, source)
        bib = pandoc_meta.get("bibliography", [])
        problems += xrefs.unknown_citations(body, bib if isinstance(bib, list) else [bib], source)
    except (ValueError, RuntimeError) as exc:
        problems.append(str(exc))
    return pandoc_meta, body, offset, found, problems, resolve_problems


def build(root, article="article.qmd", variables_path="_variables.yml", out="_preview", draft=False,
          pdf=False):
    """Build ``<out>/article.html`` (figures in ``<out>/figures``, notebook views in ``<out>/notebooks``).

    Raises ArticleError listing every problem (missing variable, notebook, label, output,
    unresolved cross-reference, failed verification, failed PDF step). With ``draft``
    unresolvable embeds become visible placeholders and are returned as warnings instead. With
    ``pdf`` the page is also printed to ``<out>/article.pdf`` (A4) by headless Chromium.
    """
    started = time.perf_counter()
    seconds = {}
    root = Path(root).resolve()
    pandoc_meta, body, offset, found, problems, resolve_problems = prepare(root, article, variables_path)
    warnings = []
    if draft:
        warnings += resolve_problems
        for embed in found:
            if not embed.markdown:
                embed.markdown = embeds_mod.placeholder_markdown(embed, embed.problem or "not resolved")
    else:
        problems += resolve_problems
    if problems:
        raise ArticleError(problems)
    seconds["prepare"] = time.perf_counter() - started

    out = _fresh_dir(root / out)
    figures = out / "figures"
    figures.mkdir()
    for embed in found:
        if embed.png:
            (figures / f"{embed.label}.png").write_bytes(embed.png)
    markdown = ("---\n" + yaml.safe_dump(pandoc_meta, sort_keys=False, allow_unicode=True) + "---\n"
                + embeds_mod.replace(body, found, offset))
    (out / "article.md").write_text(markdown, encoding="utf-8")

    step = time.perf_counter()
    try:
        warnings += render.render_article(out / "article.md", out / "article.html").splitlines()
    except RuntimeError as exc:
        raise ArticleError([str(exc)]) from exc
    seconds["pandoc article"] = time.perf_counter() - step

    step = time.perf_counter()
    (out / "notebooks").mkdir()
    for notebook in dict.fromkeys(e.notebook for e in found):
        path = root / notebook
        if not path.is_file():
            continue  # draft mode only; a strict build has failed already
        title = Notebook.load(path).title or path.name
        try:
            render.render_notebook(path, out / embeds_mod.notebook_html_name(notebook), title)
        except RuntimeError as exc:
            raise ArticleError([str(exc)]) from exc
    seconds["pandoc notebooks"] = time.perf_counter() - step

    if not draft:
        failed = verify.verify_page(out / "article.html", len([e for e in found if e.kind == "fig"]),
                                    len([e for e in found if e.kind == "tbl"]))
        if failed:
            raise ArticleError(failed)
    pdf_path = None
    if pdf:
        step = time.perf_counter()
        try:
            pdf_path = browser.print_pdf(out / "article.html", out / "article.pdf")
        except RuntimeError as exc:
            raise ArticleError([str(exc)]) from exc
        seconds["pdf"] = time.perf_counter() - step
    seconds["total"] = time.perf_counter() - started
    return BuildResult(out / "article.html", found, [w for w in warnings if w.strip()], seconds, pdf_path)


def _fresh_dir(out):
    """Empty ``out`` for a new build; refuses a non-empty folder this builder did not make."""
    if out.exists():
        if not (out / MARKER).exists() and any(out.iterdir()):
            raise ArticleError([f"{out}: exists and was not made by the preview builder; "
                                f"refusing to empty it (choose another --out)"])
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text("made by scripts/build_preview.py; emptied on every build\n")
    return out

#!/usr/bin/env python3
"""Check the article: build the preview strictly and verify what it shows.

    python3 scripts/check_article.py              # static checks + build + page verification
    python3 scripts/check_article.py --browser    # also Chromium: images decode, tables fit, screenshot
    python3 scripts/check_article.py --pdf        # also print the preview to PDF (Chromium)
    python3 scripts/check_article.py --page _manuscript/index.html --browser   # Quarto's HTML instead
    python3 scripts/check_article.py --page _manuscript/index.html --page-pdf _manuscript/article.pdf

Fails (exit 1, every problem listed) when an embed points at a missing notebook or label,
at a cell without the expected output (fig- needs image/png; tbl- needs text/html,
text/markdown or text/plain), at a cell whose options use the wrong comment style, when a
{{< var >}} key is missing from the variables file, when a @fig-/@tbl- reference does not
resolve, when a citation is not in the bibliography, when the built page does not show
every figure, lacks the one "Source:" link under an embed or keeps a shortcode (in <head>
too), when a table is wider than its text column (--browser), or when the PDF step fails
(--pdf, its exit status reported). With --browser the screenshot goes to
build/screenshots/article.png. --page checks a page built by `quarto render` the same way
(the article's embeds give the expected figures and tables; nothing is built). --page-pdf checks
a PDF built by Quarto (Typst or LaTeX) or the preview's: every figure and table caption in order,
no unresolved marker, no word past the text column (a table too wide), with poppler's pdftotext.
Open '<!-- CLAIM-CHECK: ... -->' markers (claims still to be confirmed against the
measurements) are listed as warnings; --final makes them errors.
"""
import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from article import browser, pdfcheck, verify  # noqa: E402
from article.build import build, prepare  # noqa: E402
from article.errors import ArticleError  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", default=str(ROOT), help="project folder (default: the repository)")
    parser.add_argument("--article", default="article.qmd")
    parser.add_argument("--variables", default="_variables.yml")
    parser.add_argument("--out", default="_preview", help="preview folder, relative to --root")
    parser.add_argument("--browser", action="store_true",
                        help="also open the page in headless Chromium and take a screenshot")
    parser.add_argument("--screenshot", default="build/screenshots/article.png",
                        help="screenshot path, relative to --root (with --browser)")
    parser.add_argument("--final", action="store_true",
                        help="fail while CLAIM-CHECK markers remain in the article")
    parser.add_argument("--pdf", action="store_true",
                        help="also print the preview to <out>/article.pdf and fail if that step fails")
    parser.add_argument("--page-pdf", help="also check this PDF (relative to --root), e.g. Quarto's "
                                           "_manuscript/article.pdf: captions, markers, tables within the column")
    parser.add_argument("--page", help="check this HTML page (relative to --root), e.g. Quarto's "
                                       "_manuscript/index.html, instead of building the preview")
    return parser.parse_args(argv)


def open_claims(article_path, name):
    """'file:line: CLAIM-CHECK: text' for every open claim marker in the article."""
    text = Path(article_path).read_text(encoding="utf-8")
    return [f"{name}:{text.count(chr(10), 0, m.start()) + 1}: CLAIM-CHECK: {' '.join(m.group(1).split())}"
            for m in re.finditer(r"CLAIM-CHECK:(.*?)(?:-->|$)", text, re.S | re.M)]


def check_page(root, article, variables_path, page):
    """Verify ``page`` (built elsewhere) against the article's embeds; returns (html, figures, tables, warnings).

    Raises ArticleError listing the article's problems or the page's.
    """
    _, _, _, found, problems, resolve_problems = prepare(root, article, variables_path)
    if problems + resolve_problems:
        raise ArticleError(problems + resolve_problems)
    html = Path(root) / page
    if not html.is_file():
        raise ArticleError([f"{html}: page not found (run `quarto render` first)"])
    figures = len([e for e in found if e.kind == "fig"])
    tables = len(found) - figures
    failed = verify.verify_page(html, figures, tables)
    if failed:
        raise ArticleError(failed)
    return html, figures, tables, []


def main(argv=None):
    args = arguments(argv)
    try:
        claims = open_claims(Path(args.root) / args.article, args.article)
        if args.final and claims:
            raise ArticleError([f"{c} (settle the claim and remove the marker)" for c in claims])
        if args.page:
            html, figures, tables, warnings = check_page(args.root, args.article, args.variables, args.page)
            pdf = None
        else:
            result = build(args.root, args.article, args.variables, args.out, pdf=args.pdf)
            html, figures, tables, warnings, pdf = (result.html, len(result.figures), len(result.tables),
                                                    result.warnings, result.pdf)
        if args.page_pdf:
            pdf = Path(args.root) / args.page_pdf
            failed = pdfcheck.check_pdf(pdf, figures, tables)
            if failed:
                raise ArticleError(failed)
            pdf = f"{pdf} ({pdfcheck.page_count(pdf)} pages, checked)"
        if args.browser:
            report = browser.probe(html)
            found = browser.problems(report, html, figures)
            if found:
                raise ArticleError(found)
            shot = browser.screenshot(html, Path(args.root) / args.screenshot)
    except (ArticleError, RuntimeError) as exc:
        print(f"check_article: FAILED\n{exc}", file=sys.stderr)
        return 1
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if claims:
        print(f"warning: {len(claims)} open CLAIM-CHECK marker(s) in {args.article} "
              f"(--final fails on them):\n  " + "\n  ".join(claims), file=sys.stderr)
    print(f"check_article: OK: {figures} figures and {tables} tables embedded, numbered, each with its "
          f"Source link, shown in {html}" + (f"; PDF {pdf}" if pdf else ""))
    if args.browser:
        print(f"check_article: Chromium loaded all {len(report['images'])} images; screenshot {shot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

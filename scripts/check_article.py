#!/usr/bin/env python3
"""Check the article: build the preview strictly and verify what it shows.

    python3 scripts/check_article.py              # static checks + build + page verification
    python3 scripts/check_article.py --browser    # also Chromium: images decode, screenshot

Fails (exit 1, every problem listed) when an embed points at a missing notebook or label,
at a cell without the expected output (fig- needs image/png; tbl- needs text/html,
text/markdown or text/plain), at a cell whose options use the wrong comment style, when a
{{< var >}} key is missing from the variables file, when a @fig-/@tbl- reference does not
resolve, when a citation is not in the bibliography, or when the built page does not show
every figure. With --browser the screenshot goes to build/screenshots/article.png.
Open '<!-- CLAIM-CHECK: ... -->' markers (claims still to be confirmed against the
measurements) are listed as warnings; --final makes them errors.
"""
import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from article import browser  # noqa: E402
from article.build import build  # noqa: E402
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
    return parser.parse_args(argv)


def open_claims(article_path, name):
    """'file:line: CLAIM-CHECK: text' for every open claim marker in the article."""
    text = Path(article_path).read_text(encoding="utf-8")
    return [f"{name}:{text.count(chr(10), 0, m.start()) + 1}: CLAIM-CHECK: {' '.join(m.group(1).split())}"
            for m in re.finditer(r"CLAIM-CHECK:(.*?)(?:-->|$)", text, re.S | re.M)]


def main(argv=None):
    args = arguments(argv)
    try:
        claims = open_claims(Path(args.root) / args.article, args.article)
        if args.final and claims:
            raise ArticleError([f"{c} (settle the claim and remove the marker)" for c in claims])
        result = build(args.root, args.article, args.variables, args.out)
        if args.browser:
            report = browser.probe(result.html)
            found = browser.problems(report, result.html, len(result.figures))
            if found:
                raise ArticleError(found)
            shot = browser.screenshot(result.html, Path(args.root) / args.screenshot)
    except (ArticleError, RuntimeError) as exc:
        print(f"check_article: FAILED\n{exc}", file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if claims:
        print(f"warning: {len(claims)} open CLAIM-CHECK marker(s) in {args.article} "
              f"(--final fails on them):\n  " + "\n  ".join(claims), file=sys.stderr)
    print(f"check_article: OK: {len(result.figures)} figures and {len(result.tables)} tables embedded, "
          f"numbered and shown in {result.html} ({result.seconds['total']:.2f}s)")
    if args.browser:
        print(f"check_article: Chromium loaded all {len(report['images'])} images; screenshot {shot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

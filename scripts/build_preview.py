#!/usr/bin/env python3
"""Build the article preview with pandoc alone (Quarto cannot be installed here).

    python3 scripts/build_preview.py                 # _variables.yml -> _preview/article.html
    python3 scripts/build_preview.py --pdf           # also _preview/article.pdf (headless Chromium)
    python3 scripts/build_preview.py --draft --variables _variables.yml.example

Resolves {{< var >}} from _variables.yml and {{< embed notebook#label >}} from the executed
notebooks, numbers figures and tables, links @fig-/@tbl- references, formats [@key]
citations with pandoc --citeproc. Exits 1 listing every problem found.
"""
import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from article.build import build  # noqa: E402
from article.errors import ArticleError  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", default=str(ROOT), help="project folder (default: the repository)")
    parser.add_argument("--article", default="article.qmd", help="article, relative to --root")
    parser.add_argument("--variables", default="_variables.yml", help="variables file, relative to --root")
    parser.add_argument("--out", default="_preview", help="output folder, relative to --root")
    parser.add_argument("--draft", action="store_true",
                        help="show embeds that cannot be resolved as placeholders instead of failing")
    parser.add_argument("--pdf", action="store_true",
                        help="also print the page to <out>/article.pdf (A4) with headless Chromium")
    return parser.parse_args(argv)


def main(argv=None):
    args = arguments(argv)
    try:
        result = build(args.root, args.article, args.variables, args.out, draft=args.draft, pdf=args.pdf)
    except ArticleError as exc:
        print(f"build_preview: {exc}", file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    timing = ", ".join(f"{k} {v:.2f}s" for k, v in result.seconds.items())
    print(f"wrote {result.html} ({len(result.figures)} figures, {len(result.tables)} tables"
          f"{', DRAFT' if args.draft else ''}){f' and {result.pdf}' if result.pdf else ''}; {timing}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

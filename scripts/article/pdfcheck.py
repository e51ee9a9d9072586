"""Check a PDF of the article: every figure and table there, references resolved, nothing wider than the text column.

Works on any PDF of the article: Quarto's (``_manuscript/article.pdf``, Typst or LaTeX) and the
preview's Chromium print. Reads the PDF with poppler's ``pdftotext -bbox-layout`` (Debian:
poppler-utils), which gives every word with its box on the page:

- the captions 'Figure 1..n:' and 'Table 1..m:' are all there, in order;
- no unresolved marker ('??', '@fig-', '@tbl-', '{{<') is in the text;
- no word reaches past the right edge of the text column (the page width less the left margin,
  where most lines start); a table wider than the column sticks out there, or off the page.
"""
import html
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

UNRESOLVED_MARKERS = ("??", "@fig-", "@tbl-", "{{<")
# A word's right end may pass the column edge by this much: Typst lets a line's last punctuation or
# hyphen hang into the margin (about 2 pt at 11 pt type); a table that does not fit sticks out further.
COLUMN_SLACK_PT = 6.0
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
_LINE = re.compile(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"')
_PAGE = re.compile(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', re.S)


def pdftotext_binary():
    """poppler's pdftotext on PATH, or RuntimeError saying how to install it."""
    found = shutil.which("pdftotext")
    if not found:
        raise RuntimeError("pdftotext not found (Debian: apt-get install poppler-utils)")
    return found


def read_pages(pdf_path):
    """[(page width, [(xMin, yMin, xMax, yMax, text) per word], [(xMin, xMax) per line])] of ``pdf_path``."""
    proc = subprocess.run([pdftotext_binary(), "-bbox-layout", str(pdf_path), "-"],
                          capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise RuntimeError(f"pdftotext failed on {pdf_path} (exit {proc.returncode}): {proc.stderr.strip()[-500:]}")
    pages = []
    for match in _PAGE.finditer(proc.stdout):
        body = match.group(2)
        words = [(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in _WORD.findall(body)]
        lines = [(float(a), float(b)) for a, b in _LINE.findall(body)]
        pages.append((float(match.group(1)), words, lines))
    return pages


def column_right_edge(pages):
    """Right edge of the text column (pt): the page width less the left margin, where most lines start.

    The article's PDFs (Typst, LaTeX, the preview's print) have equal left and right margins; the
    left one is where most lines begin, whereas line ends vary with ragged-right text.
    """
    starts = Counter()
    width = None
    for page_width, _, lines in pages:
        width = width or page_width
        for x_min, _ in lines:
            starts[round(x_min)] += 1
    if not starts:
        return None
    return round(width - starts.most_common(1)[0][0])


def check_pdf(pdf_path, figure_count, table_count):
    """Problems found in the PDF ``pdf_path`` of an article with the given numbers of figures and tables."""
    pdf_path = Path(pdf_path)
    if not pdf_path.is_file():
        return [f"{pdf_path}: PDF not found (run `quarto render` first)"]
    data = pdf_path.read_bytes()
    if not data.startswith(b"%PDF-"):
        return [f"{pdf_path}: not a PDF"]
    pages = read_pages(pdf_path)
    if not pages:
        return [f"{pdf_path}: no pages"]
    problems = []
    lines_text = []
    for _, words, _ in pages:
        lines_text.append(" ".join(w[4] for w in words))
    text = "\n".join(lines_text)
    for kind, count in (("Figure", figure_count), ("Table", table_count)):
        # A caption starts with 'Figure N:'; references in the text ('Figure 2,', 'Figure 2)') have no colon.
        numbers = []
        for m in re.finditer(rf"\b{kind}\s(\d+):", text):
            if int(m.group(1)) not in numbers:
                numbers.append(int(m.group(1)))
        if numbers != list(range(1, count + 1)):
            problems.append(f"{pdf_path}: expected {kind.lower()} captions numbered 1..{count}, "
                            f"found {numbers or 'none'}")
    for marker in UNRESOLVED_MARKERS:
        if marker in text:
            at = text.index(marker)
            problems.append(f"{pdf_path}: unresolved marker '{marker}' in the text: "
                            f"'...{' '.join(text[max(0, at - 40):at + 40].split())}...'")
    edge = column_right_edge(pages)
    if edge is None:
        problems.append(f"{pdf_path}: no line of body text found to measure the text column against")
        return problems
    for number, (width, words, _) in enumerate(pages, start=1):
        outside = [w for w in words if w[2] > edge + COLUMN_SLACK_PT or w[2] > width]
        if outside:
            widest = max(w[2] for w in outside)
            shown = " ".join(w[4] for w in outside[:8])
            problems.append(f"{pdf_path}: page {number}: {len(outside)} word(s) reach past the text column "
                            f"(right edge {edge} pt, page {round(width)} pt wide) up to {widest:.0f} pt: "
                            f"'{shown}' (a table wider than the column?)")
    return problems


def page_count(pdf_path):
    """Number of pages pdftotext finds in ``pdf_path``."""
    return len(read_pages(pdf_path))

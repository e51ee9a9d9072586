"""Headless Chromium: open the built preview as a reader would, check it, take a screenshot, print it.

Uses Debian's ``chromium`` with no extra packages: ``--dump-dom`` of ``browser-probe.html``
(which loads the page in an iframe and reports images that did not decode, dangling
cross-reference links, unresolved markers and each table's width against its text column),
``--screenshot`` for a picture to look at and ``--print-to-pdf`` for the PDF.
"""
import html
import json
import os
import re
import shutil
import struct
import subprocess
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
PROBE = HERE / "browser-probe.html"
BASE_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
              "--allow-file-access-from-files"]


def chromium_binary():
    """Chromium to use: $CHROMIUM, else chromium / chromium-browser / google-chrome on PATH."""
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    raise RuntimeError("no Chromium found (Debian: apt-get install chromium; or set $CHROMIUM)")


def _run(args, timeout=120, what="chromium"):
    proc = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"{what} failed (exit {proc.returncode}): {proc.stderr.strip()[-2000:]}")
    return proc.stdout


def probe(html_path):
    """What the browser saw on ``html_path``: dict with images, danglingXrefs, markers, figureCaptions."""
    page = Path(html_path).resolve().as_uri()
    url = PROBE.as_uri() + "?page=" + quote(page, safe="")
    dom = _run([chromium_binary(), *BASE_FLAGS, "--virtual-time-budget=15000", "--dump-dom", url])
    match = re.search(r'<pre id="result">(.*?)</pre>', dom, re.S)
    if not match or match.group(1) == "pending":
        raise RuntimeError(f"browser probe of {html_path} produced no result")
    return json.loads(html.unescape(match.group(1)))


def problems(report, html_path, figure_count):
    """Messages for everything wrong in a ``probe`` report of a page with ``figure_count`` figures."""
    found = []
    if "error" in report:
        return [f"{html_path}: browser could not inspect the page: {report['error']}"]
    broken = [i["src"] for i in report["images"] if not i["loaded"]]
    if broken:
        found.append(f"{html_path}: images that did not load in Chromium: {', '.join(broken)}")
    if len(report["images"]) != figure_count:
        found.append(f"{html_path}: Chromium shows {len(report['images'])} images, expected {figure_count}")
    if report["danglingXrefs"]:
        found.append(f"{html_path}: cross-reference links to missing targets: {', '.join(report['danglingXrefs'])}")
    if report["markers"]:
        found.append(f"{html_path}: unresolved markers in the rendered text: {', '.join(report['markers'])}")
    for number, table in enumerate(report.get("tables", []), start=1):
        if table["width"] > table["column"] + TABLE_SLACK_PX:
            found.append(f"{html_path}: table {number} ('{' '.join(table['caption'].split())}...') is "
                         f"{table['width']} px wide but its text column is {table['column']} px: fewer or "
                         f"shorter columns (long header words, long cell text) so that it fits")
    return found


# Rounding of a table's width to whole pixels; anything wider scrolls sideways or is cut.
TABLE_SLACK_PX = 1


def screenshot(html_path, png_path, width=1200, height=3000):
    """Write a ``width`` x ``height`` screenshot of ``html_path`` to ``png_path``; returns its path."""
    png_path = Path(png_path).resolve()
    png_path.parent.mkdir(parents=True, exist_ok=True)
    _run([chromium_binary(), *BASE_FLAGS, f"--window-size={width},{height}",
          f"--screenshot={png_path}", Path(html_path).resolve().as_uri()])
    if not png_path.is_file() or png_path.stat().st_size == 0:
        raise RuntimeError(f"chromium wrote no screenshot to {png_path}")
    if bytes_per_pixel(png_path) < BLANK_LIMIT:
        raise RuntimeError(f"the screenshot {png_path} is blank: the page did not paint")
    return png_path


def print_pdf(html_path, pdf_path):
    """Print ``html_path`` to ``pdf_path`` with headless Chromium (page size from the page's CSS); returns the path.

    Raises RuntimeError with Chromium's exit status and last error lines when the print fails,
    and when it leaves no file, a file that is not a PDF, or a PDF without pages.
    """
    pdf_path = Path(pdf_path).resolve()
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    pdf_path.unlink(missing_ok=True)
    _run([chromium_binary(), *BASE_FLAGS, "--no-pdf-header-footer", "--virtual-time-budget=15000",
          f"--print-to-pdf={pdf_path}", Path(html_path).resolve().as_uri()], what="PDF step (chromium --print-to-pdf)")
    data = pdf_path.read_bytes() if pdf_path.is_file() else b""
    if not data.startswith(b"%PDF-"):
        what = "not a PDF" if data else "missing or empty"
        raise RuntimeError(f"PDF step: chromium exited 0 but {pdf_path} is {what}")
    if pdf_page_count(data) == 0:
        raise RuntimeError(f"PDF step: {pdf_path} has no pages")
    return pdf_path


def pdf_page_count(data):
    """Number of page objects (``/Type /Page``) in PDF ``data``, as Chromium writes them (uncompressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


# Chromium's PNG of a blank 1200x1000 viewport is ~0.005 bytes per pixel; pages with text
# and figures measure 0.04-0.12 (fixture and draft article previews).
BLANK_LIMIT = 0.01


def bytes_per_pixel(png_path):
    """File size of a PNG divided by its width x height: near zero for a blank, uniform image."""
    data = Path(png_path).read_bytes()
    width, height = struct.unpack(">II", data[16:24])
    return len(data) / (width * height)

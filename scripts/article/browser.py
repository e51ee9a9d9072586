"""Headless Chromium: open the built preview as a reader would, check it, take a screenshot.

Uses Debian's ``chromium`` with no extra packages: ``--dump-dom`` of ``browser-probe.html``
(which loads the page in an iframe and reports images that did not decode, dangling
cross-reference links and unresolved markers) and ``--screenshot`` for a picture to look at.
"""
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


def _run(args, timeout=120):
    proc = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"chromium failed (exit {proc.returncode}): {proc.stderr.strip()[-2000:]}")
    return proc.stdout


def probe(html_path):
    """What the browser saw on ``html_path``: dict with images, danglingXrefs, markers, figureCaptions."""
    page = Path(html_path).resolve().as_uri()
    url = PROBE.as_uri() + "?page=" + quote(page, safe="")
    dom = _run([chromium_binary(), *BASE_FLAGS, "--virtual-time-budget=15000", "--dump-dom", url])
    match = re.search(r'<pre id="result">(.*?)</pre>', dom, re.S)
    if not match or match.group(1) == "pending":
        raise RuntimeError(f"browser probe of {html_path} produced no result")
    return json.loads(match.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
                      .replace("&quot;", '"'))


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
    return found


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


# Chromium's PNG of a blank 1200x1000 viewport is ~0.005 bytes per pixel; pages with text
# and figures measure 0.04-0.12 (fixture and draft article previews).
BLANK_LIMIT = 0.01


def bytes_per_pixel(png_path):
    """File size of a PNG divided by its width x height: near zero for a blank, uniform image."""
    data = Path(png_path).read_bytes()
    width, height = struct.unpack(">II", data[16:24])
    return len(data) / (width * height)

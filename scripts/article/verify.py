"""Check a built preview page: every figure is an image that exists, every reference resolved.

The HTML is parsed with the standard library; a browser check of the same page (images
actually decoded) is in ``browser.py``.
"""
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from .notebooks import PNG_SIGNATURE

UNRESOLVED_MARKERS = ("??", "@fig-", "@tbl-", "{{<")


class _PageParser(HTMLParser):
    """Collects images, links, caption texts and the visible text of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.images, self.links, self.captions, self.text = [], [], [], []
        self._skip = 0
        self._caption = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "img":
            self.images.append(attrs)
        elif tag == "a":
            self.links.append(attrs)
        elif tag in ("figcaption", "caption") or (tag == "div" and "embed-caption" in attrs.get("class", "")):
            self._caption = []

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        elif self._caption is not None and tag in ("figcaption", "caption", "div"):
            self.captions.append(re.sub(r"[ \t\r\n]+", " ", "".join(self._caption)).strip())
            self._caption = None

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        if self._caption is not None:
            self._caption.append(data)


def verify_page(html_path, figure_count, table_count):
    """Problems found in ``html_path`` for an article with the given numbers of figure and table embeds.

    Checks: exactly ``figure_count`` <img> elements, each a PNG file beside the page (or a
    data: URI) with alt text; captions 'Figure 1..n:' and 'Table 1..m:'; no unresolved
    markers ('??', '@fig-', '@tbl-', '{{<') in the visible text; local links that exist.
    """
    html_path = Path(html_path)
    page = _PageParser()
    page.feed(html_path.read_text(encoding="utf-8"))
    problems = []
    if len(page.images) != figure_count:
        problems.append(f"{html_path}: {len(page.images)} <img> elements but the article embeds "
                        f"{figure_count} figure(s)")
    for img in page.images:
        src = img.get("src", "")
        if not img.get("alt", "").strip():
            problems.append(f"{html_path}: image '{src[:60]}' has no alt text")
        if src.startswith("data:image/png;base64,"):
            continue
        target = html_path.parent / unquote(src)
        if not target.is_file():
            problems.append(f"{html_path}: image '{src}' does not exist ({target})")
        elif not target.read_bytes()[:8] == PNG_SIGNATURE:
            problems.append(f"{html_path}: image '{src}' is not a PNG file")
    for kind, count in (("Figure", figure_count), ("Table", table_count)):
        numbers = [int(m.group(1)) for m in (re.match(rf"{kind}\s(\d+):", c) for c in page.captions) if m]
        if numbers != list(range(1, count + 1)):
            problems.append(f"{html_path}: expected {kind.lower()} captions numbered 1..{count}, "
                            f"found {numbers or 'none'}")
    text = "".join(page.text)
    for marker in UNRESOLVED_MARKERS:
        if marker in text:
            at = text.index(marker)
            problems.append(f"{html_path}: unresolved marker '{marker}' in the text: "
                            f"'...{' '.join(text[max(0, at - 40):at + 40].split())}...'")
    for link in page.links:
        href = link.get("href", "")
        if href.startswith("#"):
            continue
        if "://" not in href and not href.startswith(("mailto:", "data:")):
            target = html_path.parent / unquote(href.split("#", 1)[0])
            if not target.exists():
                problems.append(f"{html_path}: link '{href}' points at a missing file")
    return problems

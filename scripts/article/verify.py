"""Check a built article page: figures, references, Source links, no leftover shortcodes.

Works on the pandoc preview and on Quarto's HTML (``_manuscript/index.html``). The HTML is
parsed with the standard library; a browser check of the same page (images actually decoded,
table widths) is in ``browser.py``.
"""
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from .notebooks import PNG_SIGNATURE

UNRESOLVED_MARKERS = ("??", "@fig-", "@tbl-", "{{<")
# A shortcode in an attribute value or in <head>, also once more escaped ('{{&lt; var x &gt;}}').
SHORTCODE_MARKERS = ("{{<", "{{&lt;")
# The container of one embed: the preview's Div, Quarto's embedded-cell Div.
EMBED_CLASSES = ("embed", "quarto-embed-nb-cell")
SOURCE_LINK_CLASS = "quarto-notebook-link"


class _Embed:
    """One embed container met in the page: its label and the Source links in it."""

    def __init__(self, label, depth):
        self.label = label
        self.depth = depth            # div nesting depth at which it opened
        self.links = []               # (href, text) of its Source links


class _PageParser(HTMLParser):
    """Collects images, links, caption texts, the visible text, embeds with their Source links,
    and shortcodes left in <head> or in attribute values."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.images, self.links, self.captions, self.text = [], [], [], []
        self.embeds, self.shortcodes = [], []
        self._skip = 0
        self._caption = None
        self._head = None             # text seen inside <head>, while in it
        self._divs = 0
        self._embed = None
        self._link = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if value and any(m in value for m in SHORTCODE_MARKERS):
                self.shortcodes.append(f"<{tag} {name}=\"{' '.join(value.split())[:80]}\">")
        if tag == "head":
            self._head = []
        self._track_embeds(tag, attrs)
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "img":
            self.images.append(attrs)
        elif tag == "a":
            self.links.append(attrs)
            if self._embed and SOURCE_LINK_CLASS in attrs.get("class", "").split():
                self._link = [attrs.get("href", ""), []]
        elif tag in ("figcaption", "caption") or (tag == "div" and "embed-caption" in attrs.get("class", "")):
            self._caption = []

    def _track_embeds(self, tag, attrs):
        if tag != "div":
            if self._embed and self._embed.label is None and attrs.get("id", "").startswith(("fig-", "tbl-")):
                self._embed.label = attrs["id"]
            return
        self._divs += 1
        classes = attrs.get("class", "").split()
        if self._embed is None and any(c in classes for c in EMBED_CLASSES):
            self._embed = _Embed(None, self._divs)
            self.embeds.append(self._embed)
        if self._embed and self._embed.label is None and attrs.get("id", "").startswith(("fig-", "tbl-")):
            self._embed.label = attrs["id"]

    def handle_endtag(self, tag):
        if tag == "head" and self._head is not None:
            text = " ".join("".join(self._head).split())
            for marker in SHORTCODE_MARKERS:
                if marker in text:
                    at = text.index(marker)
                    self.shortcodes.append(f"<head> text '...{text[max(0, at - 30):at + 50]}...'")
                    break
            self._head = None
        elif tag == "a" and self._link is not None:
            self._embed.links.append((self._link[0], " ".join("".join(self._link[1]).split())))
            self._link = None
        elif tag == "div":
            if self._embed and self._divs == self._embed.depth:
                self._embed = None
            self._divs -= 1
        if tag in ("script", "style"):
            self._skip -= 1
        elif self._caption is not None and tag in ("figcaption", "caption", "div"):
            self.captions.append(re.sub(r"[ \t\r\n]+", " ", "".join(self._caption)).strip())
            self._caption = None

    def handle_data(self, data):
        if self._head is not None:
            self._head.append(data)
        if self._link is not None:
            self._link[1].append(data)
        if self._skip:
            return
        self.text.append(data)
        if self._caption is not None:
            self._caption.append(data)


def verify_page(html_path, figure_count, table_count):
    """Problems found in ``html_path`` for an article with the given numbers of figure and table embeds.

    Checks: exactly ``figure_count`` <img> elements, each a PNG file beside the page (or a
    data: URI) with alt text; captions 'Figure 1..n:' and 'Table 1..m:'; no unresolved
    markers ('??', '@fig-', '@tbl-', '{{<') in the visible text and no shortcode in <head>
    (meta tags included) or in any attribute; one embed container per figure and table, each
    with exactly one 'Source: ...' link (class quarto-notebook-link) to an anchor that exists
    in a notebook page beside the article; local links that exist.
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
    problems += [f"{html_path}: shortcode left in the page: {s}" for s in page.shortcodes]
    problems += _source_link_problems(html_path, page.embeds, figure_count + table_count)
    for link in page.links:
        href = link.get("href", "")
        if href.startswith("#"):
            continue
        if "://" not in href and not href.startswith(("mailto:", "data:")):
            target = html_path.parent / unquote(href.split("#", 1)[0])
            if not target.exists():
                problems.append(f"{html_path}: link '{href}' points at a missing file")
    return problems


def _source_link_problems(html_path, embeds, expected):
    """Problems with the embeds' 'Source:' links: one per embed, to an anchor that exists."""
    problems = []
    if len(embeds) != expected:
        problems.append(f"{html_path}: {len(embeds)} embedded notebook cells found, expected {expected} "
                        f"(one per figure and table)")
    ids = {}
    for number, embed in enumerate(embeds, start=1):
        name = embed.label or f"embed {number}"
        if len(embed.links) != 1:
            problems.append(f"{html_path}: {name} has {len(embed.links)} 'Source:' links under it, expected 1")
        for href, text in embed.links:
            if not text.startswith("Source: ") or not text[len("Source: "):].strip():
                problems.append(f"{html_path}: {name}: Source link text '{text}' is not 'Source: <notebook title>'")
            target, _, anchor = unquote(href).partition("#")
            target_path = html_path.parent / target
            if "://" in href or not target or not target_path.is_file():
                problems.append(f"{html_path}: {name}: Source link '{href}' does not point at a notebook page "
                                f"beside the article")
                continue
            if target_path not in ids:
                ids[target_path] = set(re.findall(r'\bid="([^"]+)"', target_path.read_text(encoding="utf-8")))
            if not anchor or anchor not in ids[target_path]:
                problems.append(f"{html_path}: {name}: Source link '{href}' names no cell of {target} "
                                f"(no element with id '{anchor}')")
    return problems

"""Tests of the checks that a real `quarto render` showed were missing, and of the Quarto scripts.

Each check gets a fixture that must fail it: the PDF step's exit status, the "Source:" link
under every embed, a table wider than its text column (in the HTML and in a PDF), a shortcode
left in <head>. The Quarto
Lua scripts (scripts/quarto) run here under plain pandoc with a stand-in for Quarto's `quarto`
module. Needs pandoc; the Chromium tests skip without chromium.
python3 -m unittest discover -s scripts/tests
"""
import os
import re
import shutil
import stat
import sys
import subprocess
import tempfile
import unittest
from pathlib import Path
from unittest import mock

import yaml

from test_build_preview import HAS_CHROMIUM, REPO, SCRIPTS, ProjectTest  # noqa: F401 (path set-up)

from article import browser, pdfcheck, verify  # noqa: E402
from article.build import build  # noqa: E402
from article.errors import ArticleError  # noqa: E402

QUARTO = REPO / "scripts" / "quarto"


def fake_chromium(folder, script):
    """An executable 'chromium' in ``folder`` that runs the shell ``script``; returns its path."""
    path = Path(folder) / "fake-chromium"
    path.write_text("#!/bin/sh\n" + script + "\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


class PdfStepTest(ProjectTest):
    """build(pdf=True) prints the preview with Chromium and fails on a failed print."""

    def test_failing_print_fails_the_build_with_its_exit_status(self):
        chromium = fake_chromium(self.tmp.name, "echo 'cannot open display' >&2; exit 3")
        with mock.patch.dict(os.environ, {"CHROMIUM": chromium}):
            problems = self.problems(pdf=True)
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("PDF step (chromium --print-to-pdf) failed (exit 3)", problems[0])
        self.assertIn("cannot open display", problems[0])

    def test_print_that_writes_no_pdf_fails_the_build(self):
        chromium = fake_chromium(self.tmp.name, "exit 0")
        with mock.patch.dict(os.environ, {"CHROMIUM": chromium}):
            [problem] = self.problems(pdf=True)
        self.assertIn("chromium exited 0 but", problem)
        self.assertIn("article.pdf is missing or empty", problem)

    def test_check_article_exits_1_when_the_pdf_step_fails(self):
        chromium = fake_chromium(self.tmp.name, "exit 5")
        proc = subprocess.run([sys.executable, str(SCRIPTS / "check_article.py"), "--root", str(self.project),
                               "--pdf"], capture_output=True, text=True, env={**os.environ, "CHROMIUM": chromium})
        self.assertEqual(proc.returncode, 1, proc.stdout)
        self.assertIn("failed (exit 5)", proc.stderr)

    @unittest.skipUnless(HAS_CHROMIUM, "chromium is not installed")
    def test_pdf_of_the_fixture_has_a4_pages(self):
        result = build(self.project, pdf=True)
        data = result.pdf.read_bytes()
        self.assertEqual(result.pdf, self.project / "_preview" / "article.pdf")
        self.assertTrue(data.startswith(b"%PDF-"))
        self.assertGreaterEqual(browser.pdf_page_count(data), 1)
        # A4 is 595.3 x 841.9 pt (the preview's @page rule); Chromium's default would be Letter, 612 x 792
        boxes = set(re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data))
        self.assertEqual({(round(float(w)), round(float(h))) for w, h in boxes}, {(595, 842)})


class SourceLinkCheckTest(ProjectTest):
    """verify_page wants exactly one 'Source:' link per embed, to an anchor that exists."""

    def built_page(self):
        result = build(self.project)
        return result.html, result.html.read_text(encoding="utf-8")

    def test_missing_source_link_is_reported_for_its_embed(self):
        page, html = self.built_page()
        link = '<a href="notebooks/fixture.html#tbl-demo" class="quarto-notebook-link">Source: Fixture Notebook</a>'
        self.assertEqual(html.count(link), 1)
        page.write_text(html.replace(link, ""), encoding="utf-8")
        self.assertEqual(verify.verify_page(page, 2, 3),
                         [f"{page}: tbl-demo has 0 'Source:' links under it, expected 1"])

    def test_second_source_link_is_reported(self):
        page, html = self.built_page()
        link = '<a href="notebooks/fixture.html#fig-second" class="quarto-notebook-link">Source: Fixture Notebook</a>'
        page.write_text(html.replace(link, link + link), encoding="utf-8")
        self.assertEqual(verify.verify_page(page, 2, 3),
                         [f"{page}: fig-second has 2 'Source:' links under it, expected 1"])

    def test_source_link_to_a_missing_cell_is_reported(self):
        page, html = self.built_page()
        page.write_text(html.replace("fixture.html#fig-demo", "fixture.html#fig-gone"), encoding="utf-8")
        self.assertEqual(verify.verify_page(page, 2, 3),
                         [f"{page}: fig-demo: Source link 'notebooks/fixture.html#fig-gone' names no cell of "
                          f"notebooks/fixture.html (no element with id 'fig-gone')"])

    def test_quarto_shaped_page_is_checked_the_same_way(self):
        folder = Path(self.tmp.name)
        (folder / "notebooks").mkdir()
        (folder / "notebooks" / "nb-preview.html").write_text('<div id="fig-a"></div>')
        embed = ('<div class="quarto-embed-nb-cell"><div id="fig-a" class="cell"><figure><img src="{img}" alt="A">'
                 '<figcaption>Figure 1: A.</figcaption></figure></div>{link}</div>')
        link = '<a href="notebooks/nb-preview.html#fig-a" class="quarto-notebook-link">Source: NB</a>'
        img = "data:image/png;base64,AAAA"
        page = folder / "index.html"
        page.write_text(f"<html><body>{embed.format(img=img, link=link)}</body></html>")
        self.assertEqual(verify.verify_page(page, 1, 0), [])
        page.write_text(f"<html><body>{embed.format(img=img, link='')}</body></html>")
        self.assertEqual(verify.verify_page(page, 1, 0), [f"{page}: fig-a has 0 'Source:' links under it, expected 1"])


class HeadShortcodeCheckTest(unittest.TestCase):
    """A shortcode left in a meta tag (as Quarto's citation_abstract had) fails the page check."""

    def check(self, head):
        with tempfile.TemporaryDirectory() as tmp:
            page = Path(tmp) / "page.html"
            page.write_text(f"<html><head>{head}</head><body><p>Text.</p></body></html>")
            return verify.verify_page(page, 0, 0)

    def test_shortcode_in_a_meta_tag_is_reported(self):
        problems = self.check('<meta name="citation_abstract" content="reaches {{&lt; var accuracy.best &gt;}}.">')
        self.assertEqual(len(problems), 1, problems)
        self.assertIn('shortcode left in the page: <meta content="reaches {{< var accuracy.best >}}.">', problems[0])

    def test_twice_escaped_shortcode_is_reported(self):
        [problem] = self.check('<meta name="citation_abstract" content="({{&amp;lt; var run &amp;gt;}})">')
        self.assertIn('<meta content="({{&lt; var run &gt;}})">', problem)

    def test_shortcode_in_the_title_is_reported(self):
        problems = self.check("<title>Paper {{< var title >}}</title>")
        self.assertTrue(any("shortcode left in the page: <head> text '...Paper {{< var title >}}...'" in p
                            for p in problems), problems)

    def test_resolved_meta_passes(self):
        self.assertEqual(self.check('<meta name="citation_abstract" content="reaches 99.40 %.">'), [])


@unittest.skipUnless(HAS_CHROMIUM, "chromium is not installed")
class TableWidthCheckTest(ProjectTest):
    """The browser check measures every table against its text column."""

    def test_fixture_tables_fit_and_a_wide_table_does_not(self):
        self.add_to_article("{{< embed notebooks/wide.ipynb#tbl-wide >}}")
        result = build(self.project)
        report = browser.probe(result.html)
        tables = report["tables"]
        self.assertEqual(len(tables), 3)   # tbl-demo, tbl-md, tbl-wide (tbl-text is preformatted text)
        column = tables[0]["column"]
        self.assertTrue(all(t["column"] == column for t in tables), tables)
        self.assertLess(tables[0]["width"], column)
        self.assertGreater(tables[2]["width"], column)
        problems = browser.problems(report, result.html, 2)
        self.assertEqual(len(problems), 1, problems)
        self.assertIn(f"table 3 ('Table 4: Too many wide columns....') is {tables[2]['width']} px wide but its "
                      f"text column is {column} px", problems[0])

    def test_check_article_browser_fails_on_the_wide_table(self):
        self.add_to_article("{{< embed notebooks/wide.ipynb#tbl-wide >}}")
        proc = self.run_script("check_article.py", "--browser", "--screenshot", str(Path(self.tmp.name) / "s.png"))
        self.assertEqual(proc.returncode, 1, proc.stdout)
        self.assertIn("px wide but its text column is", proc.stderr)


HAS_PDFTOTEXT = shutil.which("pdftotext") is not None


@unittest.skipUnless(HAS_CHROMIUM and HAS_PDFTOTEXT, "chromium or pdftotext (poppler-utils) is not installed")
class PdfCheckTest(ProjectTest):
    """check_pdf (check_article.py --page-pdf) on the fixture's printed preview: captions, markers, column."""

    def test_fixture_pdf_passes(self):
        result = build(self.project, pdf=True)
        self.assertEqual(pdfcheck.check_pdf(result.pdf, len(result.figures), len(result.tables)), [])

    def test_table_wider_than_the_column_is_reported_with_its_page(self):
        self.add_to_article("{{< embed notebooks/wide.ipynb#tbl-wide >}}")
        result = build(self.project, pdf=True)
        problems = pdfcheck.check_pdf(result.pdf, len(result.figures), len(result.tables))
        self.assertTrue(problems, "the wide table was not found sticking out of the column")
        self.assertAnyProblem(problems, "reach past the text column", "a table wider than the column?")

    def test_missing_caption_and_unresolved_marker_are_reported(self):
        result = build(self.project, pdf=True)
        problems = pdfcheck.check_pdf(result.pdf, len(result.figures) + 1, len(result.tables))
        self.assertAnyProblem(problems, f"expected figure captions numbered 1..{len(result.figures) + 1}")
        html = result.html.read_text(encoding="utf-8").replace("</h1>", " see ?? here</h1>", 1)
        result.html.write_text(html, encoding="utf-8")
        printed = browser.print_pdf(result.html, Path(self.tmp.name) / "marker.pdf")
        self.assertAnyProblem(pdfcheck.check_pdf(printed, len(result.figures), len(result.tables)),
                              "unresolved marker '??'")

    def test_check_article_page_pdf_fails_on_a_file_that_is_not_a_pdf(self):
        build(self.project)
        (self.project / "broken.pdf").write_text("not a pdf")
        proc = self.run_script("check_article.py", "--page", "_preview/article.html", "--page-pdf", "broken.pdf")
        self.assertEqual(proc.returncode, 1, proc.stdout)
        self.assertIn("broken.pdf: not a PDF", proc.stderr)


def run_pandoc_lua(script, stdin="", env=None, cwd=None, args=()):
    """pandoc from markdown with ``script`` as Lua filter (how Quarto runs .lua post-render scripts)."""
    return subprocess.run(["pandoc", "--from", "markdown", "--to", "plain", "--lua-filter", str(script), *args],
                          input=stdin, capture_output=True, text=True, env={**os.environ, **(env or {})}, cwd=cwd)


class SourceLinksFilterTest(unittest.TestCase):
    """scripts/quarto/source-links.lua under pandoc, with a stand-in for Quarto's `quarto` module."""

    EMBED = ('::: {{.quarto-embed-nb-cell notebook="/p/notebooks/02-opt.ipynb" notebook-title="Optimizers" '
             'notebook-cellId="cell-{label}"}}\n::: {{#{label}}}\nOutput.\n:::\n:::\n')

    def render(self, markdown, output_format="html"):
        with tempfile.TemporaryDirectory() as tmp:
            wrapper = Path(tmp) / "wrapper.lua"
            wrapper.write_text(
                "quarto = { doc = { input_file = '/p/article.qmd', "
                f"is_format = function(f) return f == '{output_format}' end }} }}\n"
                f"return dofile('{QUARTO / 'source-links.lua'}')\n")
            proc = subprocess.run(["pandoc", "--from", "markdown", "--to", "html", "--wrap=none",
                                   "--lua-filter", str(wrapper)], input=markdown, capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc.stdout

    def test_each_embed_gets_one_link_to_its_output_in_the_preview_page(self):
        html = self.render(self.EMBED.format(label="fig-a") + "\nText.\n\n" + self.EMBED.format(label="tbl-b"))
        links = re.findall(r'<a href="([^"]+)" class="quarto-notebook-link">([^<]+)</a>', html)
        self.assertEqual(links, [("notebooks/02-opt-preview.html#fig-a", "Source: Optimizers"),
                                 ("notebooks/02-opt-preview.html#tbl-b", "Source: Optimizers")])

    def test_other_formats_and_other_divs_are_left_alone(self):
        self.assertNotIn("Source:", self.render(self.EMBED.format(label="fig-a"), output_format="typst"))
        self.assertNotIn("Source:", self.render("::: {.cell notebook=\"/p/x.ipynb\"}\nText.\n:::\n"))


class LatexTablesFilterTest(unittest.TestCase):
    """scripts/quarto/latex-tables.lua: smaller tables in the LaTeX PDF only."""

    def included(self, output_format):
        with tempfile.TemporaryDirectory() as tmp:
            wrapper = Path(tmp) / "wrapper.lua"
            wrapper.write_text(
                "local seen = {}\n"
                "quarto = { doc = { is_format = function(f) return f == '" + output_format + "' end, "
                "include_text = function(where, text) table.insert(seen, where .. ':' .. text) end } }\n"
                f"dofile('{QUARTO / 'latex-tables.lua'}')\n"
                "io.stderr:write(table.concat(seen, '|'))\n"
                "return {}\n")
            proc = subprocess.run(["pandoc", "--from", "markdown", "--to", "plain", "--lua-filter", str(wrapper)],
                                  input="x", capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc.stderr

    def test_latex_gets_small_tables_in_the_header(self):
        included = self.included("latex")
        self.assertTrue(included.startswith("in-header:"), included)
        self.assertIn("\\AddToHook{env/longtable/begin}{\\footnotesize}", included)

    def test_other_formats_get_nothing(self):
        self.assertEqual(self.included("html"), "")
        self.assertEqual(self.included("typst"), "")


class CitationAbstractScriptTest(unittest.TestCase):
    """scripts/quarto/citation-abstract.lua, run as Quarto runs a .lua post-render script."""

    HEAD = '<meta name="citation_abstract" content="{content}">'
    ABSTRACT = ('<div class="abstract"><div class="block-title">Abstract</div>'
                '<p>Adam reaches 99.26 % &amp; more\n(depth 3).</p></div>')

    def post_render(self, page_html):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "_manuscript"
            out.mkdir()
            (out / "index.html").write_text(page_html, encoding="utf-8")
            files = "_manuscript/index.html\n_manuscript/article.pdf"
            proc = run_pandoc_lua(QUARTO / "citation-abstract.lua", cwd=tmp, env={"QUARTO_PROJECT_OUTPUT_FILES": files})
            return proc, (out / "index.html").read_text(encoding="utf-8")

    def test_shortcodes_in_the_tag_are_replaced_by_the_rendered_abstract(self):
        page = (f"<html><head>{self.HEAD.format(content='Adam reaches {{&lt; var a &gt;}}')}</head>"
                f"<body><header><div>{self.ABSTRACT}</div></header></body></html>")
        proc, html = self.post_render(page)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn(self.HEAD.format(content="Adam reaches 99.26 % &amp; more (depth 3)."), html)
        self.assertEqual(html.replace(self.HEAD.format(content="Adam reaches 99.26 % &amp; more (depth 3)."), ""),
                         page.replace(self.HEAD.format(content="Adam reaches {{&lt; var a &gt;}}"), ""))

    def test_file_list_may_come_in_a_file(self):
        page = (f"<html><head>{self.HEAD.format(content='{{&lt; var a &gt;}}')}</head>"
                f"<body>{self.ABSTRACT}</body></html>")
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "page.html").write_text(page, encoding="utf-8")
            (Path(tmp) / "files.txt").write_text("page.html\n")
            proc = run_pandoc_lua(QUARTO / "citation-abstract.lua", cwd=tmp,
                                  env={"QUARTO_USE_FILE_FOR_PROJECT_OUTPUT_FILES": str(Path(tmp) / "files.txt")})
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertIn(self.HEAD.format(content="Adam reaches 99.26 % &amp; more (depth 3)."),
                          (Path(tmp) / "page.html").read_text(encoding="utf-8"))

    def test_tag_without_shortcode_is_left_as_it_is(self):
        page = f"<html><head>{self.HEAD.format(content='Plain.')}</head><body>{self.ABSTRACT}</body></html>"
        proc, html = self.post_render(page)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(html, page)

    def test_shortcode_without_a_rendered_abstract_fails_the_render(self):
        page = f"<html><head>{self.HEAD.format(content='{{&lt; var a &gt;}}')}</head><body><p>x</p></body></html>"
        proc, html = self.post_render(page)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("_manuscript/index.html: <meta name=\"citation_abstract\"> holds a shortcode", proc.stderr)
        self.assertEqual(html, page)


class QuartoProjectTest(unittest.TestCase):
    """The repository's _quarto.yml asks a stock Quarto (no TeX) for what the article needs."""

    def setUp(self):
        self.config = yaml.safe_load((REPO / "_quarto.yml").read_text(encoding="utf-8"))

    def test_default_render_is_html_and_typst_pdf_without_latex(self):
        self.assertEqual(list(self.config["format"]), ["html", "typst"])
        self.assertEqual(self.config["papersize"], "a4")   # both PDFs (Typst here, LaTeX with --to pdf)

    def test_source_links_come_from_the_project_filter_not_from_quarto(self):
        self.assertEqual(self.config["filters"][0], "scripts/quarto/source-links.lua")
        self.assertEqual(self.config["format"]["html"]["notebook-links"], "global")

    def test_scripts_and_styles_it_names_exist(self):
        named = [self.config["project"]["post-render"], *self.config["filters"],
                 self.config["format"]["html"]["css"], self.config["format"]["typst"]["include-in-header"]]
        self.assertEqual(named, ["scripts/quarto/citation-abstract.lua", "scripts/quarto/source-links.lua",
                                 "scripts/quarto/latex-tables.lua", "scripts/quarto/article.css",
                                 "scripts/quarto/article.typ"])
        for path in named:
            self.assertTrue((REPO / path).is_file(), path)

    def test_latex_pdf_has_the_typst_margins_and_no_latex_in_the_default_render(self):
        self.assertEqual(self.config["geometry"], ["margin=1.25in"])
        self.assertNotIn("pdf", self.config["format"])      # `quarto render` must not need TeX
        self.assertNotIn("header-includes", self.config)    # Quarto would copy raw LaTeX into every format

    def test_readme_lists_the_three_article_commands(self):
        readme = (REPO / "README.md").read_text(encoding="utf-8")
        lines = {line.split(" #")[0].strip() for line in readme.splitlines()}   # shell lines, comments dropped
        for command in ("quarto render", "quarto render --to html -M format-links:false", "quarto render --to pdf"):
            self.assertIn(command, lines, f"README lacks the line '{command}'")


if __name__ == "__main__":
    unittest.main()

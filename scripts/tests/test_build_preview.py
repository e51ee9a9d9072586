"""Tests of the pandoc-only article preview (scripts/article) on the fixture project.

The fixture (fixtures/project) is a tiny manuscript: article.qmd, _variables.yml,
_quarto.yml, references.bib and two executed Java-kernel notebooks written by
make_fixture_notebook.py (fixture.ipynb: good cells; faulty.ipynb: broken ones).
Standard library unittest (plus PyYAML, already pinned in notebooks/requirements.txt), so it
needs nothing else: python3 -m unittest discover -s scripts/tests -v
(pytest runs it as well). Needs pandoc; the browser tests need chromium and skip without it.
"""
import base64
import json
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent.parent
REPO = SCRIPTS.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "project"
sys.path.insert(0, str(SCRIPTS))

from article import browser, variables, verify  # noqa: E402
from article.build import build  # noqa: E402
from article.embeds import find as find_embeds  # noqa: E402
from article.errors import ArticleError  # noqa: E402
from article.frontmatter import split as split_front_matter  # noqa: E402
from article.notebooks import parse_options  # noqa: E402
from article.xrefs import unknown_citations  # noqa: E402

import yaml  # noqa: E402

NBSP = "\u00a0"
HAS_CHROMIUM = any(shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome"))


def copy_fixture(parent):
    """A private copy of the fixture project under ``parent``."""
    target = Path(parent) / "project"
    shutil.copytree(FIXTURE, target)
    return target


def notebook_png(label):
    """The PNG bytes stored in the fixture notebook for the cell labelled ``label``."""
    cells = json.loads((FIXTURE / "notebooks" / "fixture.ipynb").read_text())["cells"]
    cell = next(c for c in cells if f"label: {label}" in "".join(c["source"]))
    return base64.b64decode(cell["outputs"][0]["data"]["image/png"])


class BuiltFixtureTest(unittest.TestCase):
    """The fixture project built once; each test reads the result."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.project = copy_fixture(cls.tmp.name)
        cls.result = build(cls.project)
        cls.html = cls.result.html.read_text(encoding="utf-8")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_figures_are_written_from_the_notebook_and_numbered_in_order(self):
        figures = self.result.html.parent / "figures"
        self.assertEqual([e.label for e in self.result.figures], ["fig-demo", "fig-second"])
        self.assertEqual((figures / "fig-demo.png").read_bytes(), notebook_png("fig-demo"))
        self.assertEqual((figures / "fig-second.png").read_bytes(), notebook_png("fig-second"))
        self.assertIn(f"<figcaption>Figure{NBSP}1: Three bars of the <em>demo</em> data.</figcaption>", self.html)
        self.assertIn(f"<figcaption>Figure{NBSP}2: A decaying curve.</figcaption>", self.html)
        self.assertIn('alt="Bar chart with three blue bars of increasing height."', self.html)
        self.assertEqual(self.html.count("<img "), 2)

    def test_tables_are_numbered_with_captions_for_html_markdown_and_text(self):
        self.assertEqual([e.label for e in self.result.tables], ["tbl-demo", "tbl-md", "tbl-text"])
        self.assertIn(f"<caption>Table{NBSP}1: An HTML table.</caption>", self.html)
        self.assertIn("<td>adam</td>", self.html)
        self.assertIn("<td>0.990</td>", self.html)
        self.assertIn(f"<caption>Table{NBSP}2: A markdown table.</caption>", self.html)
        self.assertIn('<td style="text-align: right;">4.25</td>', self.html)
        self.assertIn(f"<p>Table{NBSP}3: A plain-text table.</p>", self.html)
        self.assertIn("k  accuracy\n1  0.95", self.html)

    def test_cross_references_become_links_with_numbers(self):
        self.assertIn(f'<a href="#fig-demo" class="quarto-xref">Figure{NBSP}1</a>', self.html)
        self.assertIn(f'<a href="#tbl-demo" class="quarto-xref">Table{NBSP}1</a>', self.html)
        # '[@fig-second]' gives the full name, bare '-@fig-second' the number only (Quarto's rule)
        self.assertIn(f'See <a href="#fig-second" class="quarto-xref">Figure{NBSP}2</a>', self.html)
        self.assertIn('; <a href="#fig-second" class="quarto-xref">2</a> is the other figure', self.html)
        self.assertIn(f'class="quarto-xref">Table{NBSP}3</a>', self.html)

    def test_variables_are_substituted_in_body_and_abstract(self):
        self.assertIn("Adam reached 0.9912 after 7 epochs.", self.html)
        self.assertIn("A fixture whose best accuracy is 99.1 %.", self.html)
        self.assertNotIn("{{&lt;", self.html)

    def test_citations_are_numeric_ieee_with_bibliography(self):
        self.assertIn('<a href="#ref-lecun1998" role="doc-biblioref">[1]</a>', self.html)
        self.assertIn('<a href="#ref-goodfellow2016" role="doc-biblioref">[3]</a>', self.html)
        text = " ".join(re.sub(r"<[^>]+>", "", self.html).split())
        self.assertIn("Y. LeCun, L. Bottou, Y. Bengio, and P. Haffner, “Gradient-based learning applied to "
                      "document recognition,” Proceedings of the IEEE, vol. 86, no. 11, pp. 2278–2324, 1998.", text)

    def test_each_embed_links_its_cell_in_the_notebook_view(self):
        links = re.findall(r'<a href="([^"]+)" class="quarto-notebook-link">Source: ([^<]+)</a>', self.html)
        labels = ["fig-demo", "tbl-demo", "fig-second", "tbl-md", "tbl-text"]
        self.assertEqual(links, [(f"notebooks/fixture.html#{label}", "Fixture Notebook") for label in labels])
        view = (self.result.html.parent / "notebooks" / "fixture.html").read_text(encoding="utf-8")
        self.assertIn("<title>Fixture Notebook</title>", view)
        for label in labels:                             # ids given by notebook-view.lua
            self.assertEqual(view.count(f'id="{label}"'), 1, label)
        self.assertIn("<td>conv1</td>", view)           # text/markdown output parsed by notebook-view.lua
        self.assertIn("data:image/png;base64,", view)   # self-contained

    def test_sections_are_numbered_and_references_are_not(self):
        self.assertIn('<span class="header-section-number">1</span> Introduction', self.html)
        self.assertIn('<span class="header-section-number">2</span> Results', self.html)
        self.assertIn('<h1 class="unnumbered" id="references">References</h1>', self.html)

    def test_verify_page_accepts_the_built_page(self):
        self.assertEqual(verify.verify_page(self.result.html, 2, 3), [])


class ProjectTest(unittest.TestCase):
    """Each test gets its own copy of the fixture project to break."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.project = copy_fixture(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def add_to_article(self, text):
        path = self.project / "article.qmd"
        marker = "# References {.unnumbered}"
        path.write_text(path.read_text(encoding="utf-8").replace(marker, text + "\n\n" + marker), encoding="utf-8")

    def problems(self, **kwargs):
        with self.assertRaises(ArticleError) as info:
            build(self.project, **kwargs)
        return info.exception.problems

    def assertAnyProblem(self, problems, *parts):
        self.assertTrue(any(all(part in p for part in parts) for p in problems),
                        f"no problem contains {parts}:\n" + "\n".join(problems))

    def run_script(self, name, *args):
        return subprocess.run([sys.executable, str(SCRIPTS / name), "--root", str(self.project), *args],
                              capture_output=True, text=True)


class CommandLineTest(ProjectTest):

    def test_build_preview_builds_and_reports_counts(self):
        proc = self.run_script("build_preview.py")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("(2 figures, 3 tables)", proc.stdout)
        self.assertTrue((self.project / "_preview" / "article.html").is_file())

    def test_check_article_fails_with_exit_1_and_lists_problems(self):
        self.add_to_article("See @fig-gone.")
        proc = self.run_script("check_article.py")
        self.assertEqual(proc.returncode, 1)
        self.assertIn("FAILED", proc.stderr)
        self.assertIn("1 problem in the article", proc.stderr)
        self.assertIn("@fig-gone", proc.stderr)

    def test_check_article_reports_open_claim_checks_and_fails_on_them_when_final(self):
        self.add_to_article("<!-- CLAIM-CHECK: confirm this -->")
        proc = self.run_script("check_article.py")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("1 open CLAIM-CHECK marker", proc.stderr)
        proc = self.run_script("check_article.py", "--final")
        self.assertEqual(proc.returncode, 1)
        self.assertIn("article.qmd:", proc.stderr)
        self.assertIn("CLAIM-CHECK: confirm this", proc.stderr)


class NegativeTest(ProjectTest):
    """Each fault names the file, the value and what was expected."""

    def test_missing_label_is_an_error_listing_the_labels_present(self):
        self.add_to_article("{{< embed notebooks/fixture.ipynb#fig-nolabel >}}")
        [problem] = self.problems()
        self.assertIn("article.qmd:", problem)
        self.assertIn("no cell with label 'fig-nolabel'", problem)
        self.assertIn("labels present: fig-demo, tbl-demo, fig-second, tbl-md, tbl-text", problem)

    def test_missing_notebook_is_an_error(self):
        self.add_to_article("{{< embed notebooks/02-missing.ipynb#fig-x >}}")
        [problem] = self.problems()
        self.assertIn("02-missing.ipynb: notebook not found", problem)

    def test_missing_variable_key_is_an_error_naming_the_key(self):
        self.add_to_article("RMSProp: {{< var optimizers.rmsprop.test_accuracy >}}.")
        [problem] = self.problems()
        self.assertIn("key 'optimizers.rmsprop.test_accuracy'", problem)
        self.assertIn("'rmsprop' not found under optimizers", problem)

    def test_variable_naming_a_mapping_is_an_error(self):
        self.add_to_article("{{< var optimizers.adam >}}")
        [problem] = self.problems()
        self.assertIn("names a mapping, not a single value", problem)

    def test_missing_variables_file_is_an_error(self):
        (self.project / "_variables.yml").unlink()
        [problem] = self.problems()
        self.assertIn("_variables.yml: variables file not found", problem)

    def test_unresolved_cross_reference_is_an_error(self):
        self.add_to_article("As @fig-unknown shows.")
        [problem] = self.problems()
        self.assertIn("unresolved cross-reference @fig-unknown", problem)

    def test_cell_without_output_is_an_error(self):
        self.add_to_article("{{< embed notebooks/faulty.ipynb#fig-noout >}}")
        self.assertAnyProblem(self.problems(), "fig-noout", "needs exactly one image/png output",
                              "no outputs at all", "committed executed")

    def test_figure_cell_that_only_printed_text_is_an_error(self):
        self.add_to_article("{{< embed notebooks/faulty.ipynb#fig-printed >}}")
        self.assertAnyProblem(self.problems(), "fig-printed", "(outputs: stream)")

    def test_table_cell_with_only_an_image_is_an_error(self):
        self.add_to_article("{{< embed notebooks/faulty.ipynb#tbl-image >}}")
        self.assertAnyProblem(self.problems(), "tbl-image", "needs a text/html, text/markdown or text/plain",
                              "display_data(image/png)")

    def test_cell_that_raised_is_an_error(self):
        self.add_to_article("{{< embed notebooks/faulty.ipynb#tbl-failed >}}")
        self.assertAnyProblem(self.problems(), "raised an error", "java.lang.RuntimeException: boom")

    def test_python_style_options_in_a_java_notebook_are_reported(self):
        self.add_to_article("{{< embed notebooks/faulty.ipynb#fig-wrongstyle >}}")
        problems = self.problems()
        self.assertAnyProblem(problems, "cell option written as '#|' but this java notebook needs '//|'")
        self.assertAnyProblem(problems, "no cell with label 'fig-wrongstyle'", "'//| label: fig-wrongstyle'")

    def test_figure_without_caption_is_an_error(self):
        self.add_to_article("{{< embed notebooks/faulty.ipynb#fig-nocap >}}")
        self.assertAnyProblem(self.problems(), "fig-cap, fig-alt missing", "'//| fig-cap: ...'")

    def test_embed_must_stand_alone_and_use_fig_or_tbl_labels(self):
        self.add_to_article("Inline {{< embed notebooks/fixture.ipynb#fig-demo >}} here.\n\n"
                            "{{< embed notebooks/fixture.ipynb#demo >}}")
        problems = self.problems()
        self.assertAnyProblem(problems, "must stand alone on its line")
        self.assertAnyProblem(problems, "label 'demo' must start with 'fig-' or 'tbl-'")

    def test_citation_missing_from_bibliography_is_an_error(self):
        self.add_to_article("As shown before [@nobody2020].")
        [problem] = self.problems()
        self.assertIn("citation @nobody2020 is not in", problem)
        self.assertIn("references.bib", problem)

    def test_all_problems_are_reported_together(self):
        self.add_to_article("{{< var nope >}} @tbl-nothing\n\n{{< embed notebooks/fixture.ipynb#tbl-none >}}")
        problems = self.problems()
        self.assertEqual(len(problems), 3, problems)
        self.assertIn("key 'nope'", problems[0])
        self.assertIn("@tbl-nothing", problems[1])
        self.assertIn("no cell with label 'tbl-none'", problems[2])

    def test_draft_mode_shows_placeholders_instead_of_failing(self):
        self.add_to_article("{{< embed notebooks/01-later.ipynb#fig-later >}}\n\nSee @fig-later.")
        result = build(self.project, draft=True)
        html = result.html.read_text(encoding="utf-8")
        self.assertTrue(any("01-later.ipynb: notebook not found" in w for w in result.warnings))
        self.assertIn('id="fig-later" class="embed embed-missing"', html)
        self.assertIn(f'class="quarto-xref">Figure{NBSP}3</a>', html)

    def test_builder_refuses_to_empty_a_foreign_folder(self):
        (self.project / "mine").mkdir()
        (self.project / "mine" / "keep.txt").write_text("precious")
        problems = self.problems(out="mine")
        self.assertIn("refusing to empty it", problems[0])
        self.assertEqual((self.project / "mine" / "keep.txt").read_text(), "precious")


class PageCheckTest(ProjectTest):
    """The checks of the built page (static HTML, and Chromium)."""

    def test_verify_page_finds_missing_image_and_wrong_counts(self):
        result = build(self.project)
        (result.html.parent / "figures" / "fig-demo.png").unlink()
        problems = verify.verify_page(result.html, 3, 3)
        self.assertAnyProblem(problems, "3 figure(s)", "2 <img>")
        self.assertAnyProblem(problems, "figures/fig-demo.png' does not exist")
        self.assertAnyProblem(problems, "figure captions numbered 1..3, found [1, 2]")

    def test_verify_page_finds_unresolved_markers(self):
        page = Path(self.tmp.name) / "page.html"
        page.write_text("<html><body><p>See @fig-x and ??.</p></body></html>")
        problems = verify.verify_page(page, 0, 0)
        self.assertAnyProblem(problems, "'??'")
        self.assertAnyProblem(problems, "'@fig-'")

    def test_lua_filter_alone_fails_on_unresolved_reference(self):
        source = Path(self.tmp.name) / "x.md"
        source.write_text("::: {#fig-a}\n![cap](a.png)\n:::\n\nSee @fig-a and @fig-b.\n")
        proc = subprocess.run(["pandoc", str(source), "--lua-filter", str(SCRIPTS / "article" / "crossref.lua"),
                               "-t", "html"], capture_output=True, text=True)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("unresolved cross-reference @fig-b", proc.stderr)

    @unittest.skipUnless(HAS_CHROMIUM, "chromium is not installed")
    def test_browser_loads_every_figure_and_takes_a_screenshot(self):
        result = build(self.project)
        report = browser.probe(result.html)
        self.assertEqual([i["loaded"] for i in report["images"]], [True, True])
        self.assertEqual([i["width"] for i in report["images"]], [240, 240])
        self.assertEqual(browser.problems(report, result.html, 2), [])
        shot = browser.screenshot(result.html, Path(self.tmp.name) / "shot.png", height=600)
        self.assertEqual(shot.read_bytes()[:8], b"\x89PNG\r\n\x1a\n")
        self.assertGreater(browser.bytes_per_pixel(shot), browser.BLANK_LIMIT)

    @unittest.skipUnless(HAS_CHROMIUM, "chromium is not installed")
    def test_blank_screenshot_is_refused(self):
        page = Path(self.tmp.name) / "blank.html"
        page.write_text("<html><body style='background:#fff'></body></html>")
        with self.assertRaisesRegex(RuntimeError, "is blank"):
            browser.screenshot(page, Path(self.tmp.name) / "blank.png", height=600)

    @unittest.skipUnless(HAS_CHROMIUM, "chromium is not installed")
    def test_browser_reports_an_image_that_does_not_load(self):
        result = build(self.project)
        (result.html.parent / "figures" / "fig-second.png").write_bytes(b"not a png")
        found = browser.problems(browser.probe(result.html), result.html, 2)
        self.assertEqual(found, [f"{result.html}: images that did not load in Chromium: figures/fig-second.png"])


class UnitTest(unittest.TestCase):

    def test_lookup_formats_scalars_and_rejects_null(self):
        values = {"a": {"b": 7, "c": 0.25, "d": True, "e": None}}
        self.assertEqual(variables.lookup(values, "a.b"), "7")
        self.assertEqual(variables.lookup(values, "a.c"), "0.25")
        self.assertEqual(variables.lookup(values, "a.d"), "true")
        with self.assertRaisesRegex(KeyError, "empty"):
            variables.lookup(values, "a.e")

    def test_cell_options_are_yaml_with_quoting(self):
        options, problems = parse_options('//| label: fig-x\n//| fig-cap: "Loss: train vs. test"\nplot();',
                                          "//|", "nb cell 1", "java")
        self.assertEqual(options, {"label": "fig-x", "fig-cap": "Loss: train vs. test"})
        self.assertEqual(problems, [])


EXPECTED_EMBEDS = [
    ("notebooks/01-data.ipynb", "fig-samples"),
    ("notebooks/02-optimizers.ipynb", "fig-accuracy"),
    ("notebooks/02-optimizers.ipynb", "fig-error"),
    ("notebooks/02-optimizers.ipynb", "tbl-optimizers"),
    ("notebooks/05-architecture-regularization.ipynb", "tbl-architecture"),
    ("notebooks/05-architecture-regularization.ipynb", "fig-architecture"),
    ("notebooks/03-weights.ipynb", "fig-weights"),
    ("notebooks/03-weights.ipynb", "tbl-weight-stats"),
    ("notebooks/04-activations.ipynb", "fig-tsne"),
    ("notebooks/04-activations.ipynb", "fig-filters"),
    ("notebooks/04-activations.ipynb", "tbl-filter-structure"),
    ("notebooks/04-activations.ipynb", "tbl-separation"),
    ("notebooks/06-layers.ipynb", "fig-probes"),
    ("notebooks/06-layers.ipynb", "fig-cka"),
    ("notebooks/06-layers.ipynb", "fig-reinit"),
    ("notebooks/06-layers.ipynb", "fig-spectra"),
    ("notebooks/06-layers.ipynb", "fig-transfer"),
    ("notebooks/07-fashion-mnist.ipynb", "tbl-datasets"),
    ("notebooks/07-fashion-mnist.ipynb", "fig-datasets-error"),
    ("notebooks/07-fashion-mnist.ipynb", "tbl-datasets-dropout"),
    ("notebooks/07-fashion-mnist.ipynb", "tbl-datasets-separation"),
    ("notebooks/07-fashion-mnist.ipynb", "fig-datasets-tsne"),
    ("notebooks/07-fashion-mnist.ipynb", "tbl-datasets-weights"),
    ("notebooks/07-fashion-mnist.ipynb", "fig-datasets-probes"),
    ("notebooks/07-fashion-mnist.ipynb", "tbl-datasets-principles"),
]


class RealArticleTest(unittest.TestCase):
    """The repository's own article.qmd, _variables.yml.example, references.bib and _quarto.yml."""

    def setUp(self):
        self.text = (REPO / "article.qmd").read_text(encoding="utf-8")
        _, self.body, self.offset = split_front_matter(self.text, "article.qmd")

    def test_embeds_the_agreed_labels(self):
        embeds, problems = find_embeds(self.body, "article.qmd", self.offset)
        self.assertEqual(problems, [])
        self.assertEqual([(e.notebook, e.label) for e in embeds], EXPECTED_EMBEDS)

    def test_every_variable_is_in_the_example_file(self):
        example = variables.load_variables(REPO / "_variables.yml.example")
        _, problems = variables.substitute(self.text, example, "article.qmd", "_variables.yml.example")
        self.assertEqual(problems, [])
        self.assertGreaterEqual(len(set(variables.used_keys(self.text))), 30)

    def test_citations_are_in_references_bib(self):
        self.assertEqual(unknown_citations(self.body, [REPO / "references.bib"], "article.qmd"), [])
        for key in ("rosenblatt1958", "rumelhart1986", "lecun1998", "zeiler2014", "goodfellow2016", "xiao2017",
                    "fashionbenchmarks"):
            self.assertIn(f"@{key}", self.body)

    def test_quarto_config_lists_every_embedded_notebook_in_reading_order_and_does_not_execute(self):
        config = yaml.safe_load((REPO / "_quarto.yml").read_text(encoding="utf-8"))
        self.assertEqual(config["project"]["type"], "manuscript")
        self.assertEqual(config["manuscript"]["article"], "article.qmd")
        # plain paths: Quarto orders these by position (objects by title) and titles them by heading
        self.assertEqual(config["manuscript"]["notebooks"], sorted({nb for nb, _ in EXPECTED_EMBEDS}))
        self.assertEqual(config["execute"], {"enabled": False, "freeze": True})


if __name__ == "__main__":
    unittest.main()

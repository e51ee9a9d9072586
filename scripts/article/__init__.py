"""Build and check the article without Quarto.

Quarto cannot be installed on the project's machines, so this package turns
``article.qmd`` into an HTML preview with pandoc alone: it resolves the Quarto
shortcodes the article uses (``{{< var >}}``, ``{{< embed >}}``) in Python and
leaves numbering, cross-references (``crossref.lua``) and citations
(``--citeproc``) to pandoc. Every problem found is reported with the file and
the value that caused it.
"""

"""``{{< embed notebooks/x.ipynb#label >}}``: replace each embed by pandoc markdown for its output.

A ``fig-`` label becomes a pandoc figure (the PNG written next to the preview, caption from
``fig-cap``, alt text from ``fig-alt``); a ``tbl-`` label becomes its HTML, markdown or text
table with the ``tbl-cap`` caption. Both are wrapped in a Div whose id is the label, which
``crossref.lua`` numbers ('Figure 1', 'Table 1') and links ``@fig-``/``@tbl-`` references to.
Under each embed sits the link 'Source: <notebook title>' to the embedded cell in the notebook's
HTML view, as Quarto's HTML shows it (scripts/quarto/source-links.lua): the title is the
notebook's own (its first heading), the anchor the cell's label.
"""
import re
from pathlib import Path

from .notebooks import Notebook, figure_png, table_content

EMBED_PATTERN = re.compile(r"\{\{<\s*embed\s+(.*?)\s*>\}\}")
SHORTCODE_PATTERN = re.compile(r"\{\{<\s*([\w-]+)")
KINDS = {"fig": "figure", "tbl": "table"}


class Embed:
    """One resolved embed: where it is, what it points at and the markdown that replaces it."""

    def __init__(self, line, notebook, label):
        self.line = line
        self.notebook = notebook      # path relative to the project root, as written
        self.label = label
        self.kind = label.split("-", 1)[0]
        self.markdown = ""
        self.png = None               # bytes for figures
        self.notebook_title = None
        self.problem = None           # why it could not be resolved, if so


def notebook_html_name(notebook_rel):
    """Relative href of a notebook's HTML view inside the preview folder."""
    return "notebooks/" + Path(notebook_rel).with_suffix(".html").name


def _one_line(text):
    return " ".join(str(text).split())


def _fence(content):
    """A backtick fence longer than any backtick run inside ``content`` (so it cannot close early)."""
    longest = max((len(m) for m in re.findall(r"`+", content)), default=0)
    return "`" * max(3, longest + 1)


def figure_markdown(embed, caption, alt):
    alt_attr = _one_line(alt).replace("\\", "\\\\").replace('"', '\\"')
    return (f"::: {{#{embed.label} .embed .embed-figure}}\n"
            f"![{_one_line(caption)}](figures/{embed.label}.png){{alt=\"{alt_attr}\"}}\n\n"
            f"{_source_markdown(embed)}\n:::\n")


def table_markdown(embed, caption, kind, content):
    if kind == "html":
        fence = _fence(content)
        body = f"{fence}{{=html}}\n{content.strip()}\n{fence}"
    elif kind == "markdown":
        body = content.strip()
    else:
        fence = _fence(content)
        body = f"{fence} {{.embed-text}}\n{content.rstrip()}\n{fence}"
    return (f"::: {{#{embed.label} .embed .embed-table}}\n"
            f"::: {{.embed-caption}}\n{_one_line(caption)}\n:::\n\n{body}\n\n"
            f"{_source_markdown(embed)}\n:::\n")


def placeholder_markdown(embed, problem):
    """Draft-mode stand-in for an embed that cannot be resolved; never used by the check."""
    safe = _one_line(problem).replace("*", "\\*").replace("_", "\\_")
    return (f"::: {{#{embed.label} .embed .embed-missing}}\n"
            f"**Missing {KINDS.get(embed.kind, 'output')} `{embed.label}`:** {safe}\n:::\n")


def _source_markdown(embed):
    title = (embed.notebook_title or Path(embed.notebook).name).replace("[", "\\[").replace("]", "\\]")
    href = f"{notebook_html_name(embed.notebook)}#{embed.label}"
    return f"::: {{.embed-source}}\n[Source: {title}]({href}){{.quarto-notebook-link}}\n:::"


def find(body, source, line_offset):
    """Embeds in ``body`` as (Embed list, problems); problems name ``source`` and the line.

    An embed must stand alone on its line (Quarto embeds are blocks) and carry no options the
    preview cannot honour. Other shortcodes than var/embed are reported as unsupported.
    """
    embeds, problems = [], []
    for number, line in enumerate(body.split("\n"), start=line_offset + 1):
        for name in SHORTCODE_PATTERN.findall(line):
            if name not in ("embed", "var"):
                problems.append(f"{source}:{number}: shortcode '{name}' is not supported by the preview")
        matches = list(EMBED_PATTERN.finditer(line))
        if not matches:
            continue
        where = f"{source}:{number}"
        if len(matches) > 1 or line.strip() != matches[0].group(0):
            problems.append(f"{where}: an embed shortcode must stand alone on its line")
            continue
        args = matches[0].group(1).split()
        if len(args) != 1 or "#" not in args[0]:
            problems.append(f"{where}: expected {{{{< embed notebooks/NAME.ipynb#LABEL >}}}} without "
                            f"options, got '{matches[0].group(1)}'")
            continue
        notebook, label = args[0].split("#", 1)
        embed = Embed(number, notebook, label)
        if embed.kind not in KINDS or not label[len(embed.kind) + 1:]:
            problems.append(f"{where}: embed label '{label}' must start with 'fig-' or 'tbl-' so it can "
                            f"be numbered and cross-referenced")
            continue
        if not notebook.endswith(".ipynb"):
            problems.append(f"{where}: embed '{notebook}' must point at an executed .ipynb notebook")
            continue
        embeds.append(embed)
    labels = [e.label for e in embeds]
    for label in sorted({l for l in labels if labels.count(l) > 1}):
        problems.append(f"{source}: label '{label}' is embedded more than once")
    return embeds, problems


def resolve(embeds, root, source):
    """Fill ``markdown`` (and ``png``) of each embed from its notebook; returns the problems found.

    Notebook-level problems (e.g. options in the wrong comment style) are reported once per notebook.
    """
    problems, loaded = [], {}
    for embed in embeds:
        where = f"{source}:{embed.line}: embed {embed.notebook}#{embed.label}"
        path = Path(root) / embed.notebook
        if embed.notebook not in loaded:
            try:
                loaded[embed.notebook] = Notebook.load(path)
                problems.extend(loaded[embed.notebook].problems)
            except ValueError as exc:
                loaded[embed.notebook] = exc
        notebook = loaded[embed.notebook]
        if isinstance(notebook, Exception):
            embed.problem = str(notebook)
            problems.append(f"{where}: {notebook}")
            continue
        embed.notebook_title = notebook.title or Path(embed.notebook).name
        try:
            cell = notebook.find(embed.label)
            cell_where = f"{embed.notebook} cell {cell.index} ({embed.label})"
            if embed.kind == "fig":
                caption, alt = _required(cell, ("fig-cap", "fig-alt"), cell_where)
                embed.png = figure_png(cell, cell_where)
                embed.markdown = figure_markdown(embed, caption, alt)
            else:
                (caption,) = _required(cell, ("tbl-cap",), cell_where)
                kind, content = table_content(cell, cell_where)
                embed.markdown = table_markdown(embed, caption, kind, content)
        except (LookupError, ValueError) as exc:
            embed.problem = exc.args[0]
            problems.append(f"{where}: {exc.args[0]}")
    return problems


def _required(cell, keys, where):
    missing = [k for k in keys if not str(cell.options.get(k) or "").strip()]
    if missing:
        raise ValueError(f"{where}: cell option(s) {', '.join(missing)} missing; write them as "
                         f"'{cell.option_prefix} {missing[0]}: ...' at the top of the cell")
    return [str(cell.options[k]) for k in keys]


def replace(body, embeds, line_offset):
    """``body`` with each embed line replaced by its markdown (embeds must come from ``find``)."""
    lines = body.split("\n")
    for embed in embeds:
        lines[embed.line - line_offset - 1] = "\n" + embed.markdown
    return "\n".join(lines)

"""Read executed Jupyter notebooks (nbformat 4 JSON) the way Quarto's embed shortcode does.

A cell is found by the ``label`` in its cell options, written at the top of the cell as
comments in the kernel's language: ``//| label: fig-accuracy`` in a Java notebook,
``#| label: ...`` in Python (Quarto's ``kLangCommentChars`` table). An option line in the
wrong comment style is ignored by Quarto, so it is reported here instead of passing silently.
"""
import base64
import binascii
import json
from pathlib import Path

import yaml

# Comment characters Quarto uses for cell options, for the kernels this project may meet.
COMMENT_CHARS = {
    "java": "//", "groovy": "//", "scala": "//", "kotlin": "//", "javascript": "//",
    "typescript": "//", "c++": "//", "cpp": "//", "go": "//", "csharp": "//",
    "python": "#", "r": "#", "julia": "#", "bash": "#",
}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TABLE_MIME_ORDER = (("text/html", "html"), ("text/markdown", "markdown"), ("text/plain", "text"))


def _text(value):
    """nbformat stores multi-line strings either as one string or as a list of lines."""
    return "".join(value) if isinstance(value, list) else (value or "")


class Cell:
    """One notebook cell: ``index`` (0-based), ``cell_type``, ``source``, parsed ``options``, ``outputs``."""

    def __init__(self, index, cell_type, source, options, outputs, option_prefix):
        self.index = index
        self.cell_type = cell_type
        self.source = source
        self.options = options
        self.outputs = outputs
        self.option_prefix = option_prefix

    @property
    def label(self):
        return self.options.get("label")

    def bundles(self):
        """MIME bundles shown by the cell: the ``data`` of display_data and execute_result outputs."""
        return [o.get("data", {}) for o in self.outputs
                if o.get("output_type") in ("display_data", "execute_result")]

    def errors(self):
        """Error outputs as 'EName: evalue' strings (a cell that threw must not be embedded)."""
        return [f"{o.get('ename', 'Error')}: {o.get('evalue', '')}".strip()
                for o in self.outputs if o.get("output_type") == "error"]

    def output_summary(self):
        """What the cell did output, for error messages: e.g. 'stream, display_data(text/plain)'."""
        parts = []
        for o in self.outputs:
            kind = o.get("output_type", "?")
            if "data" in o:
                kind += "(" + ", ".join(sorted(o["data"])) + ")"
            parts.append(kind)
        return ", ".join(parts) if parts else "no outputs at all"


class Notebook:
    """An executed notebook: ``path``, kernel ``language``, ``title`` (first '# ' heading) and ``cells``."""

    def __init__(self, path, language, title, cells, problems):
        self.path = Path(path)
        self.language = language
        self.title = title
        self.cells = cells
        self.problems = problems

    @classmethod
    def load(cls, path):
        """Parse ``path``; raises ValueError naming the file when it is not a readable nbformat-4 notebook."""
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ValueError(f"{path}: notebook not found") from exc
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ValueError(f"{path}: not a Jupyter notebook (invalid JSON: {exc})") from exc
        if not isinstance(data, dict) or data.get("nbformat") != 4 or not isinstance(data.get("cells"), list):
            raise ValueError(f"{path}: expected an nbformat 4 notebook with a 'cells' list")
        meta = data.get("metadata", {})
        language = (meta.get("kernelspec", {}).get("language")
                    or meta.get("language_info", {}).get("name") or "").lower()
        if language not in COMMENT_CHARS:
            raise ValueError(f"{path}: kernel language '{language or 'missing'}' unknown; expected "
                             f"metadata.kernelspec.language, one of {sorted(COMMENT_CHARS)}")
        prefix = COMMENT_CHARS[language] + "|"
        cells, problems = [], []
        for index, raw in enumerate(data["cells"]):
            source = _text(raw.get("source"))
            options = {}
            if raw.get("cell_type") == "code":
                options, cell_problems = parse_options(source, prefix, f"{path} cell {index}", language)
                problems.extend(cell_problems)
            cells.append(Cell(index, raw.get("cell_type"), source, options, raw.get("outputs", []), prefix))
        title = first_heading(cells) or meta.get("title")
        return cls(path, language, title, cells, problems)

    def find(self, label):
        """The cell whose options carry ``label``; raises LookupError saying why there is none."""
        matches = [c for c in self.cells if c.label == label]
        if len(matches) > 1:
            raise LookupError(f"{self.path}: label '{label}' is used by cells "
                              f"{', '.join(str(c.index) for c in matches)}; labels must be unique")
        if matches:
            return matches[0]
        hint = ""
        for c in self.cells:
            if c.cell_type == "code" and any("label:" in l and label in l for l in c.source.splitlines()[:20]):
                hint = (f"; cell {c.index} mentions it, but not as a leading "
                        f"'{COMMENT_CHARS[self.language]}| label: {label}' line (the option form of "
                        f"{self.language} notebooks)")
                break
        present = [c.label for c in self.cells if c.label]
        raise LookupError(f"{self.path}: no cell with label '{label}'{hint}; labels present: "
                          f"{', '.join(map(str, present)) or 'none'}")


def first_heading(cells):
    """Text of the first level-1 heading ('# Title') in the first markdown cell, or None."""
    for cell in cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
            return None
    return None


def parse_options(source, prefix, where, language):
    """Quarto cell options from the leading ``prefix`` lines of a code cell; returns (dict, problems).

    An option-like line in another comment style ('#|' in Java) is reported because Quarto
    would ignore it and the embed would then fail with 'cell does not exist'.
    """
    lines = source.splitlines()
    yaml_lines = []
    for line in lines:
        stripped = line.lstrip()
        if stripped.startswith(prefix):
            yaml_lines.append(stripped[len(prefix):].removeprefix(" "))
        else:
            break
    problems = []
    for other in sorted(set(COMMENT_CHARS.values()) - {prefix[:-1]}):
        if any(l.lstrip().startswith(other + "|") for l in lines[len(yaml_lines):len(yaml_lines) + 1]):
            problems.append(f"{where}: cell option written as '{other}|' but this {language} notebook "
                            f"needs '{prefix}' (Quarto ignores the line)")
    if not yaml_lines:
        return {}, problems
    try:
        options = yaml.safe_load("\n".join(yaml_lines)) or {}
    except yaml.YAMLError as exc:
        return {}, problems + [f"{where}: cell options are not valid YAML: {exc}"]
    if not isinstance(options, dict):
        return {}, problems + [f"{where}: cell options must be 'key: value' lines"]
    return options, problems


def figure_png(cell, where):
    """PNG bytes of the one image/png output of ``cell``; raises ValueError when there is not exactly one."""
    _refuse_errors(cell, where)
    images = [b["image/png"] for b in cell.bundles() if "image/png" in b]
    if len(images) != 1:
        found = "no image/png output" if not images else f"{len(images)} image/png outputs"
        raise ValueError(f"{where}: a fig- cell needs exactly one image/png output, found {found} "
                         f"(outputs: {cell.output_summary()}); is the notebook committed executed?")
    try:
        data = base64.b64decode(_text(images[0]))
    except (binascii.Error, ValueError) as exc:
        raise ValueError(f"{where}: image/png output is not valid base64: {exc}") from exc
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError(f"{where}: image/png output does not start with the PNG signature")
    return data


def table_content(cell, where):
    """(kind, text) of the table shown by ``cell``: kind 'html', 'markdown' or 'text', richest first.

    Raises ValueError when the cell shows none of these (e.g. only printed to stdout).
    """
    _refuse_errors(cell, where)
    bundles = cell.bundles()
    for mime, kind in TABLE_MIME_ORDER:
        for bundle in bundles:
            if mime in bundle and _text(bundle[mime]).strip():
                return kind, _text(bundle[mime])
    raise ValueError(f"{where}: a tbl- cell needs a text/html, text/markdown or text/plain "
                     f"display_data/execute_result output, found {cell.output_summary()}; "
                     f"is the notebook committed executed?")


def _refuse_errors(cell, where):
    errors = cell.errors()
    if errors:
        raise ValueError(f"{where}: the cell raised an error when it was executed: {errors[0]}")

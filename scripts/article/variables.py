"""``{{< var key.sub >}}`` shortcodes: values come from ``_variables.yml`` (Quarto's rule).

Quarto looks a dotted key up in the nested mappings of ``_variables.yml`` and pastes the
value as text. The preview does the same and refuses keys that are missing or that name a
mapping rather than a single value, so no number in the article is ever left blank.
"""
import re
from pathlib import Path

import yaml

# Quarto's shortcode form; the key may hold letters, digits, '_', '-' and dots.
VAR_PATTERN = re.compile(r"\{\{<\s*var\s+([^\s>]*)\s*>\}\}")


def load_variables(path):
    """Read ``_variables.yml`` (a YAML mapping); raises ValueError naming the file if it is not one."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{path}: variables file not found (the results pipeline writes it; "
                         f"for a draft, pass --variables _variables.yml.example)")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML: {exc}") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a YAML mapping of keys to values, got {type(data).__name__}")
    return data


def lookup(variables, key):
    """Return the text for dotted ``key`` or raise KeyError with the reason (missing part, mapping, null)."""
    node = variables
    walked = []
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            where = ".".join(walked) or "the top level"
            raise KeyError(f"'{part}' not found under {where}")
        node = node[part]
        walked.append(part)
    if isinstance(node, (dict, list)):
        raise KeyError(f"it names a {'mapping' if isinstance(node, dict) else 'list'}, not a single value")
    if node is None:
        raise KeyError("its value is empty (null)")
    if isinstance(node, bool):
        return "true" if node else "false"
    return str(node)


def used_keys(text):
    """All keys referenced by ``{{< var >}}`` shortcodes in ``text``, in order of appearance."""
    return [m.group(1) for m in VAR_PATTERN.finditer(text)]


def substitute(text, variables, source, variables_name="_variables.yml"):
    """Replace every var shortcode in ``text``; returns (new_text, problems).

    Each problem names ``source`` (the article file), the line, the key and why it failed.
    """
    problems = []

    def replace(match):
        key = match.group(1)
        try:
            return lookup(variables, key)
        except KeyError as exc:
            line = text.count("\n", 0, match.start()) + 1
            reason = exc.args[0]
            problems.append(f"{source}:{line}: {{{{< var {key} >}}}}: key '{key}' is not usable in "
                            f"{variables_name}: {reason}")
            return match.group(0)

    if not text:
        return text, problems
    return VAR_PATTERN.sub(replace, text), problems

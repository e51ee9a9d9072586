"""Split the article's YAML front matter from its body and translate it for pandoc.

Quarto writes authors as mappings (``- name: Author One``); pandoc's default HTML template
expects plain names. Paths (bibliography, csl) are made absolute so pandoc can run anywhere.
"""
from pathlib import Path

import yaml

KEPT_KEYS = ("title", "subtitle", "date", "abstract", "keywords", "lang", "link-citations")


def split(text, source):
    """Return (metadata dict, body, number of lines before the body); raises ValueError without front matter."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ValueError(f"{source}: expected YAML front matter starting with '---' on line 1")
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            try:
                meta = yaml.safe_load("\n".join(lines[1:end])) or {}
            except yaml.YAMLError as exc:
                raise ValueError(f"{source}: front matter is not valid YAML: {exc}") from exc
            if not isinstance(meta, dict):
                raise ValueError(f"{source}: front matter must be a YAML mapping")
            return meta, "\n".join(lines[end + 1:]), end + 1
    raise ValueError(f"{source}: front matter opened with '---' on line 1 is never closed")


def author_names(meta):
    """Author names from Quarto's 'author'/'authors' (strings or mappings with 'name')."""
    authors = meta.get("author", meta.get("authors", []))
    if isinstance(authors, (str, dict)):
        authors = [authors]
    names = []
    for a in authors:
        name = a.get("name") if isinstance(a, dict) else a
        if isinstance(name, dict):  # name: {given: ..., family: ...}
            name = name.get("literal") or " ".join(str(name[k]) for k in ("given", "family") if k in name)
        if name:
            names.append(str(name))
    return names


def for_pandoc(meta, root, source):
    """Metadata for pandoc's default template: kept keys, author names, absolute bibliography/csl paths.

    Raises ValueError naming ``source`` when a bibliography or csl file does not exist.
    """
    out = {k: meta[k] for k in KEPT_KEYS if k in meta}
    out["author"] = author_names(meta)
    out.setdefault("link-citations", True)
    for key in ("bibliography", "csl"):
        if key not in meta:
            continue
        values = meta[key] if isinstance(meta[key], list) else [meta[key]]
        resolved = []
        for value in values:
            path = (Path(root) / str(value)).resolve()
            if not path.is_file():
                raise ValueError(f"{source}: {key} file '{value}' not found (looked at {path})")
            resolved.append(str(path))
        out[key] = resolved if isinstance(meta[key], list) else resolved[0]
    return out

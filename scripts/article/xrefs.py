"""Check ``@fig-``/``@tbl-`` cross-references and ``[@key]`` citations with pandoc's own parser.

Pandoc reads ``@fig-x`` as a citation; any citation whose key starts with a Quarto
cross-reference prefix must name a label that the article defines, and every other key
must be in the bibliography (read by pandoc's BibTeX reader).
"""
import json
import subprocess

from .render import pandoc_binary

XREF_KINDS = ("fig", "tbl", "sec", "eq", "lst", "thm")


def _walk(node, cites, div_ids):
    """Collect citation keys and Div identifiers from pandoc's JSON AST."""
    if isinstance(node, dict):
        if node.get("t") == "Cite":
            cites.extend(c["citationId"] for c in node["c"][0])
        elif node.get("t") == "Div" and node["c"][0][0]:
            div_ids.add(node["c"][0][0])
        for value in node.values():
            _walk(value, cites, div_ids)
    elif isinstance(node, list):
        for value in node:
            _walk(value, cites, div_ids)


def _is_xref(key):
    return "-" in key and key.split("-", 1)[0] in XREF_KINDS


def citations(markdown):
    """(all citation keys in order, Div ids) of pandoc markdown ``markdown``."""
    proc = subprocess.run([pandoc_binary(), "--from", "markdown", "--to", "json"],
                          input=markdown, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"pandoc could not parse the article: {proc.stderr.strip()}")
    cites, ids = [], set()
    _walk(json.loads(proc.stdout)["blocks"], cites, ids)
    return cites, ids


def bibliography_keys(paths):
    """Entry keys of the BibTeX files ``paths``; raises RuntimeError naming a file pandoc cannot read."""
    keys = set()
    for path in paths:
        proc = subprocess.run([pandoc_binary(), "--from", "bibtex", "--to", "csljson", str(path)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"{path}: pandoc cannot read the bibliography: {proc.stderr.strip()}")
        keys.update(entry["id"] for entry in json.loads(proc.stdout))
    return keys


def unknown_citations(markdown, bib_paths, source):
    """Problems for each bibliography citation in ``markdown`` whose key is in none of ``bib_paths``."""
    cites, _ = citations(markdown)
    wanted = [c for c in dict.fromkeys(cites) if not _is_xref(c)]
    if not wanted:
        return []
    if not bib_paths:
        return [f"{source}: citations {', '.join('@' + c for c in wanted)} but no 'bibliography:' in the front matter"]
    keys = bibliography_keys(bib_paths)
    return [f"{source}: citation @{c} is not in {', '.join(str(p) for p in bib_paths)}"
            for c in wanted if c not in keys]


def unresolved(markdown, labels, source):
    """Problems for each cross-reference in ``markdown`` that is neither in ``labels`` nor a Div id."""
    cites, ids = citations(markdown)
    refs = [c for c in cites if _is_xref(c)]
    known = set(labels) | {i for i in ids if i.split("-", 1)[0] in ("fig", "tbl")}
    problems = []
    for ref in dict.fromkeys(refs):
        if ref not in known:
            kind = ref.split("-", 1)[0]
            why = ("no embedded figure or table has that label" if kind in ("fig", "tbl")
                   else f"'{kind}-' references are not supported by the preview")
            problems.append(f"{source}: unresolved cross-reference @{ref}: {why}")
    return problems

"""What the preview needs from ``_quarto.yml``: the notebook titles of the manuscript.

Quarto labels the 'Source:' link of an embed with the title given under
``manuscript: notebooks:``, else with the notebook's first heading; the preview follows suit.
"""
from pathlib import Path

import yaml


def notebook_titles(root):
    """Map of notebook path (relative to ``root``, '/'-separated) to its title in ``_quarto.yml``.

    Returns an empty map when there is no ``_quarto.yml``; raises ValueError naming the file
    when its ``manuscript.notebooks`` entries are malformed.
    """
    config_path = Path(root) / "_quarto.yml"
    if not config_path.is_file():
        return {}
    try:
        config = yaml.safe_load(config_path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"{config_path}: not valid YAML: {exc}") from exc
    entries = (config.get("manuscript") or {}).get("notebooks") or []
    titles = {}
    for entry in entries:
        if not isinstance(entry, dict) or "notebook" not in entry:
            raise ValueError(f"{config_path}: each manuscript.notebooks entry needs 'notebook:' "
                             f"(and 'title:'), got {entry!r}")
        if entry.get("title"):
            titles[Path(entry["notebook"]).as_posix()] = str(entry["title"])
    return titles

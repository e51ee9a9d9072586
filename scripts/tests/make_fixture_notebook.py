#!/usr/bin/env python3
"""Regenerate the fixture notebooks in fixtures/project/notebooks/: tiny *executed* Java-kernel notebooks.

fixture.ipynb mimics what JJava writes: display_data with image/png (base64) for figures and
text/html, text/markdown or text/plain for tables, with Quarto options as '//|' comments.
faulty.ipynb holds the cells the negative tests point at (no output, only stdout, an error
output, '#|' options in Java); wide.ipynb a table too wide for the article's text column. The PNGs are drawn with the standard library (zlib).
"""
import base64
import json
import struct
import zlib
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parent / "fixtures" / "project" / "notebooks"


def png(width, height, pixel):
    """PNG bytes of an RGB image whose colour at (x, y) is pixel(x, y)."""
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def bars(x, y):
    """Three blue bars of heights 40, 80, 120 px on white, with a black x axis at y=150."""
    if y == 150 and 10 <= x <= 230:
        return (0, 0, 0)
    for i, h in enumerate((40, 80, 120)):
        left = 30 + i * 70
        if left <= x < left + 40 and 150 - h <= y < 150:
            return (40, 90, 200)
    return (255, 255, 255)


def curve(x, y):
    """An orange decaying curve (a loss-like shape) on white."""
    target = int(20 + 120 * (0.92 ** (x / 3)))
    return (230, 120, 20) if abs(y - target) <= 2 else (255, 255, 255)


def code(source, outputs):
    return {"cell_type": "code", "execution_count": 1, "metadata": {}, "source": source, "outputs": outputs}


def display(data):
    return {"output_type": "display_data", "data": data, "metadata": {}}


CELLS = []
CELLS.append({"cell_type": "markdown", "metadata": {}, "source": "# Fixture Notebook\n\nFor the preview tests."})
CELLS.append(code("int answer = 6 * 7;\nanswer", [{"output_type": "execute_result", "execution_count": 1,
                                                  "data": {"text/plain": "42"}, "metadata": {}}]))
CELLS.append(code("//| label: fig-demo\n//| fig-cap: Three bars of the *demo* data.\n"
                  "//| fig-alt: Bar chart with three blue bars of increasing height.\nPlots.bars();",
                  [display({"image/png": base64.b64encode(png(240, 160, bars)).decode(), "text/plain": "chart"})]))
CELLS.append(code("//| label: tbl-demo\n//| tbl-cap: An HTML table.\nTables.html();",
                  [display({"text/html": "<table><thead><tr><th>optimizer</th><th>accuracy</th></tr></thead>"
                                         "<tbody><tr><td>sgd</td><td>0.981</td></tr>"
                                         "<tr><td>adam</td><td>0.990</td></tr></tbody></table>",
                            "text/plain": "optimizer accuracy"})]))
CELLS.append(code("//| label: fig-second\n//| fig-cap: A decaying curve.\n"
                  "//| fig-alt: Orange curve falling from top left to bottom right.\nPlots.curve();",
                  [display({"image/png": base64.b64encode(png(240, 160, curve)).decode()})]))
CELLS.append(code("//| label: tbl-md\n//| tbl-cap: A markdown table.\nTables.markdown();",
                  [display({"text/markdown": "| layer | kurtosis |\n|---|---:|\n| conv1 | 3.10 |\n| dense | 4.25 |\n"})]))
CELLS.append(code("//| label: tbl-text\n//| tbl-cap: A plain-text table.\nTables.text();",
                  [{"output_type": "execute_result", "execution_count": 1, "metadata": {},
                    "data": {"text/plain": "k  accuracy\n1  0.95\n5  0.97"}}]))
# Faulty cells used by the negative tests.
FAULTY = [{"cell_type": "markdown", "metadata": {}, "source": "# Faulty Notebook"}]
FAULTY.append(code("//| label: fig-noout\n//| fig-cap: Never executed.\n//| fig-alt: Nothing.\nPlots.bars();", []))
FAULTY.append(code("#| label: fig-wrongstyle\n#| fig-cap: Python-style options in a Java notebook.\nPlots.bars();",
                  [display({"image/png": base64.b64encode(png(8, 8, bars)).decode()})]))
FAULTY.append(code("//| label: fig-printed\n//| fig-cap: Only printed text.\n//| fig-alt: None.\n"
                  "System.out.println(\"done\");",
                  [{"output_type": "stream", "name": "stdout", "text": "done\n"}]))
FAULTY.append(code("//| label: tbl-image\n//| tbl-cap: A table cell that drew a chart.\nPlots.bars();",
                   [display({"image/png": base64.b64encode(png(8, 8, bars)).decode()})]))
FAULTY.append(code("//| label: fig-nocap\nPlots.bars();",
                   [display({"image/png": base64.b64encode(png(8, 8, bars)).decode()})]))
FAULTY.append(code("//| label: tbl-failed\n//| tbl-cap: Threw.\nthrow new RuntimeException();",
                  [{"output_type": "error", "ename": "java.lang.RuntimeException", "evalue": "boom", "traceback": []}]))

# Twelve columns with long headers and cell text: wider than the article's text column.
WIDE_HEADERS = [f"validation accuracy after epoch {n}" for n in range(1, 13)]
WIDE = [{"cell_type": "markdown", "metadata": {}, "source": "# Wide Notebook"}]
WIDE.append(code("//| label: tbl-wide\n//| tbl-cap: Too many wide columns.\nTables.wide();",
                   [display({"text/html": "<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in WIDE_HEADERS)
                                          + "</tr></thead><tbody><tr>"
                                          + "".join("<td>exponential&nbsp;decay</td>" for _ in WIDE_HEADERS)
                                          + "</tr></tbody></table>"})]))

METADATA = {"kernelspec": {"name": "java", "display_name": "Java", "language": "java"},
            "language_info": {"name": "java", "version": "17", "file_extension": ".jshell",
                              "mimetype": "text/x-java-source"}}


def write(name, cells):
    for number, cell in enumerate(cells):
        cell["id"] = f"{name}-{number}"
    path = OUT_DIR / f"{name}.ipynb"
    notebook = {"nbformat": 4, "nbformat_minor": 5, "cells": cells, "metadata": METADATA}
    path.write_text(json.dumps(notebook, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    write("fixture", CELLS)
    write("faulty", FAULTY)
    write("wide", WIDE)

"""Draw dudao's layers from its import graph: docs/architecture-layers.svg.

    .venv/bin/python tools/import_graph.py            # rewrite the picture
    .venv/bin/python tools/import_graph.py --check    # exit 1 when it is out of date

The layers are import-linter's (``[tool.importlinter]`` in pyproject.toml); the packages in a
layer sit side by side. Each arrow is one package importing another, labelled with how many
imports (module to module) it stands for, so the picture shows what the code does, not what
anyone meant it to do. An arrow pointing up would be a broken contract: ``lint-imports`` fails first.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections import Counter
from html import escape
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
PICTURE = ROOT / "docs" / "architecture-layers.svg"
BOX_W, BOX_H, GAP_X, ROW_H, MARGIN, SIDE = 150, 34, 60, 96, 30, 150


def layers() -> list[list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    contract = next(c for c in config["contracts"] if c["type"] == "layers")
    return [[name.strip() for name in row.split("|")] for row in contract["layers"]]


def package_imports(packages: list[str]) -> Counter[tuple[str, str]]:
    """(importer, imported) package pairs with the number of module imports between them."""
    graph = grimp.build_graph("dudao", cache_dir=None)
    owner = {}
    for module in graph.modules:
        for package in packages:
            if module == package or module.startswith(package + "."):
                owner[module] = package
    edges: Counter[tuple[str, str]] = Counter()
    for module, importer in owner.items():
        for imported in graph.find_modules_directly_imported_by(module):
            target = owner.get(imported)
            if target and target != importer:
                edges[(importer, target)] += 1
    return edges


def svg(rows: list[list[str]], edges: Counter[tuple[str, str]]) -> str:
    widest = max(len(row) for row in rows)
    width = 2 * MARGIN + widest * BOX_W + (widest - 1) * GAP_X + 2 * SIDE
    height = 2 * MARGIN + len(rows) * ROW_H
    box: dict[str, tuple[float, float, int]] = {}  # left x, top y, row
    for r, row in enumerate(rows):
        row_width = len(row) * BOX_W + (len(row) - 1) * GAP_X
        x0 = (width - row_width) / 2
        for i, package in enumerate(row):
            box[package] = (x0 + i * (BOX_W + GAP_X), MARGIN + r * ROW_H, r)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="13">',
        '<defs><marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" '
        'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    # Each box spreads its outgoing arrows along its bottom and its incoming ones along its top,
    # in the order of the box at the other end, so that no two arrows share a point.
    outgoing = {
        p: sorted((e for e in edges if e[0] == p), key=lambda e: (box[e[1]][0], box[e[1]][2])) for p in box
    }
    incoming = {
        p: sorted((e for e in edges if e[1] == p), key=lambda e: (box[e[0]][0], -box[e[0]][2])) for p in box
    }

    def spread(package: str, edge: tuple[str, str], ends: dict[str, list[tuple[str, str]]]) -> float:
        x, _y, _row = box[package]
        order = ends[package]
        return x + BOX_W * (order.index(edge) + 1) / (len(order) + 1)

    for edge, count in sorted(edges.items()):
        source, target = edge
        sx, sy, srow = box[source]
        tx, ty, trow = box[target]
        down = trow > srow
        x1, y1 = spread(source, edge, outgoing), (sy + BOX_H if down else sy)
        x2, y2 = spread(target, edge, incoming), (ty if down else ty + BOX_H)
        colour = "#52606d" if down else "#b3261e"
        if abs(trow - srow) > 1 and abs(sx - tx) < 1:
            # Past the layers between: around them, on the side the arrow leaves from.
            side = -1 if x1 < sx + BOX_W / 2 else 1
            reach = BOX_W / 2 + 24 + 10 * abs(trow - srow)
            cx = sx + BOX_W / 2 + side * reach
            path = f"M{x1:.0f},{y1:.0f} C{cx:.0f},{y1 + 40:.0f} {cx:.0f},{y2 - 40:.0f} {x2:.0f},{y2:.0f}"
            label = (cx + side * 4, (y1 + y2) / 2)
        else:
            path = f"M{x1:.0f},{y1:.0f} L{x2:.0f},{y2:.0f}"
            label = ((x1 + x2) / 2 + 4, (y1 + y2) / 2)
        parts.append(
            f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="1.1" marker-end="url(#head)"/>'
        )
        parts.append(
            f'<text x="{label[0]:.0f}" y="{label[1]:.0f}" font-size="10" fill="{colour}">{count}</text>'
        )
    for package, (x, y, _row) in box.items():
        parts.append(
            f'<rect x="{x:.0f}" y="{y:.0f}" width="{BOX_W}" height="{BOX_H}" rx="5" '
            'fill="#e8eef5" stroke="#1f4e79"/>'
        )
        parts.append(
            f'<text x="{x + BOX_W / 2:.0f}" y="{y + BOX_H / 2 + 4:.0f}" text-anchor="middle">'
            f"{escape(package)}</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the picture is out of date")
    args = parser.parse_args(argv)
    rows = layers()
    picture = svg(rows, package_imports([p for row in rows for p in row]))
    if args.check:
        current = PICTURE.read_text(encoding="utf-8") if PICTURE.exists() else ""
        if current != picture:
            print(f"{PICTURE.relative_to(ROOT)} is out of date: run .venv/bin/python tools/import_graph.py")
            return 1
        return 0
    PICTURE.write_text(picture, encoding="utf-8")
    print(f"wrote {PICTURE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

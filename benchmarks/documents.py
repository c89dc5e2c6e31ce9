"""Official documents for every unit of the bundled round: 38 DOCX and 38 PDF files.

    .venv/bin/python benchmarks/documents.py [--repeat 3]

For each kind (the self-evaluation drafts and the feedback letters) it times, in one process:
building the 38 documents from the results; writing them as DOCX and as PDF, on one process
and on two (``write_all``); and, as baselines in the same run, the same paragraphs' plain text
written by python-docx with its default template (DOCX) and by WeasyPrint from unstyled HTML
(PDF), so the figures say what the official layout costs over the libraries themselves. It also
times the whole command a user runs, ``dudao report KIND --format F --out DIR``, in a new
process (reading, scoring both years, building, writing, zipping). Writes the "documents"
section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import docx
from weasyprint import HTML

from common import median_seconds, write_section
from dudao.documents import ReportContext, Settings, build, load_prose, write_all
from dudao.documents.model import Document, Heading, Paragraph
from dudao.engine import evaluate
from dudao.samples import bundled_dataset, bundled_prose_path, bundled_scheme_path
from dudao.scheme import read_scheme

DUDAO = str(Path(sys.executable).with_name("dudao"))
KINDS = {"self-evaluation": "self-evaluation drafts (自评报告)", "feedback": "feedback letters (督导意见书)"}


def context() -> ReportContext:
    scheme = read_scheme(bundled_scheme_path())
    dataset = bundled_dataset()
    results = evaluate(scheme, dataset)
    previous = evaluate(scheme, dataset, period=results.period - 1)
    prose, _ = load_prose(bundled_prose_path(), {a.code for a in scheme.items}, set(scheme.item_by_code))
    assert prose is not None
    settings = Settings(issued=dt.date(2022, 12, 13), region="重庆市")
    return ReportContext(scheme, results, previous, prose, settings)


def plain_lines(document: Document) -> list[str]:
    lines = [document.title]
    for block in document.blocks:
        if isinstance(block, Heading | Paragraph):
            lines.append(block.text)
    return lines


def plain_docx(documents: list[Document]) -> None:
    for document in documents:
        word = docx.Document()
        for line in plain_lines(document):
            word.add_paragraph(line)
        word.save(io.BytesIO())


def plain_pdf(documents: list[Document]) -> None:
    for document in documents:
        body = "".join(f"<p>{html.escape(line)}</p>" for line in plain_lines(document))
        HTML(string=f"<html><body>{body}</body></html>").write_pdf(io.BytesIO())


def written(documents: list[Document], format: str, workers: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        write_all(documents, format, Path(folder) / "out", workers=workers)
        return time.perf_counter() - start


def command(kind: str, format: str) -> float:
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        subprocess.run(
            [DUDAO, "report", kind, "--format", format, "--out", f"{folder}/out", "--date", "2022-12-13"],
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    repeat = args.repeat
    ctx = context()
    units = [u.code for u in ctx.results.ranked()]
    rows: list[dict[str, object]] = []
    for kind in KINDS:
        documents = [build(kind, ctx, code) for code in units]
        row: dict[str, object] = {
            "kind": kind,
            "documents": len(documents),
            "build": median_seconds(lambda k=kind: [build(k, ctx, code) for code in units], repeat),
        }
        for format, baseline in (("docx", plain_docx), ("pdf", plain_pdf)):
            baseline(documents[:2])  # load the library and the fonts once
            row[f"{format} baseline"] = median_seconds(lambda b=baseline, d=documents: b(d), repeat)
            for workers in (1, 2):
                row[f"{format} x{workers}"] = min(written(documents, format, workers) for _ in range(repeat))
            row[f"{format} command"] = min(command(kind, format) for _ in range(max(1, repeat - 1)))
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    write_report(rows, repeat)


def write_report(rows: list[dict[str, object]], repeat: int) -> None:
    lines = [
        "## Official documents for every unit",
        "",
        f"`.venv/bin/python benchmarks/documents.py --repeat {repeat}`: the bundled round's 38 districts.",
        "",
        "- **build**: the 38 documents from the results (median), every figure with its source.",
        "- **1 process / 2 processes**: `write_all` laying the 38 out and zipping them (best of runs).",
        "- **baseline**: the same paragraphs' plain text, unstyled, one process — python-docx with its "
        "default template for DOCX, WeasyPrint from bare HTML for PDF (median).",
        "- **whole command**: a new `dudao report KIND --format F --out DIR` process: reading the "
        "data, scoring both years, building, writing every file and the zip (best of runs).",
        "",
        "| documents | format | build (s) | 1 process (s) | 2 processes (s) | baseline (s) | "
        "1 process ÷ baseline | whole command (s) |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        for format in ("docx", "pdf"):
            one, two = float(r[f"{format} x1"]), float(r[f"{format} x2"])  # type: ignore[arg-type]
            baseline = float(r[f"{format} baseline"])  # type: ignore[arg-type]
            lines.append(
                f"| {r['documents']} {KINDS[str(r['kind'])]} | {format.upper()} | {float(r['build']):.2f} | "  # type: ignore[arg-type]
                f"{one:.2f} | {two:.2f} | {baseline:.2f} | {one / baseline:.1f} | "
                f"{float(r[f'{format} command']):.1f} |"  # type: ignore[arg-type]
            )
    write_section("documents", lines)


if __name__ == "__main__":
    main()

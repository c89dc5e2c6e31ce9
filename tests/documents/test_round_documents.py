"""The bundled round's own documents, as files: the DOCX in the official layout, the PDF with its
Chinese fonts embedded and every character extractable, and pages that render."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from dudao.documents import build, render
from dudao.documents.context import ReportContext
from dudao.documents.model import Document

DOCUMENTS = [("self-evaluation", "500105"), ("feedback", "500105"), ("summary", "")]
POPPLER = ("pdffonts", "pdftotext", "pdftoppm")
needs_poppler = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in POPPLER),
    reason="poppler-utils is not installed: apt-get install poppler-utils",
)


@pytest.fixture(scope="module", params=DOCUMENTS, ids=[k for k, _ in DOCUMENTS])
def document(request: pytest.FixtureRequest, bundled_context: ReportContext) -> Document:
    kind, unit = request.param
    return build(kind, bundled_context, unit)


def _east_asian_font(style: object) -> str:
    fonts = style.element.rPr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    return str(fonts.get(qn("w:eastAsia")))


def test_the_docx_has_the_official_page_and_fonts(document: Document) -> None:
    word = docx.Document(io.BytesIO(render(document, "docx")))
    section = word.sections[0]
    assert (round(section.page_width / Mm(1), 1), round(section.page_height / Mm(1), 1)) == (210, 297)  # A4
    width = section.page_width - section.left_margin - section.right_margin
    height = section.page_height - section.top_margin - section.bottom_margin
    assert round(width / Mm(1), 1) == 156.0 and round(height / Mm(1), 1) == 225.0
    styles = word.styles
    assert _east_asian_font(styles["Title"]) == "方正小标宋简体" and styles["Title"].font.size.pt == 22
    assert _east_asian_font(styles["Normal"]) == "仿宋_GB2312" and styles["Normal"].font.size.pt == 16
    assert _east_asian_font(styles["Heading 1"]) == "黑体"
    assert _east_asian_font(styles["Heading 2"]) == "楷体_GB2312"
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    assert round(height / Mm(1) / (int(grid.get(qn("w:linePitch"))) / 20 * 25.4 / 72)) == 22  # lines a page
    paragraphs = [p.text for p in word.paragraphs]
    assert paragraphs[0].replace("\n", "") == document.title
    for paragraph in document.paragraphs:
        assert any(paragraph.text in text for text in paragraphs), paragraph.text


def _run(*command: str | Path) -> str:
    return subprocess.run([str(c) for c in command], capture_output=True, text=True, check=True).stdout


@needs_poppler
def test_the_pdf_embeds_its_fonts_reads_back_and_renders(document: Document, tmp_path: Path) -> None:
    pdf = tmp_path / "document.pdf"
    pdf.write_bytes(render(document, "pdf"))
    fonts = _run("pdffonts", pdf).splitlines()[2:]
    assert fonts and all(row.split()[-5] == "yes" for row in fonts), fonts  # every font embedded
    assert any("CJK" in row or "UKai" in row for row in fonts)
    lines = _run("pdftotext", "-enc", "UTF-8", pdf, "-").splitlines()
    text = re.sub(r"\s+", "", "".join(line for line in lines if not re.fullmatch(r"\s*—\s*\d+\s*—\s*", line)))
    text = text.replace(document.label, "")
    for paragraph in document.paragraphs:  # the same characters: nothing lost to a missing glyph
        assert re.sub(r"\s+", "", paragraph.text) in text, paragraph.text
    assert re.sub(r"\s+", "", document.title) in text
    _run("pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "2", pdf, tmp_path / "page")
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 2 and all(p.read_bytes().startswith(b"\x89PNG") for p in pages)

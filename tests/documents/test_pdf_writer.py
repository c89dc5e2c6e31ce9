"""The PDF writer, checked with poppler: fonts embedded, text extractable, A4 pages that render."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from dudao.documents import fonts
from dudao.documents.model import Document, Style
from dudao.documents.pdf_writer import write_pdf
from dudao.errors import DocumentError

pytestmark = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in ("pdffonts", "pdftotext", "pdftoppm", "pdfinfo")),
    reason="poppler-utils is not installed (pdffonts, pdftotext, pdftoppm, pdfinfo): apt-get install poppler-utils",
)
PAGE_NUMBER = re.compile(r"^\s*—\s*\d+\s*—\s*$")


def _run(*command: str | Path) -> str:
    return subprocess.run([str(part) for part in command], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def pdf(sample_document: Document, tmp_path: Path) -> Path:
    target = tmp_path / "document.pdf"
    write_pdf(sample_document, target)
    return target


def test_every_font_is_embedded_and_chinese(pdf: Path) -> None:
    rows = _run("pdffonts", pdf).splitlines()[2:]  # after the header and its rule
    assert rows
    for row in rows:
        name, emb = row.split()[0], row.split()[-5]
        assert emb == "yes", f"font {name} is not embedded"
    names = " ".join(row.split()[0] for row in rows)
    installed = fonts.first_installed("body")
    assert installed is not None
    assert installed.replace(" ", "-") in names  # the body font (仿宋 or its Noto stand-in)


def test_every_paragraph_reads_back_from_the_pdf(sample_document: Document, pdf: Path) -> None:
    lines = _run("pdftotext", "-enc", "UTF-8", pdf, "-").splitlines()
    page_numbers = [line for line in lines if PAGE_NUMBER.match(line)]
    pages = int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", pdf)).group(1))  # type: ignore[union-attr]
    assert len(page_numbers) == pages
    body = [line for line in lines if not PAGE_NUMBER.match(line) and line.strip() != sample_document.label]
    text = re.sub(r"\s+", "", "".join(body))
    for paragraph in sample_document.paragraphs:
        assert re.sub(r"\s+", "", paragraph.text) in text, paragraph.text
    for line in (
        sample_document.title,
        sample_document.recipient,
        sample_document.signature,
        sample_document.date,
    ):
        assert line in text
    assert not any(warning in text for warning in sample_document.warnings)  # for the author, on screen only
    suggestions = [p for p in sample_document.paragraphs if p.style is Style.SUGGESTION]
    assert text.count("建议") >= 2 * len(suggestions)  # each carries its badge
    assert "".join(lines).count(sample_document.label) == pages  # in the header of every page


def test_pages_are_a4_and_render(pdf: Path, tmp_path: Path) -> None:
    info = _run("pdfinfo", pdf)
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    _run("pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", pdf, tmp_path / "page")
    [rendering] = tmp_path.glob("page*.png")
    image = Image.open(rendering)
    assert image.size[0] / image.size[1] == pytest.approx(210 / 297, abs=0.01)
    gray = np.asarray(image.convert("L"))
    assert (gray < 128).mean() > 0.005  # text on the page
    # The type area: nothing is drawn in the left (28 mm) and top (37 mm, less the label header) margins.
    px_per_mm = image.size[0] / 210
    assert (gray[:, : int(25 * px_per_mm)] > 200).all()


def test_writes_to_a_stream(sample_document: Document) -> None:
    stream = io.BytesIO()
    write_pdf(sample_document, stream)
    assert stream.getvalue().startswith(b"%PDF-")
    assert stream.getvalue().rstrip().endswith(b"%%EOF")


def test_no_chinese_font_is_a_document_error(
    sample_document: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "installed_families", frozenset)
    with pytest.raises(DocumentError, match="fonts-noto-cjk"):
        write_pdf(sample_document, io.BytesIO())

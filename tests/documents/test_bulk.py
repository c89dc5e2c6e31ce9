"""Writing many documents: one file each, a zip of them all, in parallel or not."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from dudao.documents import build, file_name, render, write_all
from dudao.documents.context import ReportContext
from dudao.documents.model import Document


@pytest.fixture(scope="module")
def letters(bundled_context: ReportContext) -> list[Document]:
    return [build("feedback", bundled_context, code) for code in ("500105", "500103", "500242")]


@pytest.mark.parametrize("workers", [1, 2])
def test_every_document_lands_in_the_folder_and_the_zip(
    letters: list[Document], tmp_path: Path, workers: int
) -> None:
    seen: list[str] = []
    archive = write_all(
        letters, "docx", tmp_path / "意见书", workers=workers, done=lambda d: seen.append(d.unit)
    )
    names = sorted(p.name for p in (tmp_path / "意见书").iterdir())
    assert names == sorted(file_name(d, "docx") for d in letters)
    assert sorted(seen) == sorted(d.unit for d in letters)
    assert archive == tmp_path / "意见书.zip"
    with zipfile.ZipFile(archive) as bundle:
        assert sorted(bundle.namelist()) == [f"意见书/{n}" for n in names]
        opened = docx.Document(bundle.open(f"意见书/{file_name(letters[0], 'docx')}"))
    assert any("江北区人民政府" in p.text for p in opened.paragraphs)
    assert not list(tmp_path.glob("**/.*"))  # no temporary file left behind


def test_names_and_formats(letters: list[Document]) -> None:
    assert file_name(letters[0], "pdf") == "500105江北区督导意见书.pdf"
    assert render(letters[0], "html").startswith(b"<!DOCTYPE html>")
    with pytest.raises(ValueError, match="docx, pdf, html"):
        render(letters[0], "odt")

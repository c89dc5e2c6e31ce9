"""Reading a report file whose archive would exhaust the machine (issue #16, item 10)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from dudao.reader.text import ReportError, text_of


def test_a_docx_deflate_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    """Issue #16: a hostile .docx is bounded like a workbook (entries, unpacked size, ratio)."""
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * (60 << 20))
    with pytest.raises(ReportError) as caught:
        text_of(path)
    assert [p.code for p in caught.value.problems] == ["zip-bomb"]

"""The DOCX writer lays a Document out as a GB/T 9704 公文: each check reads the file back."""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Twips
from docx.text.paragraph import Paragraph as DocxParagraph
from PIL import Image

from dudao.documents.docx_writer import OFFICIAL, Layout, write_docx
from dudao.documents.model import Chart, Document, Heading, Paragraph, Style, Table
from dudao.documents.phrasing import title_lines

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read(document: Document, layout: Layout = OFFICIAL) -> Any:
    out = io.BytesIO()
    write_docx(document, out, layout)
    out.seek(0)
    return docx.Document(out)


@pytest.fixture
def word(sample_document: Document) -> Any:
    return read(sample_document)


def fonts(style: Any) -> dict[str, str]:
    """The w:rFonts attributes of a style, without the namespace."""
    return {name.removeprefix(W): value for name, value in style.element.rPr.rFonts.attrib.items()}


def ind(paragraph_or_style: Any, name: str) -> str:
    """An attribute of the w:ind of a style or a paragraph."""
    element = getattr(paragraph_or_style, "element", None)
    element = paragraph_or_style._p if element is None else element
    return str(element.pPr.find(qn("w:ind")).get(qn(f"w:{name}")))


def full_width(text: str) -> float:
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def test_page_size_and_margins(word: Any) -> None:
    section = word.sections[0]
    assert len(word.sections) == 1
    expected = {
        "page_width": 210,
        "page_height": 297,
        "top_margin": 37,
        "bottom_margin": 35,
        "left_margin": 28,
        "right_margin": 26,
    }
    for name, mm in expected.items():
        assert getattr(section, name).mm == pytest.approx(mm, abs=0.1), name
    width = section.page_width.mm - section.left_margin.mm - section.right_margin.mm
    height = section.page_height.mm - section.top_margin.mm - section.bottom_margin.mm
    assert width == pytest.approx(156, abs=0.1)
    assert height == pytest.approx(225, abs=0.1)


def test_grid_holds_22_lines_of_28_characters(word: Any) -> None:
    section = word.sections[0]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    pitch = int(grid.get(qn("w:linePitch")))
    height = section.page_height.twips - section.top_margin.twips - section.bottom_margin.twips
    assert pitch * 22 <= height < pitch * 23
    # Word's character pitch: the Normal font size plus charSpace/4096 pt.
    char_pitch = word.styles["Normal"].font.size.pt + int(grid.get(qn("w:charSpace"))) / 4096
    width = section.page_width.twips - section.left_margin.twips - section.right_margin.twips
    assert math.floor(width / 20 / char_pitch) == 28
    # the text's own line spacing is the grid pitch, exactly
    body = word.styles["Normal"].paragraph_format
    assert body.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert body.line_spacing == Twips(pitch)
    assert body.space_before == 0 and body.space_after == 0


@pytest.mark.parametrize(
    ("style", "font", "pt", "bold"),
    [
        ("Title", "方正小标宋简体", 22, False),
        ("Normal", "仿宋_GB2312", 16, False),
        ("Heading 1", "黑体", 16, False),
        ("Heading 2", "楷体_GB2312", 16, False),
        ("Heading 3", "仿宋_GB2312", 16, True),
        ("图表标题", "黑体", 16, False),
        ("Footer", "宋体", 14, False),
    ],
)
def test_style_fonts_are_set_for_east_asian_text(
    word: Any, style: str, font: str, pt: float, bold: bool
) -> None:
    found = word.styles[style]
    assert fonts(found) == {"ascii": font, "hAnsi": font, "eastAsia": font, "cs": font}  # no theme fonts
    assert found.font.size.pt == pt
    assert bool(found.font.bold) is bold
    assert found.font.color.rgb is None or str(found.font.color.rgb) == "000000"


def test_headings_use_heading_styles_with_outline_levels(word: Any, sample_document: Document) -> None:
    headings = [b for b in sample_document.blocks if isinstance(b, Heading)]
    written = [(p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert written == [(f"Heading {h.level}", h.text) for h in headings]
    for level in (1, 2, 3):
        style = word.styles[f"Heading {level}"]
        assert style.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == str(level - 1)
        assert style.paragraph_format.keep_with_next
        assert ind(style, "firstLineChars") == "200"


def test_body_paragraphs_are_justified_with_two_character_indent(word: Any) -> None:
    normal = word.styles["Normal"]
    assert normal.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert ind(normal, "firstLineChars") == "200"
    assert normal.paragraph_format.first_line_indent.pt == 32
    body = [p for p in word.paragraphs if p.text.startswith("2021年，全区")]
    assert len(body) == 1 and body[0].style.name == "Normal"


def test_title_empty_line_and_recipient(word: Any, sample_document: Document) -> None:
    title, blank, recipient = word.paragraphs[:3]
    # a long title breaks between words (GB/T 9704 回行), so the lines read back joined by \n
    assert (title.style.name, title.text) == ("Title", "\n".join(title_lines(sample_document.title)))
    assert "\n" in title.text
    assert word.styles["Title"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert ind(word.styles["Title"], "firstLine") == "0"
    assert blank.text == ""
    assert recipient.text == sample_document.recipient
    assert recipient.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert ind(recipient.style, "firstLine") == "0" and ind(recipient.style, "firstLineChars") == "0"


def test_page_numbers_odd_right_even_left(word: Any) -> None:
    assert word.settings.odd_and_even_pages_header_footer
    section = word.sections[0]
    for footer, align, side in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "rightChars"),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "leftChars"),
    ):
        (number,) = footer.paragraphs
        assert number.text == "— 1 —"
        assert [t.text.strip() for t in number._p.iter(qn("w:instrText"))] == ["PAGE"]
        kinds = [f.get(qn("w:fldCharType")) for f in number._p.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        assert number.alignment == align
        assert number._p.pPr.find(qn("w:ind")).get(qn(f"w:{side}")) == "100"
        assert number.style.name == "Footer"
    # below the type area: the footer sits inside the bottom margin
    assert 0 < section.footer_distance < section.bottom_margin


def test_label_in_every_header(word: Any, sample_document: Document) -> None:
    section = word.sections[0]
    for header in (section.header, section.even_page_header):
        assert [p.text for p in header.paragraphs] == [sample_document.label]
        style = header.paragraphs[0].style
        assert style.font.size.pt < 16
        assert str(style.font.color.rgb) not in ("000000", "None")


def test_table(word: Any, sample_document: Document) -> None:
    (model,) = [b for b in sample_document.blocks if isinstance(b, Table)]
    (table,) = word.tables
    texts = [[cell.text for cell in row.cells] for row in table.rows]
    expected = [list(model.header)] + [
        [c if isinstance(c, str) else c.text for c in row] for row in model.rows
    ]
    assert texts == expected
    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
    assert table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    for row in table.rows[1:]:
        for cell, numeric in zip(row.cells, model.numeric, strict=True):
            assert (cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT) is numeric
            assert cell.paragraphs[0].style.name == "表格文字"
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert [b.tag.removeprefix(W) for b in borders] == [
        "top",
        "left",
        "bottom",
        "right",
        "insideH",
        "insideV",
    ]
    assert all(b.get(qn("w:val")) == "single" for b in borders)
    assert word.styles["表格文字"].font.size.pt in (12, 14)
    assert fonts(word.styles["表格文字"])["eastAsia"] == "仿宋_GB2312"
    # the caption comes just before the table, centred
    caption: Any = DocxParagraph(table._tbl.getprevious(), table._parent)
    assert (caption.text, caption.style.name) == (model.caption, "图表标题")
    assert word.styles["图表标题"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_wide_table_uses_smaller_type() -> None:
    header = tuple(f"列{i}" for i in range(7))
    document = Document("summary", "汇总", (Table("表1 宽表", header, (tuple("1234567"),), (True,) * 7),))
    (table,) = read(document).tables
    assert {run.font.size.pt for row in table.rows for c in row.cells for run in c.paragraphs[0].runs} == {12}


def test_chart_picture_and_caption_below(word: Any, sample_document: Document) -> None:
    (chart,) = [b for b in sample_document.blocks if isinstance(b, Chart)]
    (shape,) = word.inline_shapes
    assert shape.width.mm == pytest.approx(chart.width_mm, abs=0.1)
    blip = shape._inline.graphic.graphicData.pic.blipFill.blip
    assert word.part.related_parts[blip.embed].blob == chart.png
    index = next(i for i, p in enumerate(word.paragraphs) if p._p.find(f".//{qn('w:drawing')}") is not None)
    picture, caption = word.paragraphs[index], word.paragraphs[index + 1]
    assert picture.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    # a picture would be cut off by an exact line height
    assert picture.style.paragraph_format.line_spacing_rule != WD_LINE_SPACING.EXACTLY
    assert (caption.text, caption.style.name) == (chart.caption, "图表标题")


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, format="PNG")
    return out.getvalue()


def test_chart_fits_the_type_area() -> None:
    wide = Chart("图1 宽", _png(400, 100), "<svg/>", width_mm=200, height_mm=50)
    tall = Chart("图2 高", _png(100, 400), "<svg/>", width_mm=150, height_mm=600)
    shapes = read(Document("summary", "汇总", (wide, tall))).inline_shapes
    assert shapes[0].width.mm == pytest.approx(156, abs=0.1)
    assert shapes[1].height.mm < 225
    assert shapes[1].width / shapes[1].height == pytest.approx(100 / 400, rel=0.01)


def test_suggestions_and_notes_are_marked(word: Any, sample_document: Document) -> None:
    suggestions = [p for p in word.paragraphs if p.style.name == "建议"]
    models = [p for p in sample_document.paragraphs if p.style is Style.SUGGESTION]
    assert [p.text for p in suggestions] == [
        m.text if m.text.startswith("建议") else "【建议】" + m.text for m in models
    ]
    assert suggestions[0].runs[0].text == "【建议】" and suggestions[0].runs[0].bold
    shading = word.styles["建议"].element.pPr.find(qn("w:shd"))
    assert shading.get(qn("w:fill")) not in (None, "auto", "FFFFFF")

    (note,) = [p for p in word.paragraphs if p.style.name == "说明"]
    assert note.text.startswith("【说明】")
    style = word.styles["说明"]
    assert style.font.size.pt < word.styles["Normal"].font.size.pt
    assert str(style.font.color.rgb) != "000000"
    borders = style.element.pPr.find(qn("w:pBdr"))
    assert {b.tag.removeprefix(W) for b in borders} == {"top", "left", "bottom", "right"}


def test_lead_is_a_bold_run_in_heading(word: Any, sample_document: Document) -> None:
    (model,) = [p for p in sample_document.paragraphs if p.lead]
    (written,) = [p for p in word.paragraphs if p.text == model.text]
    lead, rest = written.runs
    assert (lead.text, lead.bold) == (model.lead, True)
    assert not rest.bold and lead.text + rest.text == model.text


def test_signature_and_date_right_aligned_under_a_blank_line(word: Any, sample_document: Document) -> None:
    blank, signature, date = word.paragraphs[-3:]
    assert (blank.text, signature.text, date.text) == ("", sample_document.signature, sample_document.date)
    for p in (signature, date):
        assert p.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # GB/T 9704: the date starts two characters right of the signature; both at least 右空二字
    right = {p.text: int(ind(p, "rightChars")) / 100 for p in (signature, date)}
    assert min(right.values()) == 2
    sig_start = right[signature.text] + full_width(signature.text)
    date_start = right[date.text] + full_width(date.text)
    assert sig_start - date_start == 2


def test_text_round_trip(word: Any, sample_document: Document) -> None:
    written = [p.text for p in word.paragraphs]
    for paragraph in sample_document.paragraphs:
        stripped = [t.removeprefix("【建议】").removeprefix("【说明】") for t in written]
        assert paragraph.text in stripped, paragraph.text
    # and the whole sequence, in order
    expected = ["\n".join(title_lines(sample_document.title)), "", sample_document.recipient]
    for block in sample_document.blocks:
        if isinstance(block, Heading):
            expected.append(block.text)
        elif isinstance(block, Paragraph):
            mark = {Style.SUGGESTION: "【建议】", Style.NOTE: "【说明】"}.get(block.style, "")
            expected.append(("" if block.text.startswith(("建议", mark)) else mark) + block.text)
        elif isinstance(block, Table):
            expected.append(block.caption)
        else:
            expected += ["", block.caption]
    expected += ["", sample_document.signature, sample_document.date]
    assert written == expected


def test_warnings_are_not_in_the_docx(tmp_path: Path, sample_document: Document) -> None:
    path = tmp_path / "report.docx"
    write_docx(sample_document, path)
    word = docx.Document(str(path))
    assert word.core_properties.title == sample_document.title
    xml = word.element.xml
    for warning in sample_document.warnings:
        assert warning not in xml


def test_minimal_document() -> None:
    document = Document("summary", "汇总报告", (Paragraph(("正文。",)),))
    word = read(document)
    assert [p.text for p in word.paragraphs] == ["汇总报告", "", "正文。"]
    section = word.sections[0]
    assert section._sectPr.find(qn("w:headerReference")) is None  # no label: no header
    assert section.footer.paragraphs[0].text == "— 1 —"


def test_layout_is_configurable() -> None:
    layout = Layout(body_font="仿宋", heading2_font="楷体")
    word = read(Document("summary", "汇总报告", (Heading(2, "（一）做法"), Paragraph(("正文。",)))), layout)
    assert fonts(word.styles["Normal"])["eastAsia"] == "仿宋"
    assert fonts(word.styles["Heading 2"])["eastAsia"] == "楷体"
    assert fonts(word.styles["Heading 3"])["eastAsia"] == "仿宋"

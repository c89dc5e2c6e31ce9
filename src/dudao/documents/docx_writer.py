"""Word (DOCX) writer: a :class:`~.model.Document` laid out as a 公文 by GB/T 9704-2012.

The page is A4 with a 156 x 225 mm type area; a document grid and exact line spacing at the
same pitch make the page hold 22 lines of 28 characters, as the standard counts them. Each
part of the document has a paragraph style whose fonts are set for East-Asian text too
(``w:rFonts/@w:eastAsia``), so an author who edits in Word keeps the layout: 标题 (Title),
正文 (Normal), headings (Heading 1-3, in Word's navigation pane), 主送机关, 署名日期, 表题/图题,
表格文字, 插图, and two marked styles for text that is not yet official: 建议 (a generated
suggestion, shaded, led by 【建议】) and 说明 (a note to the author, small grey text in a box,
led by 【说明】). Page numbers "— N —" sit in the footer, right on odd pages and left on even
ones; a :attr:`~.model.Document.label` (示例数据) is in the header of every page. The
document's warnings are for the HTML view only.

Layout figures are a :class:`Layout`; provinces that set the body in 仿宋 rather than
仿宋_GB2312 pass ``Layout(body_font="仿宋")``.
"""

from __future__ import annotations

import io
import math
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

import docx
from docx.document import Document as WordDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Emu, Mm, Pt, Twips

from dudao.documents import docx_xml as ox
from dudao.documents.model import Chart, Document, Heading, Paragraph, Style, Table
from dudao.documents.phrasing import title_lines

GREY = "595959"
SUGGESTION_FILL = "FFF2CC"  # light yellow, as a reviewer's highlight
MARKS = {Style.SUGGESTION: "【建议】", Style.NOTE: "【说明】"}

# Custom paragraph styles, by the name Word shows (their style ids are ASCII: "Dudao…").
RECIPIENT, SIGNATURE, CAPTION, TABLE_TEXT = "主送机关", "署名日期", "图表标题", "表格文字"
FIGURE, SUGGESTION, NOTE = "插图", "建议", "说明"
STYLE_IDS = {
    RECIPIENT: "DudaoRecipient",
    SIGNATURE: "DudaoSignature",
    CAPTION: "DudaoCaption",
    TABLE_TEXT: "DudaoTableText",
    FIGURE: "DudaoFigure",
    SUGGESTION: "DudaoSuggestion",
    NOTE: "DudaoNote",
}
PARAGRAPH_STYLES = {
    Style.BODY: "Normal",
    Style.NARRATIVE: "Normal",
    Style.SUGGESTION: SUGGESTION,
    Style.NOTE: NOTE,
}


def twips(mm: float) -> int:
    """Millimetres in twips (1/20 pt), as Word stores page measures.

    >>> twips(37), twips(210)
    (2098, 11906)
    """
    return round(mm * 1440 / 25.4)


@dataclass(frozen=True)
class Layout:
    """Page, type area and fonts (GB/T 9704-2012 by default). Sizes in points: 2号 22, 3号 16,
    4号 14, 小四 12, 五号 10.5. Font names are as Word knows them.

    >>> OFFICIAL.type_width_mm, OFFICIAL.type_height_mm, OFFICIAL.line_pitch, OFFICIAL.char_space
    (156, 225, 579, -842)
    """

    page_width_mm: float = 210
    page_height_mm: float = 297
    top_mm: float = 37
    bottom_mm: float = 35
    left_mm: float = 28
    right_mm: float = 26
    title_font: str = "方正小标宋简体"
    title_pt: float = 22
    body_font: str = "仿宋_GB2312"
    body_pt: float = 16
    heading1_font: str = "黑体"
    heading2_font: str = "楷体_GB2312"
    caption_font: str = "黑体"
    page_number_font: str = "宋体"
    page_number_pt: float = 14
    page_number_gap_mm: float = 7  # from the type area's lower edge to the top of the page number
    lines_per_page: int = 22
    chars_per_line: int = 28
    table_pt: float = 14
    table_small_pt: float = 12  # tables wider than wide_table_columns
    wide_table_columns: int = 5
    note_pt: float = 14
    label_pt: float = 10.5
    header_mm: float = 15

    @property
    def type_width_mm(self) -> float:
        return self.page_width_mm - self.left_mm - self.right_mm

    @property
    def type_height_mm(self) -> float:
        return self.page_height_mm - self.top_mm - self.bottom_mm

    @property
    def line_pitch(self) -> int:
        """The exact line height in twips: the largest with which the type area holds all lines."""
        height = twips(self.page_height_mm) - twips(self.top_mm) - twips(self.bottom_mm)
        return height // self.lines_per_page

    @property
    def char_space(self) -> int:
        """``w:docGrid/@w:charSpace``: how much the character pitch exceeds ``body_pt``, in
        1/4096 pt, rounded down so that ``chars_per_line`` characters fit the type width."""
        width = twips(self.page_width_mm) - twips(self.left_mm) - twips(self.right_mm)
        return math.floor((width / self.chars_per_line / 20 - self.body_pt) * 4096)

    @property
    def footer_mm(self) -> float:
        """Footer distance from the page's lower edge, so the number's top is the gap below the type."""
        return self.bottom_mm - self.page_number_gap_mm - self.page_number_pt * 25.4 / 72


OFFICIAL = Layout()


def write_docx(document: Document, target: Path | BinaryIO, layout: Layout = OFFICIAL) -> None:
    """Write ``document`` as a DOCX file to a path or a binary stream."""
    word = docx.Document()
    _styles(word, layout)
    _page(word, layout)
    _header_footer(word, document, layout)
    title = word.add_paragraph(style="Title")
    per_line = layout.type_width_mm / (layout.title_pt * 25.4 / 72)
    for n, line in enumerate(title_lines(document.title, per_line)):  # GB/T 9704: break between words
        if n:
            title.runs[-1].add_break()
        title.add_run(line)
    word.add_paragraph()  # GB/T 9704: one empty line under the title
    if document.recipient:
        word.add_paragraph(document.recipient, style=RECIPIENT)
    for block in document.blocks:
        if isinstance(block, Heading):
            word.add_paragraph(block.text, style=f"Heading {min(max(block.level, 1), 3)}")
        elif isinstance(block, Paragraph):
            _paragraph(word, block)
        elif isinstance(block, Table):
            _table(word, block, layout)
        else:
            _chart(word, block, layout)
    _signature(word, document, layout)
    props = word.core_properties
    props.title, props.author, props.language = document.title, document.signature, "zh-CN"
    props.comments = ""  # not python-docx's "generated by python-docx"
    word.save(str(target) if isinstance(target, Path) else target)


def mark(paragraph: Paragraph) -> str:
    """The visible mark a writer puts before a suggestion or note, unless its text has one.

    >>> [mark(Paragraph((text,), Style.SUGGESTION)) for text in ("加快建设。", "建议加快建设。")]
    ['【建议】', '']
    """
    text = MARKS.get(paragraph.style, "")
    if paragraph.text.startswith(text) or (
        paragraph.style is Style.SUGGESTION and paragraph.text.startswith("建议")
    ):
        return ""
    return text


def signature_indents(signature: str, date: str) -> tuple[float, float]:
    """Right indents, in characters, of the signature and the date (GB/T 9704 7.3.5.2): the
    signature 右空二字 and the date starting two characters right of it; if that would bring the
    date within two characters of the margin, the date 右空二字 and the signature moves right.

    >>> signature_indents("重庆市江北区人民政府教育督导室", "2022年12月13日")
    (2.0, 8.0)
    >>> signature_indents("江北区人民政府", "2022年12月13日")
    (4.0, 2.0)
    """
    if not (signature and date):
        return 2.0, 2.0
    sig, day = _width(signature), _width(date)
    if sig - day >= 2:
        return 2.0, sig - day
    return 4 + day - sig, 2.0


def _width(text: str) -> float:
    """Width in full-width characters: digits and Latin letters are half."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)


def _looks(layout: Layout) -> dict[str, ox.Look]:
    pitch = layout.line_pitch
    body = ox.Look(layout.body_font, layout.body_pt, first_line=2, line=pitch)
    heading = replace(body, keep_next=True)
    flush = replace(body, first_line=0)
    return {
        "Normal": body,
        "Title": ox.Look(layout.title_font, layout.title_pt, align="center", line=pitch, grid=False),
        "Heading 1": replace(heading, font=layout.heading1_font, outline=0),
        "Heading 2": replace(heading, font=layout.heading2_font, outline=1),
        "Heading 3": replace(heading, bold=True, outline=2),
        RECIPIENT: replace(flush, align="left"),
        SIGNATURE: replace(flush, align="right"),
        SUGGESTION: replace(body, shading=SUGGESTION_FILL),
        NOTE: ox.Look(layout.body_font, layout.note_pt, color=GREY, line=pitch, grid=False, border=GREY),
        CAPTION: ox.Look(layout.caption_font, layout.body_pt, align="center", line=pitch),
        FIGURE: ox.Look(layout.body_font, layout.body_pt, align="center", grid=False, keep_next=True),
        TABLE_TEXT: ox.Look(layout.body_font, layout.table_pt, align="left", grid=False),
        "Header": ox.Look(layout.body_font, layout.label_pt, color=GREY, align="right", grid=False),
        "Footer": ox.Look(
            layout.page_number_font, layout.page_number_pt, line=round(layout.page_number_pt * 20), grid=False
        ),
    }


def _styles(word: WordDocument, layout: Layout) -> None:
    """Define every style afresh: the template's theme fonts, colours and spacing are dropped."""
    ox.set_defaults(word.styles.element, layout.body_font, layout.body_pt)
    for name, look in _looks(layout).items():
        ox.define_style(word.styles, name, look, STYLE_IDS.get(name, ""))


def _page(word: WordDocument, layout: Layout) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = (
        Twips(twips(layout.page_width_mm)),
        Twips(twips(layout.page_height_mm)),
    )
    section.top_margin, section.bottom_margin = Twips(twips(layout.top_mm)), Twips(twips(layout.bottom_mm))
    section.left_margin, section.right_margin = Twips(twips(layout.left_mm)), Twips(twips(layout.right_mm))
    section.gutter = Twips(0)
    section.header_distance, section.footer_distance = Mm(layout.header_mm), Mm(layout.footer_mm)
    ox.put(
        section._sectPr,
        "w:docGrid",
        ox.SECTPR_ORDER,
        type="linesAndChars",
        linePitch=str(layout.line_pitch),
        charSpace=str(layout.char_space),
    )
    word.settings.odd_and_even_pages_header_footer = True


def _header_footer(word: WordDocument, document: Document, layout: Layout) -> None:
    section = word.sections[0]
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        number = footer.paragraphs[0]
        number.style = word.styles["Footer"]
        ppr = number._p.get_or_add_pPr()
        ox.put(ppr, "w:jc", ox.PPR_ORDER, val="right" if odd else "left")
        ox.indent(ppr, layout.page_number_pt, left=0 if odd else 1, right=1 if odd else 0)
        number.add_run("— ")
        ox.add_field(number, "PAGE", "1")
        number.add_run(" —")
    if document.label:
        for header in (section.header, section.even_page_header):
            header.paragraphs[0].style = word.styles["Header"]
            header.paragraphs[0].add_run(document.label)


def _paragraph(word: WordDocument, paragraph: Paragraph) -> None:
    para = word.add_paragraph(style=PARAGRAPH_STYLES[paragraph.style])
    for text, bold in (
        (mark(paragraph), True),
        (paragraph.lead, True),
        (paragraph.text[len(paragraph.lead) :], False),
    ):
        if text:
            para.add_run(text).bold = bold or None


def _table(word: WordDocument, table: Table, layout: Layout) -> None:
    word.add_paragraph(table.caption, style=CAPTION).paragraph_format.keep_with_next = True
    columns = len(table.header)
    grid = word.add_table(rows=1 + len(table.rows), cols=columns)
    grid.style = word.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    ox.put(grid._tbl.tblPr, "w:tblW", ox.TBLPR_ORDER, w="5000", type="pct")
    ox.table_borders(grid._tbl.tblPr)
    numeric = table.numeric + (False,) * columns
    cell_style = word.styles[TABLE_TEXT].style_id  # set by id: looking a style up by name per cell is slow
    size = Pt(layout.table_small_pt) if columns > layout.wide_table_columns else None
    texts = [table.header, *(tuple(c if isinstance(c, str) else c.text for c in row) for row in table.rows)]
    for index, (row, values) in enumerate(zip(grid.rows, texts, strict=True)):
        trpr = row._tr.get_or_add_trPr()
        ox.put(trpr, "w:cantSplit", ox.TRPR_ORDER)
        if index == 0:
            ox.put(trpr, "w:tblHeader", ox.TRPR_ORDER)  # repeated at the top of each page
        for column, (cell, value) in enumerate(zip(row.cells, values, strict=False)):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            para = cell.paragraphs[0]
            para._p.style = cell_style
            if index == 0:
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif numeric[column]:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = para.add_run(value)
            run.bold = index == 0 or None
            run.font.size = size


def _chart(word: WordDocument, chart: Chart, layout: Layout) -> None:
    picture = word.add_paragraph(style=FIGURE).add_run()
    shape = picture.add_picture(io.BytesIO(chart.png), width=Mm(min(chart.width_mm, layout.type_width_mm)))
    limit = Mm(layout.type_height_mm) - Twips(layout.line_pitch)  # leave a line for the caption
    if shape.height > limit:
        shape.width, shape.height = Emu(shape.width * limit // shape.height), Emu(limit)
    shape._inline.docPr.set("descr", chart.caption)
    word.add_paragraph(chart.caption, style=CAPTION)


def _signature(word: WordDocument, document: Document, layout: Layout) -> None:
    if not (document.signature or document.date):
        return
    word.add_paragraph()  # GB/T 9704: one empty line under the text
    for text, right in zip(
        (document.signature, document.date), signature_indents(document.signature, document.date), strict=True
    ):
        if text:
            ppr = word.add_paragraph(text, style=SIGNATURE)._p.get_or_add_pPr()
            ox.indent(ppr, layout.body_pt, right=right)

"""Low-level OOXML for :mod:`.docx_writer`: what python-docx has no API for.

python-docx sets ``w:rFonts`` ascii/hAnsi only, so Word would show a Chinese run in the theme's
East-Asian font; it has no paragraph borders, shading, character-unit indents, fields or document
grid either. The helpers here write those elements in the order the schema requires (Word
rejects a ``w:pPr`` whose children are out of order), and :class:`Look` describes a paragraph
style as a 公文 needs it.

>>> from docx.oxml import OxmlElement
>>> ppr = OxmlElement("w:pPr")
>>> _ = put(ppr, "w:jc", PPR_ORDER, val="center")
>>> _ = put(ppr, "w:spacing", PPR_ORDER, line="579", lineRule="exact")
>>> [child.tag.rsplit("}", 1)[1] for child in ppr]
['spacing', 'jc']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.styles.styles import Styles
from docx.text.paragraph import Paragraph as DocxParagraph


def _order(names: str) -> tuple[str, ...]:
    """The order of an element's children in the schema (ECMA-376 part 1, 17.3-17.6)."""
    return tuple(f"w:{name}" for name in names.split())


PPR_ORDER = _order(
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr "
    "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN "
    "bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
    "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
)
RPR_ORDER = _order(
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
    "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
    "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
)
TBLPR_ORDER = _order(
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook"
)
SECTPR_ORDER = _order(
    "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders "
    "lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid "
    "printerSettings sectPrChange"
)
TRPR_ORDER = _order("cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader")
SIDES = ("top", "left", "bottom", "right")


def put(parent: Any, tag: str, order: tuple[str, ...], **attrs: str) -> Any:
    """Set ``parent``'s only ``tag`` child to exactly ``attrs`` (in the w: namespace), adding it
    in schema order if missing; its old attributes (e.g. theme fonts) and children are dropped."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        later = {qn(t) for t in order[order.index(tag) + 1 :]}
        successor = next((c for c in parent if c.tag in later), None)
        if successor is None:
            parent.append(child)
        else:
            successor.addprevious(child)
    child.clear()
    for name, value in attrs.items():
        child.set(qn(f"w:{name}"), value)
    return child


def set_fonts(rpr: Any, font: str) -> None:
    """One font for every script, East-Asian included, with no theme font to override it."""
    put(rpr, "w:rFonts", RPR_ORDER, ascii=font, hAnsi=font, eastAsia=font, cs=font)


def set_size(rpr: Any, pt: float) -> None:
    half_points = str(round(pt * 2))
    put(rpr, "w:sz", RPR_ORDER, val=half_points)
    put(rpr, "w:szCs", RPR_ORDER, val=half_points)


def edges(
    parent: Any, tag: str, order: tuple[str, ...], sides: tuple[str, ...], color: str, space: int
) -> None:
    """Single thin borders: a paragraph's box (``w:pBdr``) or a table's grid (``w:tblBorders``)."""
    borders = put(parent, tag, order)
    for side in sides:
        edge = OxmlElement(f"w:{side}")
        for name, value in (("val", "single"), ("sz", "4"), ("space", str(space)), ("color", color)):
            edge.set(qn(f"w:{name}"), value)
        borders.append(edge)


def table_borders(tblpr: Any) -> None:
    edges(tblpr, "w:tblBorders", TBLPR_ORDER, (*SIDES, "insideH", "insideV"), "000000", 0)


@dataclass(frozen=True)
class Look:
    """How a paragraph style looks. ``line`` is an exact line height in twips (0: single
    spacing); ``grid`` snaps to the document grid; indents are in characters (may be halves)."""

    font: str
    pt: float
    bold: bool = False
    color: str = ""  # RRGGBB
    align: str = "both"  # w:jc: both (justified), left, center, right
    first_line: float = 0.0
    left: float = 0.0
    right: float = 0.0
    line: int = 0
    grid: bool = True
    keep_next: bool = False
    outline: int | None = None  # 0-based outline level: headings show in Word's navigation pane
    shading: str = ""  # RRGGBB fill
    border: str = ""  # RRGGBB colour of a box round the paragraph


def indent(ppr: Any, pt: float, first_line: float = 0.0, left: float = 0.0, right: float = 0.0) -> None:
    """Indents in characters (``w:*Chars``, hundredths) with twips for readers that lack them."""

    def twips(chars: float) -> str:
        return str(round(chars * pt * 20))

    def hundredths(chars: float) -> str:
        return str(round(chars * 100))

    put(
        ppr,
        "w:ind",
        PPR_ORDER,
        left=twips(left),
        leftChars=hundredths(left),
        right=twips(right),
        rightChars=hundredths(right),
        firstLine=twips(first_line),
        firstLineChars=hundredths(first_line),
    )


def apply_look(ppr: Any, rpr: Any, look: Look) -> None:
    """Write ``look`` into a style's (or paragraph's) emptied ``w:pPr`` and ``w:rPr``."""
    if look.keep_next:
        put(ppr, "w:keepNext", PPR_ORDER)
    put(ppr, "w:widowControl", PPR_ORDER)
    if look.border:
        edges(ppr, "w:pBdr", PPR_ORDER, SIDES, look.border, 4)
    if look.shading:
        put(ppr, "w:shd", PPR_ORDER, val="clear", color="auto", fill=look.shading)
    put(ppr, "w:snapToGrid", PPR_ORDER, val="1" if look.grid else "0")
    if look.line:
        put(ppr, "w:spacing", PPR_ORDER, before="0", after="0", line=str(look.line), lineRule="exact")
    else:
        put(ppr, "w:spacing", PPR_ORDER, before="0", after="0", line="240", lineRule="auto")
    indent(ppr, look.pt, look.first_line, look.left, look.right)
    put(ppr, "w:jc", PPR_ORDER, val=look.align)
    if look.outline is not None:
        put(ppr, "w:outlineLvl", PPR_ORDER, val=str(look.outline))
    set_fonts(rpr, look.font)
    put(rpr, "w:b", RPR_ORDER, val="1" if look.bold else "0")
    put(rpr, "w:bCs", RPR_ORDER, val="1" if look.bold else "0")
    put(rpr, "w:color", RPR_ORDER, val=look.color or "000000")
    set_size(rpr, look.pt)


def define_style(styles: Styles, name: str, look: Look, style_id: str = "") -> None:
    """Give the paragraph style ``name`` exactly ``look``; with a ``style_id``, add it as a
    custom style based on Normal, else it is one of the template's (Normal, Title, Heading 1 …)."""
    if style_id:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)  # type: ignore[no-untyped-call]
        style.style_id = style_id
        style.base_style = styles["Normal"]
        style.quick_style = True
    else:
        style = styles[name]
    element = style.element
    for tag in ("w:pPr", "w:rPr"):
        old = element.find(qn(tag))
        if old is not None:
            element.remove(old)
    apply_look(element.get_or_add_pPr(), element.get_or_add_rPr(), look)


def set_defaults(styles: Any, font: str, pt: float) -> None:
    """The document defaults under every style: ``font`` at ``pt``, Chinese, no space after."""
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    set_fonts(rpr, font)
    set_size(rpr, pt)
    put(rpr, "w:lang", RPR_ORDER, val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
    put(ppr, "w:spacing", PPR_ORDER, before="0", after="0", line="240", lineRule="auto")


def add_field(paragraph: DocxParagraph, instruction: str, shown: str) -> None:
    """A complex field (e.g. ``PAGE``) showing ``shown`` until Word updates it."""
    pieces = (("begin", ""), ("instr", f" {instruction} "), ("separate", ""), ("text", shown), ("end", ""))
    for kind, text in pieces:
        run = paragraph.add_run()._r
        if kind == "instr":
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = text
        elif kind == "text":
            node = OxmlElement("w:t")
            node.text = text
        else:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        run.append(node)

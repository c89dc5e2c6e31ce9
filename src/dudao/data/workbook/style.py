"""How template cells look and what Excel lets a person type into them.

Input cells are yellow and unlocked; everything else is locked under sheet protection (no
password: it guards against slips, not against intent — the reader checks the structure
anyway). Each input cell carries a data validation 数据验证 with a Chinese input message and
error message: decimals within the element's range, or a 是/否 drop-down.

>>> from dudao.scheme.model import Element
>>> from dudao.expr.ir import Type
>>> rule = validation_for(Element("pupils", "在校生数", unit="人", minimum=0, maximum=8000))
>>> rule.type, rule.operator, rule.formula1, rule.formula2, rule.error
('decimal', 'between', '0', '8000', '在校生数：请填写数字，范围 0 至 8000 人')
>>> validation_for(Element("p", "是否民办", type=Type.BOOL)).formula1
'"是,否"'
>>> text(None, "江北区"), text(None, "=HYPERLINK(1)").data_type
('江北区', 's')
"""

from __future__ import annotations

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.protection import SheetProtection
from openpyxl.worksheet.worksheet import Worksheet

from dudao.data.cell import allowed_text
from dudao.expr.ir import Type
from dudao.scheme.model import Element

_THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
UNLOCKED = Protection(locked=False)
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
PAST_FILL = PatternFill("solid", fgColor="EDEDED")
_HUGE = "9.99E+307"


_LOOKS: dict[str, tuple[Font | None, PatternFill | None, bool]] = {  # font, fill, bordered
    "title": (Font(bold=True, size=14), None, False),
    "note": (Font(color="C00000"), None, False),
    "text": (None, None, False),
    "bold": (Font(bold=True), None, False),
    "header": (Font(bold=True), HEADER_FILL, True),
    "code": (Font(color="595959"), None, True),
    "past": (None, PAST_FILL, True),
    "input": (None, INPUT_FILL, True),
    "cell": (None, None, True),
}


def cell(sheet: Worksheet, value: object, kind: str = "cell", *, wrap: bool = False) -> WriteOnlyCell:
    """A styled cell for a write-only sheet; ``kind`` is one of :data:`_LOOKS`. Only ``input``
    cells are unlocked; ``code`` cells are text, so Excel keeps codes such as 0501 as typed."""
    out = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith("="):
        out.data_type = "s"  # a name or a code is text: it must never run as a formula
    font, fill, bordered = _LOOKS[kind]
    if font is not None:
        out.font = font
    if fill is not None:
        out.fill = fill
    if bordered:
        out.border = BORDER
    if kind == "input":
        out.protection = UNLOCKED
    elif kind == "code":
        out.number_format = "@"
    if wrap or kind == "header":
        out.alignment = Alignment(wrap_text=True, vertical="top")
    return out


def text(sheet: Worksheet, value: str) -> str | WriteOnlyCell:
    """``value`` as it is, or as a text cell when Excel would take it for a formula."""
    return cell(sheet, value, "text") if value.startswith("=") else value


def protect(sheet: Worksheet) -> None:
    """Lock the sheet, still letting people resize columns and rows to read long names."""
    sheet.protection = SheetProtection(sheet=True, formatColumns=False, formatRows=False)


def validation_for(element: Element) -> DataValidation:
    """The data validation of ``element``'s input cells (add the cells to it with ``add``)."""
    allowed, _ = allowed_text(element)
    if element.type is Type.BOOL:
        rule = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
        rule.error = f"{element.name}：请从下拉列表选择“是”或“否”"
    else:
        low = "-" + _HUGE if element.minimum is None else f"{element.minimum:g}"
        high = _HUGE if element.maximum is None else f"{element.maximum:g}"
        rule = DataValidation(
            type="decimal", operator="between", formula1=low, formula2=high, allow_blank=True
        )
        bounded = element.minimum is not None or element.maximum is not None
        rule.error = f"{element.name}：请填写数字" + (f"，范围 {allowed}" if bounded else "")
    rule.errorTitle = "输入无效"
    rule.errorStyle = "stop"
    rule.showErrorMessage = True
    rule.promptTitle = "填写说明"
    rule.prompt = f"{element.name}（{element.code}）：{allowed}。不填请留空；留空的格不会导入。"[:255]
    rule.showInputMessage = True
    rule.error = rule.error[:255]
    return rule

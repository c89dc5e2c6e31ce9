"""Reports as text: .txt, .docx, .html (a saved web page) and .pdf with a text layer.

Offsets: for a .txt file (and text given directly) claim offsets index the file's own text,
read as UTF-8 without any normalisation. For .html, .docx and .pdf they index the text
extracted here (:attr:`ReportText.text`), which is what a reading keeps and shows.
The report body is told from the page around it (navigation, footer) by :func:`body_bounds`.

>>> report = text_of("您的当前位置: 首页>政务公开\\n江北区自评报告\\n一、主要做法\\n扫一扫在手机打开当前页")
>>> report.kind, report.text[report.start:report.end]
('text', '江北区自评报告\\n一、主要做法\\n')
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dudao.errors import Location, Problem
from dudao.errors import ReportError as ReportError  # defined in the one exception tree
from dudao.limits import archive_problem

FORMATS = (".txt", ".docx", ".html", ".htm", ".pdf")
_TITLE = re.compile(r"^[^\n]{4,80}(报告|情况|自评|总结)[^\n，,。]{0,10}$", re.M)
_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+、", re.M)
_FOOTER = re.compile(r"^\s*(扫一扫|分享到|【打印】|打印本页|关闭窗口|【关闭】|相关链接|上一篇|下一篇)", re.M)
_BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "td",
    "table",
}
_DROP = ("script", "style", "nav", "header", "footer", "noscript", "iframe", "form")


@dataclass(frozen=True)
class ReportText:
    """A report's text and where its body lies in it (``text[start:end]``)."""

    text: str
    kind: str  # text | txt | html | docx | pdf
    path: str
    start: int
    end: int

    @property
    def offsets(self) -> str:
        """What claim offsets index: the original file (txt, text) or the extracted text."""
        return "file" if self.kind in ("text", "txt") else "extracted"


def text_of(source: str | Path) -> ReportText:
    """Read a report: a :class:`~pathlib.Path` is a file, a ``str`` is the report's text."""
    if isinstance(source, str):
        return _with_body(source, "text", "")
    path = Path(source)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise _error(
            "report-format",
            path,
            suffix_zh=suffix or "无扩展名",
            suffix_en=suffix or "(no extension)",
            readable_zh="、".join(FORMATS),
            readable_en=", ".join(FORMATS),
        )
    if not path.is_file():
        raise _error("report-missing", path, path=path)
    reader = {".txt": _txt, ".docx": _docx, ".html": _html, ".htm": _html, ".pdf": _pdf}[suffix]
    text = reader(path)
    if not text.strip():
        raise _error("report-empty", path)
    return _with_body(text, "html" if suffix == ".htm" else suffix[1:], str(path))


def body_bounds(text: str) -> tuple[int, int]:
    """Where the report body lies: from its title (or first heading) to the page footer."""
    heading = _HEADING.search(text)
    titles = [m for m in _TITLE.finditer(text) if heading is None or m.start() <= heading.start()]
    start = titles[0].start() if titles else (_paragraph_before(text, heading.start()) if heading else 0)
    after = heading.end() if heading else start
    footer = _FOOTER.search(text, after)
    return start, footer.start() if footer else len(text)


def _paragraph_before(text: str, position: int) -> int:
    previous = text.rfind("\n", 0, max(0, text.rfind("\n", 0, position)))
    return max(0, previous + 1) if position > 0 else 0


def _with_body(text: str, kind: str, path: str) -> ReportText:
    start, end = body_bounds(text)
    return ReportText(text, kind, path, start, end)


def _txt(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        try:
            return path.read_text(encoding="gb18030")
        except UnicodeDecodeError as error:
            raise _error("report-encoding", path) from error


def _docx(path: Path) -> str:
    import docx

    try:
        with zipfile.ZipFile(path) as archive:  # bounded before python-docx unpacks it all
            too_large = archive_problem(archive, str(path))
    except (zipfile.BadZipFile, OSError) as error:
        raise _error("report-docx", path) from error
    if too_large is not None:
        raise ReportError([too_large], what=str(path))
    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises many kinds for a damaged file
        raise _error("report-docx", path) from error
    return "\n".join(p.text for p in document.paragraphs)


def _html(path: Path) -> str:
    from lxml import html as lxml_html  # type: ignore[import-untyped]

    raw = path.read_bytes()
    try:
        root = lxml_html.document_fromstring(raw, parser=lxml_html.HTMLParser(encoding=_encoding(raw)))
    except Exception as error:  # lxml raises ParserError or ValueError on junk
        raise _error("report-html", path) from error
    for element in root.iter(*_DROP):
        element.drop_tree()
    parts: list[str] = []
    _walk(root, parts)
    lines = (re.sub(r"[ \t\r\f\v\u3000\xa0]+", " ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _encoding(raw: bytes) -> str:
    """The page's declared charset, else UTF-8 if it decodes, else GB18030 (older Chinese sites)."""
    declared = re.search(rb"charset=[\"']?([A-Za-z0-9_-]+)", raw[:4096])
    if declared:
        return (
            declared.group(1).decode("ascii").lower().replace("gb2312", "gb18030").replace("gbk", "gb18030")
        )
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def _walk(element: Any, parts: list[str]) -> None:
    """The text of ``element`` in document order, a line break around every block element."""
    block = isinstance(element.tag, str) and element.tag in _BLOCKS
    if block:
        parts.append("\n")
    if isinstance(element.tag, str) and element.text:
        parts.append(element.text)
    for child in element:
        _walk(child, parts)
        if child.tail:
            parts.append(child.tail)
    if block:
        parts.append("\n")


def _pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, OSError) as error:
        raise _error("report-pdf", path) from error
    if not text.strip():
        raise _error("report-pdf-no-text", path)
    return text


def _error(code: str, path: Path, /, **fields: Any) -> ReportError:
    return ReportError([Problem.of(code, Location(str(path)), **fields)], what=str(path))

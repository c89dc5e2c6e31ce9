"""The catalogue's problems of documents and reports."""

from __future__ import annotations

from dudao.problems.kinds import DOCUMENTS, READER, WARNING, ProblemType

TYPES = (
    ProblemType(
        "prose-file",
        DOCUMENTS,
        "文件不存在：{path}",
        "not a readable file: {path}",
        variants=(("not-a-file", "不是文件：{path}", "not a readable file: {path}"),),
    ),
    ProblemType(
        "prose-encoding",
        DOCUMENTS,
        "文件不是 UTF-8 编码（第 {byte} 字节）：请另存为 UTF-8",
        "the file is not UTF-8 (byte {byte}); save it as UTF-8",
    ),
    ProblemType(
        "prose-shape",
        DOCUMENTS,
        "顶层应为“单位代码: {{narratives, plans}}”",
        "the top level must map unit codes to {{narratives, plans}}",
        variants=(
            ("unit", "单位 {unit} 下应为 narratives 和 plans", "unit {unit}: expected narratives and plans"),
            ("section", "{section} 下应为“代码: 文字”", "{section}: expected code: text pairs"),
        ),
    ),
    ProblemType(
        "prose-section",
        DOCUMENTS,
        "未知的部分“{section}”，可用：narratives、plans",
        "unknown section {section!r}; use narratives or plans",
    ),
    ProblemType("prose-text", DOCUMENTS, "“{code}”的内容应为文字", "{code}: expected text"),
    ProblemType(
        "prose-unknown-area",
        DOCUMENTS,
        "方案中没有一级指标“{code}”（可用：{known} …），已忽略",
        "the scheme has no area {code!r}; ignored",
        WARNING,
    ),
    ProblemType(
        "prose-unknown-item",
        DOCUMENTS,
        "方案中没有指标“{code}”（可用：{known} …），已忽略",
        "the scheme has no item {code!r}; ignored",
        WARNING,
    ),
    ProblemType("report-missing", READER, "找不到报告文件：{path}", "report file not found: {path}"),
    ProblemType(
        "report-format",
        READER,
        "不支持的报告格式“{suffix_zh}”；可读 {readable_zh}",
        "unsupported report format {suffix_en!r}; readable: {readable_en}",
    ),
    ProblemType(
        "report-encoding",
        READER,
        "文本文件不是 UTF-8 或 GB18030 编码",
        "the text file is neither UTF-8 nor GB18030",
    ),
    ProblemType("report-empty", READER, "报告中没有可读的文字", "the report has no readable text"),
    ProblemType(
        "report-docx", READER, "无法打开 Word 文件（已损坏或不是 .docx）", "cannot open the .docx file"
    ),
    ProblemType("report-html", READER, "无法解析网页文件", "cannot parse the HTML file"),
    ProblemType(
        "report-pdf",
        READER,
        "无法打开 PDF 文件（已损坏或加密）",
        "cannot open the PDF (damaged or encrypted)",
    ),
    ProblemType(
        "report-pdf-no-text",
        READER,
        "PDF 没有文字层（扫描件？）；请先做文字识别（OCR）或提供 .docx/.txt",
        "the PDF has no text layer (a scan?); run OCR first or give a .docx/.txt",
    ),
)

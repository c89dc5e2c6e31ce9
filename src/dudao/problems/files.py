"""The catalogue's problems of files, any format."""

from __future__ import annotations

from dudao.problems.kinds import DHIS2, FILES, WEB, ProblemType

TYPES = (
    ProblemType(
        "file-missing",
        FILES,
        "找不到文件 {file}",
        "no such file: {file}",
        variants=(
            ("folder", "{file} 是目录，不是{expected_zh}", "{file} is a folder, not a {expected_en}"),
            ("data-folder", "找不到数据目录 {file}", "no such data folder: {file}"),
            ("in-folder", "缺少文件 {file}", "missing file {file}"),
        ),
    ),
    ProblemType("file-unreadable", FILES, "无法读取 {file}：{reason}", "cannot read {file}: {reason}"),
    ProblemType(
        "file-encoding",
        FILES,
        "文件不是 UTF-8 编码",
        "the file is not UTF-8",
        variants=(
            (
                "csv",
                "文件不是 UTF-8 编码（请另存为 UTF-8 CSV）",
                "the file is not UTF-8 (save it as UTF-8 CSV)",
            ),
            (
                "excel-csv",
                "文件不是 UTF-8 编码（请在 Excel 中另存为“CSV UTF-8”）",
                "the file is not UTF-8 (save it as “CSV UTF-8” in Excel)",
            ),
        ),
    ),
    ProblemType(
        "too-large",
        FILES,
        "文件超过 {limit} 的上限",
        "the file is larger than the {limit} limit",
        variants=(
            (
                "upload",
                "文件超过 {limit}，请拆分后上传，或用命令 dudao import 导入",
                "the file is over {limit}: split it, or use dudao import",
            ),
        ),
    ),
    ProblemType("no-file", WEB, "请选择要上传的文件", "choose a file to upload"),
    ProblemType(
        "unknown-format",
        FILES,
        "无法从扩展名 {suffix_zh} 判断文件格式；可用：.csv .json .xlsx .xml",
        "cannot tell the format from the extension {suffix_en}; use .csv .json .xlsx .xml or --format",
        variants=(
            ("given", "未知格式 {given}；可用：{known_zh}", "unknown format {given}; use one of {known_en}"),
            (
                "export",
                "不能导出为 {given}；可用：{known_zh}",
                "cannot export as {given}; use one of {known_en}",
            ),
        ),
    ),
    ProblemType(
        "mapping-needed",
        DHIS2,
        "DHIS2 文件需要对照表（--mapping）",
        "a DHIS2 file needs its mapping",
        variants=(
            (
                "upload",
                "DHIS2 文件需要同时上传对照表（YAML）",
                "a DHIS2 file needs its mapping file (YAML) too",
            ),
        ),
    ),
)

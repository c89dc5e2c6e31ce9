"""The catalogue's problems of uploads (evidence, reports, imported files): dudao.store.entry.uploads."""

from __future__ import annotations

from dudao.problems.kinds import UPLOADS, ProblemType

TYPES = (
    ProblemType(
        "upload-name-empty",
        UPLOADS,
        "文件名“{name}”不是一个文件名；请给文件起一个名字再上传",
        "“{name}” is not a file name: name the file and upload it again",
    ),
    ProblemType(
        "upload-name-path",
        UPLOADS,
        "文件名“{name}”含有路径（/、\\、: 或 ..），不能接受；请只用文件本身的名字，如“自评报告.docx”",
        "the file name “{name}” holds a path (/, \\, : or ..): use the file's own name only, such as "
        "“report.docx”",
    ),
    ProblemType(
        "upload-name-control",
        UPLOADS,
        "文件名“{name}”含有控制字符或不可见字符 {character}，不能接受；请改名后上传",
        "the file name “{name}” holds the control or invisible character {character}: rename the "
        "file and upload it again",
    ),
    ProblemType(
        "upload-name-long",
        UPLOADS,
        "文件名过长（{size} 字节，上限 {limit} 字节，约 85 个汉字）；请改短后上传",
        "the file name is too long ({size} bytes; at most {limit}, about 85 Chinese characters): "
        "shorten it and upload it again",
    ),
    ProblemType(
        "upload-macros",
        UPLOADS,
        "不能接受“{name}”：文件中含有宏（{found}）。宏可能携带恶意代码；请在 Office 中“另存为”不含宏的 "
        ".docx 或 .xlsx 后再上传",
        "“{name}” is refused: it holds macros ({found}), which can carry malicious code. In Office, "
        "“Save As” a .docx or .xlsx without macros and upload that",
    ),
    ProblemType(
        "upload-damaged",
        UPLOADS,
        "不能接受“{name}”：无法读取其结构，文件可能已损坏；请重新保存后上传",
        "“{name}” is refused: its structure cannot be read, the file may be damaged; save it again "
        "and upload that",
    ),
)

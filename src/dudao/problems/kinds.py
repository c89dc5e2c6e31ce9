"""One kind of problem, and the areas the catalogue groups them by (see :mod:`dudao.problems`)."""

from __future__ import annotations

import string
from dataclasses import dataclass

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class ProblemType:
    """One kind of problem: a stable code, where it arises, its severity and message templates."""

    code: str
    area: str
    zh: str
    en: str
    severity: str = ERROR
    also: str = ""  # the other severity a place may give it (a scheme's own checks choose)
    # Other wordings of the same problem, each (name, zh, en): Problem.of(code, variant=name).
    variants: tuple[tuple[str, str, str], ...] = ()

    def templates(self, variant: str = "") -> tuple[str, str]:
        """The Chinese and English templates: the entry's own, or those of a named variant."""
        if not variant:
            return self.zh, self.en
        for name, zh, en in self.variants:
            if name == variant:
                return zh, en
        raise ValueError(f"problem {self.code!r} has no variant {variant!r} (dudao.problems)")

    @property
    def severities(self) -> tuple[str, ...]:
        """The severities a problem of this kind may have: its own, and ``also`` if given."""
        return (self.severity, self.also) if self.also else (self.severity,)

    @property
    def fields(self) -> tuple[str, ...]:
        """The names the templates expect, in order of first use."""
        names: list[str] = []
        for template in (self.zh, self.en, *(t for _, zh, en in self.variants for t in (zh, en))):
            for _, name, _, _ in string.Formatter().parse(template):
                if name and name not in names:
                    names.append(name)
        return tuple(names)


SCHEME, FORMULA, FILES, UPLOADS, DATA, WORKBOOK, DHIS2, DOCUMENTS, READER, WEB = (
    "方案 scheme",
    "公式 formula",
    "文件 files",
    "上传 uploads",
    "数据 data",
    "Excel 填报模板 workbook",
    "DHIS2",
    "公文 documents",
    "报告阅读 reader",
    "网页 web",
)
VERIFICATION = "实地核查 verification"
RECTIFICATION = "问题整改 rectification"

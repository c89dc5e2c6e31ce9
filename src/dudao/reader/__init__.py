"""The report reader 自评报告阅读: what a narrative report claims, and whether the data agrees.

:func:`read_report` reads a .txt/.docx/.html/.pdf report (or its text), finds its sections and
the scheme areas they cover, extracts every quantitative claim with its exact span, maps the
claims to the scheme's elements and indicators, and compares them with a unit's data.
:func:`render_html` shows the report with each claim highlighted by status.

>>> reading = read_report("二、主要成效\\n全区义务教育巩固率达100%。")
>>> [(c.claim.text, c.claim.kind) for c in reading.claims]
[('达100%', 'share')]
"""

from __future__ import annotations

from dudao.reader.checks import AGREES, DIFFERS, NO_DATA, STATUS_ZH, UNMAPPED, Comparison
from dudao.reader.claims import Claim, extract_claims
from dudao.reader.consistency import Finding
from dudao.reader.html import render_html
from dudao.reader.mapping import Target
from dudao.reader.reading import ClaimReading, ReportReading, map_claims, read_report
from dudao.reader.sections import Area, Section
from dudao.reader.text import FORMATS, ReportError

__all__ = [
    "AGREES",
    "DIFFERS",
    "FORMATS",
    "NO_DATA",
    "STATUS_ZH",
    "UNMAPPED",
    "Area",
    "Claim",
    "ClaimReading",
    "Comparison",
    "Finding",
    "ReportError",
    "ReportReading",
    "Section",
    "Target",
    "extract_claims",
    "map_claims",
    "read_report",
    "render_html",
]

"""Official documents 公文 from a round's results: self-evaluation reports, feedback letters
and the city summary, as DOCX (GB/T 9704-2012 layout), PDF and HTML.

    context = ReportContext(scheme, results, previous, prose, Settings(issued=...))
    document = build("feedback", context, "500105")
    data = render(document, "docx")
"""

from __future__ import annotations

from dudao.documents.bulk import FORMATS, MEDIA_TYPES, file_name, render, write_all, zip_bytes
from dudao.documents.context import IssuedList, IssuedProblem, ReportContext, Settings
from dudao.documents.feedback import build_feedback
from dudao.documents.model import KIND_NAMES, Document
from dudao.documents.prose import Prose, load_prose, read_prose
from dudao.documents.self_evaluation import build_self_evaluation
from dudao.documents.summary import build_summary

KINDS = tuple(KIND_NAMES)
PER_UNIT = ("self-evaluation", "feedback")


def build(kind: str, context: ReportContext, unit: str = "") -> Document:
    """Build one document: ``self-evaluation`` or ``feedback`` for ``unit``, or the ``summary``."""
    if kind == "self-evaluation":
        return build_self_evaluation(context, unit)
    if kind == "feedback":
        return build_feedback(context, unit)
    if kind == "summary":
        return build_summary(context)
    raise ValueError(f"unknown document {kind!r}; choose one of {', '.join(KINDS)}")


__all__ = [
    "FORMATS",
    "KINDS",
    "MEDIA_TYPES",
    "PER_UNIT",
    "Document",
    "IssuedList",
    "IssuedProblem",
    "Prose",
    "ReportContext",
    "Settings",
    "build",
    "file_name",
    "load_prose",
    "read_prose",
    "render",
    "write_all",
    "zip_bytes",
]

"""The links to a round's official documents 公文, in every format, as the pages show them: the
office's documents page, and each unit's entry page (the documents its user may read).

The documents themselves are served by :mod:`dudao.web.pages.views.documents`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from dudao.store.accounts.models import Unit
from dudao.store.rounds.models import Round
from dudao.web.access import UNIT_DOCUMENT_RULES, Do, can

FORMATS = ("docx", "pdf", "html")  # dudao.documents.FORMATS, without importing it (a test compares)
FORMAT_LABELS = {"docx": "DOCX", "pdf": "PDF", "html": "HTML"}
UNIT_KINDS = tuple(UNIT_DOCUMENT_RULES)  # self-evaluation, feedback
KIND_LABELS = {
    "self-evaluation": gettext_lazy("自评报告"),
    "feedback": gettext_lazy("督导意见书"),
    "summary": gettext_lazy("汇总报告"),
}
# What the unit's entry page offers, in the unit's words.
DOWNLOAD_LABELS = {
    "self-evaluation": gettext_lazy("下载自评报告草稿"),
    "feedback": gettext_lazy("下载督导意见书"),
}
NOTES = {
    "self-evaluation": gettext_lazy(
        "自评报告草稿：由系统按本单位已保存的数据和自评说明生成，请核对、修改后使用。"
        "标有“建议”的段落是系统提出的建议，供撰写时参考。"
    ),
    "feedback": gettext_lazy("督导意见书：由系统按评价结果生成，经督导室审定后印发。"),
    "summary": gettext_lazy("汇总报告：由系统按全部被评价单位的评价结果生成，经督导室审定后使用。"),
}


# -- links ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    format: str
    label: str
    url: str


@dataclass(frozen=True)
class DocumentLinks:
    """One document in every format: the HTML page (``view``) and the files."""

    kind: str
    label: str
    view: str
    links: tuple[Link, ...]  # DOCX, PDF, HTML (the HTML page)

    @property
    def files(self) -> tuple[Link, ...]:
        return tuple(link for link in self.links if link.format != "html")


def document_links(round: Round, kind: str, code: str = "") -> DocumentLinks:
    """A unit's document (``code``) or, without one, the city summary."""

    def url(format: str) -> str:
        if code:
            return reverse("unit_document", args=[round.pk, code, kind, format])
        return reverse("summary_document", args=[round.pk, format])

    links = tuple(Link(f, FORMAT_LABELS[f], url(f)) for f in FORMATS)
    return DocumentLinks(kind, str(KIND_LABELS[kind]), url("html"), links)


def unit_documents(user: Any, round: Round, unit: Unit) -> list[DocumentLinks]:
    """The documents of ``unit`` that ``user`` may read, labelled for its entry page."""
    shown = []
    for kind in UNIT_KINDS:
        if can(user, UNIT_DOCUMENT_RULES[kind], round=round, unit=unit):
            links = document_links(round, kind, unit.code)
            shown.append(DocumentLinks(kind, str(DOWNLOAD_LABELS[kind]), links.view, links.links))
    return shown


def feedback_once_closed(user: Any, round: Round, unit: Unit) -> bool:
    """``user`` may not read the unit's feedback letter yet, but will once the round is closed."""
    if round.state == Round.State.CLOSED or can(user, Do.SEE_FEEDBACK, round=round, unit=unit):
        return False
    closed = copy.copy(round)
    closed.state = Round.State.CLOSED
    return can(user, Do.SEE_FEEDBACK, round=closed, unit=unit)

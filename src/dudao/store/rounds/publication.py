"""Publishing a round's results 结果公开: what the office chooses to show, and the metadata of a
government information-disclosure page 政府信息公开 that goes with it.

- :class:`Choice` is what the office fills in: grades, scores, the ranking, which documents, and
  索引号, 发布机构, 成文日期, 发布日期, 主题分类. :func:`defaults` proposes one; :func:`check` returns
  the problems in one (each located at its field, saying what would be accepted).
- :func:`unfinished_final_scores` is the one guard on the final scores 认定分: a round is
  published only once every evaluated unit's items have one.
- :func:`filtered_results` is what the public sees of the frozen results, as chosen: the pages and
  the API both show it, and nothing else.

``services.publish`` takes the choice, checks it and stores it as a
:class:`~dudao.store.rounds.models.Publication`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone

from dudao.errors import Location, Problem
from dudao.store.review.services import missing_final_scores
from dudao.store.rounds.models import Publication, Round

DOCUMENTS = tuple(Publication.Document.values)  # summary, feedback
LIMITS = {"index_number": 64, "publisher": 200, "topic": 100}
LABELS = {  # each field's name, Chinese and English, as the messages say it
    "index_number": ("索引号", "index number"),
    "publisher": ("发布机构", "publishing body"),
    "written_on": ("成文日期", "date written"),
    "published_on": ("发布日期", "publication date"),
    "topic": ("主题分类", "topic"),
}
SHOWN_MISSING = 20  # final scores missing listed one by one; the rest counted


@dataclass(frozen=True)
class Choice:
    """What the office makes public, and the page's metadata; dates as typed (YYYY-MM-DD)."""

    show_grades: bool = True
    show_scores: bool = True
    show_ranking: bool = True
    documents: tuple[str, ...] = ()
    index_number: str = ""
    publisher: str = ""
    written_on: str = ""
    published_on: str = ""
    topic: str = ""

    @property
    def shows_anything(self) -> bool:
        return self.show_grades or self.show_scores or self.show_ranking or bool(self.documents)

    def dates(self) -> tuple[dt.date, dt.date]:
        """成文日期 and 发布日期 (once :func:`check` found no problem)."""
        return dt.date.fromisoformat(self.written_on), dt.date.fromisoformat(self.published_on)

    def as_dict(self) -> dict[str, Any]:
        """For the audit log."""
        return {
            "show_grades": self.show_grades,
            "show_scores": self.show_scores,
            "show_ranking": self.show_ranking,
            "documents": list(self.documents),
            "index_number": self.index_number,
            "publisher": self.publisher,
            "written_on": self.written_on,
            "published_on": self.published_on,
            "topic": self.topic,
        }


def topics() -> list[str]:
    return list(getattr(settings, "PUBLICATION_TOPICS", ["教育/教育督导"]))


def index_pattern() -> str:
    return str(getattr(settings, "INDEX_NUMBER_PATTERN", r"^[0-9A-Z]{6,18}/\d{4}-\d{5}$"))


def index_example() -> str:
    return str(getattr(settings, "INDEX_NUMBER_EXAMPLE", "500000/2026-00001"))


def defaults(round: Round, today: dt.date | None = None) -> Choice:
    """What was chosen when the round was last published, else a proposal: everything shown, the
    city summary, an index number from the scope's code, the year and the round's number."""
    today = today or timezone.localdate()
    before = Publication.objects.filter(round=round).first()
    if before is not None:
        return Choice(
            before.show_grades,
            before.show_scores,
            before.show_ranking,
            tuple(before.documents),
            before.index_number,
            before.publisher,
            before.written_on.isoformat(),
            today.isoformat(),
            before.topic,
        )
    closed = timezone.localdate(round.closed_at) if round.closed_at else today
    return Choice(
        documents=(Publication.Document.SUMMARY,),
        index_number=f"{round.scope.code}/{today.year}-{round.pk:05d}",
        publisher=f"{round.scope.name}人民政府教育督导室",
        written_on=min(closed, today).isoformat(),
        published_on=today.isoformat(),
        topic=topics()[0],
    )


def check(round: Round, choice: Choice, today: dt.date | None = None) -> list[Problem]:
    """The problems in ``choice`` for ``round``, each located at its form field."""
    today = today or timezone.localdate()
    found: list[Problem] = []

    def at(field: str, code: str, variant: str = "", **fields: Any) -> None:
        label, label_en = LABELS.get(field, (field, field))
        found.append(
            Problem.of(code, Location(field=field), variant=variant, label=label, label_en=label_en, **fields)
        )

    for field in ("index_number", "publisher", "topic"):
        value = getattr(choice, field).strip()
        if not value:
            at(field, "publication-required")
        elif len(value) > LIMITS[field]:
            at(field, "publication-too-long", limit=LIMITS[field], length=len(value))
    number = choice.index_number.strip()
    if number and not re.fullmatch(index_pattern(), number):
        at(
            "index_number",
            "publication-index-number",
            value=number,
            example=index_example(),
            pattern=index_pattern(),
        )
    elif number:
        other = (
            Publication.objects.filter(index_number=number)
            .exclude(round=round)
            .select_related("round")
            .defer("round__results")
            .first()
        )
        if other is not None:
            at("index_number", "publication-index-number", "taken", value=number, other=other.round.name)
    if choice.topic.strip() and choice.topic.strip() not in topics():
        at("topic", "publication-topic", value=choice.topic.strip(), choices="、".join(topics()))
    dates: dict[str, dt.date] = {}
    for field in ("written_on", "published_on"):
        value = getattr(choice, field).strip()
        if not value:
            at(field, "publication-required")
            continue
        try:
            dates[field] = dt.date.fromisoformat(value)
        except ValueError:
            at(field, "publication-date", value=value, example=today.isoformat())
            continue
        if dates[field] > today:
            at(field, "publication-date", "future", value=value, today=today.isoformat())
    written, published = dates.get("written_on"), dates.get("published_on")
    if written and published and published < written:
        at("published_on", "publication-date", "before-written", value=published, written=written)
    if written and round.closed_at and written < timezone.localdate(round.closed_at):
        at(
            "written_on",
            "publication-date",
            "before-closed",
            value=written,
            closed=timezone.localdate(round.closed_at),
        )
    for document in choice.documents:
        if document not in DOCUMENTS:
            at("documents", "publication-document", value=document, choices="、".join(DOCUMENTS))
    if not choice.shows_anything:
        at("show", "publication-nothing-chosen")
    return found


def unfinished_final_scores(round: Round) -> list[tuple[str, str]]:
    """The (unit code, item code) pairs of the submitted units' items that have no final score
    认定分 yet: the one guard publishing asks about the final scores (the final layer is
    :mod:`dudao.store.review`'s)."""
    return missing_final_scores(round)


def final_score_problems(round: Round, missing: list[tuple[str, str]]) -> list[Problem]:
    """``missing`` (unit code, item) pairs as problems, located at the unit and item; the first
    :data:`SHOWN_MISSING` one by one, the rest counted."""
    names = dict(round.entries.values_list("unit__code", "unit__name"))
    problems = [
        Problem.of(
            "publication-final-score-missing",
            Location(field=f"{code}/{item}"),
            unit=names.get(code, code),
            code=code,
            item=item,
        )
        for code, item in missing[:SHOWN_MISSING]
    ]
    if len(missing) > SHOWN_MISSING:
        problems.append(
            Problem.of(
                "publication-final-score-missing",
                Location(field="final_scores"),
                variant="more",
                count=len(missing) - SHOWN_MISSING,
                total=len(missing),
            )
        )
    return problems


def filtered_results(results: Mapping[str, Any], shown: Publication | Choice) -> dict[str, Any]:
    """What the public sees of frozen ``results``, as the office chose: each unit's code, name and
    whether it was ranked, with its rank, scores (total, base, bonus, points per area) and grade
    (with the round rules that set it) where chosen. Never the items, their data or their
    explanations."""
    units = []
    for unit in results.get("units", []):
        public: dict[str, Any] = {"code": unit.get("code"), "name": unit.get("name")}
        for key in ("unranked", "unranked_zh", "unranked_en"):
            public[key] = unit.get(key)
        public["rank"] = unit.get("rank") if shown.show_ranking else None
        if shown.show_scores:
            for key in ("total", "base_total", "bonus"):
                public[key] = unit.get(key)
            public["areas"] = [
                {k: a.get(k) for k in ("code", "name", "points", "max_points")} for a in unit.get("areas", [])
            ]
        if shown.show_grades:
            public["grade"] = unit.get("grade")
            public["rules"] = list(unit.get("rules", []))
        units.append(public)
    if shown.show_ranking:
        units.sort(key=lambda u: (u["rank"] is None, u["rank"] or 0, u["code"] or ""))
    else:
        units.sort(key=lambda u: u["code"] or "")
    return {
        "scheme": dict(results.get("scheme", {})),
        "period": results.get("period"),
        "data": dict(results.get("data", {})),
        "units": units,
    }

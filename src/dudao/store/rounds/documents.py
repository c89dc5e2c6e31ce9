"""A stored round as the context of its official documents (see :mod:`dudao.documents`).

This year's results are the round's live scores; last year's come from the same scheme over
the round's values of the year before, where it holds any; the narratives are the units' own.
Last year's results change only when last year's values do, so each process keeps them per
round and per value-history position.
"""

from __future__ import annotations

import datetime as dt
import threading

from django.db.models import Max

from dudao.documents import IssuedList, IssuedProblem, Prose, ReportContext, Settings
from dudao.engine import evaluate
from dudao.engine.results import Results
from dudao.store.entry.models import DataValue, Narrative
from dudao.store.rectification.models import ProblemList
from dudao.store.rounds.engine import ENGINE_BACKEND, current_results, round_dataset, scheme_of
from dudao.store.rounds.models import Round

_PREVIOUS: dict[int, tuple[int, Results | None]] = {}
_LOCK = threading.Lock()


def report_context(round: Round, *, issued: dt.date | None = None) -> ReportContext:
    """Everything the round's documents are built from, as the data stands now."""
    settings = Settings(issued=issued or dt.date.today(), region=round.scope.name)
    return ReportContext(
        scheme_of(round.scheme),
        current_results(round),
        previous_results(round),
        _prose(round),
        settings,
        issued_lists(round),
    )


def issued_lists(round: Round) -> dict[str, IssuedList]:
    """Each unit's problem list as the office issued it: its feedback letter's 附件."""
    found: dict[str, IssuedList] = {}
    lists = ProblemList.objects.filter(round=round, issued_at__isnull=False).prefetch_related("problems")
    for problem_list in lists:
        problems = tuple(
            IssuedProblem(p.position, p.title, p.item, p.get_severity_display(), p.evidence)
            for p in sorted(problem_list.problems.all(), key=lambda p: p.position)
        )
        found[problem_list.unit_id] = IssuedList(problem_list.issued_on or dt.date.today(), problems)
    return found


def previous_results(round: Round) -> Results | None:
    """The round's scheme over the year before's stored values; None when there are none."""

    before = round.period - 1
    history = DataValue.history.filter(round_id=round.pk, period=before)
    seen = int(history.aggregate(last=Max("history_id"))["last"] or 0)
    with _LOCK:
        cached = _PREVIOUS.get(round.pk)
    if cached is not None and cached[0] == seen:
        return cached[1]
    results = None
    if DataValue.objects.filter(round=round, period=before).exists():
        results = evaluate(
            scheme_of(round.scheme), round_dataset(round), period=before, backend=ENGINE_BACKEND
        )
    with _LOCK:
        _PREVIOUS[round.pk] = (seen, results)
    return results


def forget_previous() -> None:
    """Drop the cached results of last year (tests that roll the database back use it)."""
    with _LOCK:
        _PREVIOUS.clear()


def _prose(round: Round) -> Prose:
    narratives: dict[str, dict[str, str]] = {}
    for unit, area, text in (
        Narrative.objects.filter(round=round).exclude(text="").values_list("unit_id", "area", "text")
    ):
        narratives.setdefault(unit, {})[area] = text
    return Prose(narratives=narratives)

"""The live preview beside the entry form, with the form's unsaved values laid over the stored ones.

Who learns what is :mod:`dudao.web.access`'s rule (its docstring, "before publication"): whoever
may see the evaluated unit sees its score (:class:`PreviewPanel`), with its rank only where
:func:`~dudao.web.access.sees_ranking` allows; a school editor sees their school's own values
and the scheme's checks on them (:class:`SchoolPanel`), never the district's score.

>>> AreaBar("A1", "加强党的领导", 6.1, 8.0).percent
76.2
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from dudao.engine.checks import CheckFailure, failed_checks
from dudao.expr.ir import Level
from dudao.scheme.model import Scheme
from dudao.store.accounts.models import Unit
from dudao.store.entry.fields import form_groups
from dudao.store.entry.models import DataValue
from dudao.store.entry.services import EntryRefused, entry_of, values_with
from dudao.store.entry.validation import FieldError, read_value
from dudao.store.rounds import engine
from dudao.store.rounds.models import Round
from dudao.web.access import Do, can, sees_ranking
from dudao.web.pages.entry.parts import Posted, level_of, one_line


@dataclass(frozen=True)
class AreaBar:
    code: str
    name: str
    points: float
    max_points: float

    @property
    def percent(self) -> float:
        return round(100 * self.points / self.max_points, 1) if self.max_points else 0.0


@dataclass(frozen=True)
class PreviewPanel:
    """The live score: the evaluated unit's total with the unsaved values, as the panel shows it."""

    evaluated: Unit
    total: float
    base_total: float
    bonus: float
    grade: str
    rank: int | None  # None: the viewer may not learn it before publication
    of: int | None
    areas: list[AreaBar]
    previous: float | None  # the total the panel showed before
    skipped: list[str]  # messages of draft values left out (not valid)
    draft_count: int
    is_school = False

    @property
    def delta(self) -> float | None:
        if self.previous is None:
            return None
        change = round(self.total - self.previous, 2)
        return change if abs(change) >= 0.005 else 0.0

    @property
    def delta_size(self) -> float:
        return abs(self.delta or 0.0)


@dataclass(frozen=True)
class SchoolPanel:
    """A school's own values and the scheme's checks on them, with the unsaved values."""

    evaluated: Unit  # the district the school's data rolls up to
    filled: int  # the school's elements with a value
    owed: int  # elements the school reported last year and has not filled this year
    failures: list[CheckFailure]  # the scheme's school-level checks the values fail
    skipped: list[str]
    draft_count: int
    is_school = True

    @property
    def errors(self) -> list[CheckFailure]:
        return [f for f in self.failures if f.severity == "error"]

    @property
    def warnings(self) -> list[CheckFailure]:
        return [f for f in self.failures if f.severity != "error"]


def read_draft(
    scheme: Scheme, unit: Unit, posted: dict[str, Posted] | None
) -> tuple[dict[str, float | None], list[str]]:
    """The changed rows of ``posted`` that ``unit`` enters, read as numbers; the messages of the
    rows that do not read."""
    level = level_of(unit)
    draft: dict[str, float | None] = {}
    skipped = []
    for code, row in (posted or {}).items():
        element = scheme.element_by_code.get(code)
        if element is None or element.level is not level or not row.changed:
            continue
        try:
            draft[code] = read_value(element, row.text)
        except FieldError as error:
            skipped.append(error.message)
    return draft, skipped


def preview_panel(
    user: Any,
    round: Round,
    unit: Unit,
    posted: dict[str, Posted] | None = None,
    previous: float | None = None,
) -> PreviewPanel | SchoolPanel:
    """What ``user`` may see beside ``unit``'s form with the changed rows of ``posted`` laid over
    the stored data: the evaluated unit's score, or a school's own checks."""
    scheme = engine.scheme_of(round.scheme)
    draft, skipped = read_draft(scheme, unit, posted)
    try:
        evaluated = entry_of(round, unit).unit
    except EntryRefused as refused:
        raise Http404(one_line(refused.errors)) from refused
    if not can(user, Do.SEE_UNIT, round=round, unit=evaluated):
        return school_panel(scheme, round, unit, evaluated, draft, skipped)
    found = engine.preview(
        round,
        evaluated,
        {(unit.code, code): v for code, v in draft.items()},
        ranked=sees_ranking(user, round),
    )
    result = found.result
    return PreviewPanel(
        evaluated=evaluated,
        total=result.total,
        base_total=result.base_total,
        bonus=result.bonus,
        grade=result.grade,
        rank=found.rank,
        of=found.of,
        areas=[AreaBar(a.code, a.name, a.points, a.max_points) for a in result.areas],
        previous=previous,
        skipped=skipped,
        draft_count=len(draft),
    )


def school_panel(
    scheme: Scheme,
    round: Round,
    school: Unit,
    evaluated: Unit,
    draft: dict[str, float | None],
    skipped: list[str],
) -> SchoolPanel:
    """The school's values (stored, with ``draft`` over them) counted, and checked by the scheme."""
    elements = [
        f.element.code for g in form_groups(scheme) for f in g.fields if f.element.level is Level.SCHOOL
    ]
    now = values_with(round, school, draft)
    reported = set(
        DataValue.objects.filter(
            round=round, unit=school, period=round.period - 1, value__isnull=False
        ).values_list("element", flat=True)
    )
    filled = {code for code in elements if now.get(code) is not None}
    return SchoolPanel(
        evaluated=evaluated,
        filled=len(filled),
        owed=len((reported & set(elements)) - filled),
        failures=failed_checks(scheme, Level.SCHOOL, now),
        skipped=skipped,
        draft_count=len(draft),
    )

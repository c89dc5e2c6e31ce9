"""The live score preview: the evaluated unit's score as if the form's unsaved values were saved.

For a school's page the draft values are the school's, and the score is its district's.

>>> AreaBar("A1", "加强党的领导", 6.1, 8.0).percent
76.2
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from dudao.web.accounts.models import Unit
from dudao.web.entry.services import EntryRefused, entry_of
from dudao.web.entry.validation import FieldError, read_value
from dudao.web.pages.views.entry_parts import Posted, level_of, one_line
from dudao.web.rounds import engine
from dudao.web.rounds.models import Round


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
    rank: int
    of: int
    areas: list[AreaBar]
    previous: float | None  # the total the panel showed before
    skipped: list[str]  # messages of draft values left out (not valid)
    draft_count: int

    @property
    def delta(self) -> float | None:
        if self.previous is None:
            return None
        change = round(self.total - self.previous, 2)
        return change if abs(change) >= 0.005 else 0.0

    @property
    def delta_size(self) -> float:
        return abs(self.delta or 0.0)


def preview_panel(
    round: Round, unit: Unit, posted: dict[str, Posted] | None = None, previous: float | None = None
) -> PreviewPanel:
    """Score ``unit``'s evaluated unit with the changed rows of ``posted`` laid over the stored data."""
    scheme = engine.scheme_of(round.scheme)
    level = level_of(unit)
    draft: dict[tuple[str, str], float | None] = {}
    skipped = []
    for code, row in (posted or {}).items():
        element = scheme.element_by_code.get(code)
        if element is None or element.level is not level or not row.changed:
            continue
        try:
            draft[(unit.code, code)] = read_value(element, row.text)
        except FieldError as error:
            skipped.append(error.message)
    try:
        evaluated = entry_of(round, unit).unit
    except EntryRefused as refused:
        raise Http404(one_line(refused.errors)) from refused
    found = engine.preview(round, evaluated, draft)
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

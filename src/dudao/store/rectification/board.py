"""The rectification boards 整改台账: per unit, the issued problems by state, the overdue ones
and the closure rate 整改完成率; and the same summed over the units the viewer may see."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from dudao.store.rectification.models import Problem, ProblemList, Severity, TaskState
from dudao.store.rounds.models import Round

MAJOR = (Severity.MAJOR, Severity.SERIOUS)


@dataclass
class Tally:
    """One unit's (or, with ``unit`` empty, the sum's) issued problems."""

    unit_code: str
    unit_name: str
    issued_on: date | None = None
    problems: int = 0
    by_state: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    overdue_major: int = 0

    @property
    def closed(self) -> int:
        return self.by_state.get(TaskState.CLOSED, 0)

    @property
    def submitted(self) -> int:
        return self.by_state.get(TaskState.SUBMITTED, 0)

    @property
    def open(self) -> int:
        return self.problems - self.closed

    @property
    def closure_rate(self) -> float | None:
        """Closed problems in percent of the issued (None: nothing issued)."""
        return round(100 * self.closed / self.problems, 1) if self.problems else None

    def add(self, problem: Problem, today: date) -> None:
        self.problems += 1
        self.by_state[problem.state] = self.by_state.get(problem.state, 0) + 1
        if problem.is_overdue(today):
            self.overdue += 1
            self.overdue_major += problem.severity in MAJOR


def issued_lists(round: Round, unit_codes: Iterable[str] | None = None) -> list[ProblemList]:
    lists = (
        ProblemList.objects.filter(round=round, issued_at__isnull=False)
        .select_related("unit")
        .prefetch_related(Prefetch("problems", Problem.objects.order_by("position")))
    )
    if unit_codes is not None:
        lists = lists.filter(unit_id__in=list(unit_codes))
    return list(lists)


def tallies(
    round: Round, unit_codes: Iterable[str] | None = None, *, today: date | None = None
) -> list[Tally]:
    """Each issued list's tally, by unit code."""
    day = today or timezone.localdate()
    found = []
    for problem_list in issued_lists(round, unit_codes):
        tally = Tally(problem_list.unit.code, problem_list.unit.name, problem_list.issued_on)
        for problem in problem_list.problems.all():
            tally.add(problem, day)
        found.append(tally)
    return found


def total(found: Iterable[Tally]) -> Tally:
    """The tallies summed (the city-wide line)."""
    summed = Tally("", "")
    for tally in found:
        summed.problems += tally.problems
        summed.overdue += tally.overdue
        summed.overdue_major += tally.overdue_major
        for state, count in tally.by_state.items():
            summed.by_state[state] = summed.by_state.get(state, 0) + count
    return summed


SORTS: dict[str, Callable[[Tally], Any]] = {
    "unit": lambda t: t.unit_code,
    "problems": lambda t: -t.problems,
    "open": lambda t: -t.open,
    "overdue": lambda t: -t.overdue,
    "closed": lambda t: -t.closed,
    "rate": lambda t: (t.closure_rate is None, t.closure_rate or 0),
}


def sorted_tallies(found: list[Tally], key: str) -> list[Tally]:
    """``found`` in the order a board's column asks (an unknown key: by unit code)."""
    return sorted(found, key=lambda t: (SORTS.get(key, SORTS["unit"])(t), t.unit_code))

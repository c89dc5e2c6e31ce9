"""Drafting, editing and issuing problem lists 问题清单.

The office drafts a closed round's lists from its final results (:mod:`dudao.engine.shortfalls`)
and the field findings (:class:`~dudao.store.verification.models.Finding`), adds, edits and removes
problems while a list is a draft, and issues it: from then on the list is frozen and dated, each
problem is a task the unit answers (:mod:`dudao.store.rectification.tasks`), and the list is the
附件 of the unit's feedback letter. Every change is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from dudao.engine.shortfalls import DEFAULT_SHARE, shortfalls
from dudao.store.accounts.models import Unit
from dudao.store.audit.models import Action, record
from dudao.store.rectification.models import Problem, ProblemList, Severity, Source, Step, TaskState
from dudao.store.rectification.refusals import choice, refused, text
from dudao.store.rounds.engine import scheme_of
from dudao.store.rounds.models import Round, RoundUnit
from dudao.store.verification.models import Finding
from dudao.store.verification.models import Severity as FindingSeverity

MAX_TITLE = 300
MAX_EVIDENCE = 4000
# the sources a redraft replaces; what the office added, the findings and the carried stay
_FROM_RESULTS = (Source.BELOW_STANDARD, Source.LOW_SCORE, Source.RULE)


@dataclass(frozen=True)
class ProblemInput:
    """A problem as entered on the list's form: ``item`` an item's or a rule's code, or empty."""

    title: Any
    severity: Any
    item: Any = ""
    evidence: Any = ""


def _check_closed(round: Round) -> None:
    if round.state != Round.State.CLOSED or not round.results:
        raise refused("rectification-round-state", "round", status="round_closed", round=round.name)


def _frozen_unit(round: Round, code: str) -> dict[str, Any] | None:
    units = (round.results or {}).get("units", [])
    return next((u for u in units if u.get("code") == code), None)


def _share(value: Any) -> float:
    """A share given as a percentage (60) or a fraction (0.6)."""
    raw = "" if value is None else str(value).strip().rstrip("%")
    try:
        share = float(raw) if raw else DEFAULT_SHARE * 100
    except ValueError:
        share = -1.0
    if not 0 <= share <= 100:
        raise refused("rectification-share", "share", value=value)
    return share / 100 if share > 1 else share


def _findings(round: Round, unit: Unit) -> list[Problem]:
    scheme = scheme_of(round.scheme)
    found = []
    for finding in Finding.objects.filter(round=round, unit=unit).exclude(severity=FindingSeverity.NONE):
        item = scheme.item_by_code.get(finding.item)
        where = f"（{finding.school.name}）" if finding.school is not None else ""
        found.append(
            Problem(
                item=finding.item,
                title=(f"{item.name}{where}" if item else finding.item)[:MAX_TITLE],
                evidence=f"实地核查发现：{finding.note}"[:MAX_EVIDENCE],
                severity=finding.severity,
                source=Source.FINDING,
            )
        )
    return found


def _generated(round: Round, unit: Unit, share: float) -> list[Problem]:
    frozen = _frozen_unit(round, unit.code) or {}
    made = [
        Problem(
            item=s.item, title=s.title[:MAX_TITLE], evidence=s.evidence, severity=s.severity, source=s.source
        )
        for s in shortfalls(frozen, share=share)
    ]
    return made + _findings(round, unit)


def _append(problem_list: ProblemList, problems: list[Problem]) -> None:
    start = problem_list.problems.filter(position__lt=100_000).aggregate(n=Max("position"))["n"] or 0
    for offset, problem in enumerate(problems, start=1):
        problem.problem_list = problem_list
        problem.position = start + offset
    Problem.objects.bulk_create(problems)


def draft_lists(user: Any, round: Round, *, share: Any = None, address: str = "") -> list[ProblemList]:
    """Draft the problem list of every evaluated unit that has none yet, or draft again the lists
    still drafts: the problems from the results are made anew (under ``share``, a percentage),
    what the office added, the findings' and the carried problems stay. Issued lists stay as they
    are. Returns the lists drafted."""
    _check_closed(round)
    fraction = _share(share)
    drafted = []
    with transaction.atomic():
        issued = set(
            ProblemList.objects.filter(round=round, issued_at__isnull=False).values_list("unit_id", flat=True)
        )
        for entry in RoundUnit.objects.filter(round=round).select_related("unit"):
            if entry.unit_id in issued:
                continue
            problem_list, _created = ProblemList.objects.get_or_create(
                round=round, unit=entry.unit, defaults={"share": fraction, "drafted_by": _known(user)}
            )
            problem_list.share = fraction
            problem_list.save(update_fields=["share"])
            _redraft(problem_list, _generated(round, entry.unit, fraction))
            drafted.append(problem_list)
        record(
            user,
            Action.RECTIFICATION,
            round=round,
            target="问题清单",
            after={"drafted": [p.unit_id for p in drafted], "share": fraction},
            address=address,
        )
    return drafted


def _redraft(problem_list: ProblemList, generated: list[Problem]) -> None:
    """Replace the list's problems from the results and findings with ``generated``, numbered
    first, in the scheme's order; the problems kept (the office's, the carried) follow them."""
    problem_list.problems.filter(source__in=(*_FROM_RESULTS, Source.FINDING)).delete()
    kept = list(problem_list.problems.order_by("position"))
    for problem in kept:  # out of the way of the generated ones' numbers first
        Problem.objects.filter(pk=problem.pk).update(position=problem.position + 100_000)
    _append(problem_list, generated)
    for position, problem in enumerate(kept, start=len(generated) + 1):
        Problem.objects.filter(pk=problem.pk).update(position=position)


def _known(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def _renumber(problem_list: ProblemList) -> None:
    """Number the list's problems 1, 2, 3… in their order (after a removal)."""
    for position, problem in enumerate(problem_list.problems.order_by("position"), start=1):
        if problem.position != position:
            Problem.objects.filter(pk=problem.pk).update(position=position)


def list_of(round: Round, unit: Unit) -> ProblemList:
    """The unit's list in the round, made empty when there is none yet (the round must be closed)."""
    _check_closed(round)
    if not RoundUnit.objects.filter(round=round, unit=unit).exists():
        raise refused(
            "rectification-not-evaluated", "unit", status="not_in_round", unit=unit.name, round=round.name
        )
    problem_list, _created = ProblemList.objects.get_or_create(
        round=round, unit=unit, defaults={"share": DEFAULT_SHARE}
    )
    return problem_list


def _check_draft(problem_list: ProblemList, what: str, what_en: str) -> None:
    if problem_list.issued:
        raise refused(
            "rectification-issued",
            "list",
            status="issued",
            unit=problem_list.unit.name,
            day=f"{problem_list.issued_on:%Y-%m-%d}",
            what=what,
            what_en=what_en,
        )


def _checked(round: Round, entered: ProblemInput) -> dict[str, str]:
    item = "" if entered.item is None else str(entered.item).strip()
    scheme = scheme_of(round.scheme)
    codes = set(scheme.item_by_code) | {r.code for r in scheme.rules}
    if item and item not in codes:
        example = next(iter(sorted(scheme.item_by_code)), "A1")
        raise refused("rectification-item", "item", value=item, example=example)
    return {
        "item": item,
        "title": text(entered.title, "title", "问题", MAX_TITLE),
        "evidence": text(entered.evidence, "evidence", "依据", MAX_EVIDENCE, required=False),
        "severity": choice(entered.severity, "severity", "问题程度", Severity),
    }


def add_problem(user: Any, problem_list: ProblemList, entered: ProblemInput, *, address: str = "") -> Problem:
    """Add a problem the office or a reviewer found to a draft list."""
    _check_draft(problem_list, "添加问题", "add a problem")
    fields = _checked(problem_list.round, entered)
    with transaction.atomic():
        problem = Problem(source=Source.OFFICE, **fields)
        _append(problem_list, [problem])
        _audit(user, problem_list, "添加问题", after=fields, address=address)
    return problem


def edit_problem(user: Any, problem: Problem, entered: ProblemInput, *, address: str = "") -> Problem:
    """Change a draft list's problem: its wording, item, evidence or severity."""
    _check_draft(problem.problem_list, "修改问题", "change a problem")
    fields = _checked(problem.problem_list.round, entered)
    before = {name: getattr(problem, name) for name in fields}
    with transaction.atomic():
        for name, value in fields.items():
            setattr(problem, name, value)
        problem.save(update_fields=list(fields))
        _audit(
            user,
            problem.problem_list,
            f"修改问题 {problem.number}",
            before=before,
            after=fields,
            address=address,
        )
    return problem


def remove_problem(user: Any, problem: Problem, *, address: str = "") -> None:
    """Take a problem off a draft list; the others are numbered again."""
    problem_list = problem.problem_list
    _check_draft(problem_list, "删除问题", "remove a problem")
    with transaction.atomic():
        before = {"position": problem.position, "title": problem.title, "source": problem.source}
        problem.delete()
        _renumber(problem_list)
        _audit(user, problem_list, "删除问题", before=before, address=address)


def issue_list(
    user: Any, problem_list: ProblemList, *, on: date | None = None, address: str = ""
) -> ProblemList:
    """Issue a draft list to its unit: frozen and dated; each problem becomes a task (已下达)."""
    _check_draft(problem_list, "下达", "issue it again")
    with transaction.atomic():
        locked = ProblemList.objects.select_for_update().get(pk=problem_list.pk)
        _check_draft(locked, "下达", "issue it again")
        problems = list(locked.problems.all())
        if not problems:
            raise refused("rectification-empty-list", "list", unit=locked.unit.name)
        locked.issued_on = on or timezone.localdate()
        locked.issued_at = timezone.now()
        locked.issued_by = _known(user)
        locked.save(update_fields=["issued_on", "issued_at", "issued_by"])
        Problem.objects.filter(problem_list=locked).update(state=TaskState.ISSUED)
        Step.objects.bulk_create(
            Step(problem=p, before=TaskState.DRAFT, after=TaskState.ISSUED, by=_known(user)) for p in problems
        )
        _audit(
            user,
            locked,
            "下达问题清单",
            after={"issued_on": f"{locked.issued_on:%Y-%m-%d}", "problems": len(problems)},
            address=address,
        )
    return locked


def _audit(
    user: Any, problem_list: ProblemList, target: str, *, address: str, before: Any = None, after: Any = None
) -> None:
    record(
        user,
        Action.RECTIFICATION,
        round=problem_list.round,
        unit=problem_list.unit,
        target=target,
        before=before,
        after=after,
        address=address,
    )

"""The next round closes the loop: it carries the previous round's open problems forward, and its
rectification items (上一轮督导问题整改) score from the previous round's records.

:func:`create_next_round` makes a round that follows another (``Round.previous``): every problem
of the previous round still open at that moment is copied into the new round's draft list of its
unit (source 上一轮未完成整改, ``carried_from`` the original, whose task goes on where it is), so the
reviewers check it and the office may issue it again.

:func:`apply_rectification` writes each unit's record of the previous round as its data for this
one, where the scheme has the elements: ``prev_round_problems`` (problems issued),
``prev_round_rectified`` (closed) and ``prev_round_overdue_major`` (较重 or 严重 problems open past
their deadline), each with a comment that says where it came from. The bundled scheme scores the
closure rate from the first two (A10.1) and lets the third bar 优秀 (R11).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from dudao.engine.shortfalls import DEFAULT_SHARE
from dudao.store.audit.models import Action, record
from dudao.store.entry.models import DataValue
from dudao.store.rectification.board import tallies
from dudao.store.rectification.models import OPEN_STATES, Problem, ProblemList, Source
from dudao.store.rectification.refusals import refused
from dudao.store.rounds import engine
from dudao.store.rounds.models import Round
from dudao.store.rounds.services import create_round

ELEMENTS = ("prev_round_problems", "prev_round_rectified", "prev_round_overdue_major")


def check_previous(previous: Round, round_period: int | None = None) -> None:
    """A round may follow ``previous`` once it is closed (its problems are known)."""
    if previous.state != Round.State.CLOSED:
        raise refused(
            "rectification-previous",
            "previous",
            previous=previous.name,
            reason="它尚未关闭，问题清单还没有生成",
            reason_en="it is not closed yet, so it has no problem lists",
        )
    if round_period is not None and round_period <= previous.period:
        raise refused(
            "rectification-previous",
            "previous",
            previous=previous.name,
            reason=f"它的数据年度 {previous.period} 不早于本轮的 {round_period}",
            reason_en=f"its year {previous.period} is not before this round's {round_period}",
        )


def create_next_round(user: Any, previous: Round, **fields: Any) -> tuple[Round, int]:
    """A new round (the fields of :func:`create_round`) following ``previous``, with its open
    problems carried forward; returns the round and how many problems were carried."""
    check_previous(previous, fields.get("period"))
    with transaction.atomic():
        round = create_round(user, **fields)
        check_previous(previous, round.period)
        round.previous = previous
        round.save(update_fields=["previous"])
        carried = carry_forward(user, previous, round)
    return round, carried


def carry_forward(user: Any, previous: Round, round: Round, *, today: date | None = None) -> int:
    """Copy ``previous``'s open problems into ``round``'s draft lists (in the caller's transaction)."""
    day = today or timezone.localdate()
    evaluated = set(round.entries.values_list("unit_id", flat=True))
    open_problems = (
        Problem.objects.filter(
            problem_list__round=previous, state__in=OPEN_STATES, problem_list__unit_id__in=evaluated
        )
        .select_related("problem_list__unit")
        .order_by("problem_list__unit_id", "position")
    )
    lists: dict[str, ProblemList] = {}
    count = 0
    for old in open_problems:
        unit = old.problem_list.unit
        if unit.code not in lists:
            lists[unit.code], _created = ProblemList.objects.get_or_create(
                round=round, unit=unit, defaults={"share": DEFAULT_SHARE, "drafted_by": _known(user)}
            )
        problem_list = lists[unit.code]
        overdue = "，已逾期" if old.is_overdue(day) else ""
        Problem.objects.create(
            problem_list=problem_list,
            position=problem_list.problems.count() + 1,
            item=old.item,
            title=old.title,
            evidence=(
                f"上一轮（{previous.name}）问题 {old.number}，截至 {day:%Y-%m-%d} "
                f"整改状态：{old.get_state_display()}{overdue}。原依据：{old.evidence}"
            )[:4000],
            severity=old.severity,
            source=Source.CARRIED,
            carried_from=old,
        )
        count += 1
    record(
        user,
        Action.RECTIFICATION,
        round=round,
        target="接续上一轮未完成整改的问题",
        after={"previous": previous.pk, "carried": count, "units": sorted(lists)},
    )
    return count


def apply_rectification(
    user: Any, round: Round, *, today: date | None = None, address: str = ""
) -> list[DataValue]:
    """Write each unit's record of the previous round as its data for ``round`` (see the module)."""
    if round.previous is None:
        raise refused("rectification-no-previous", "previous", round=round.name)
    if round.state == Round.State.CLOSED:
        raise refused("rectification-apply-state", "round", status="round_closed", round=round.name)
    elements = [e for e in ELEMENTS if e in engine.scheme_of(round.scheme).element_by_code]
    day = today or timezone.localdate()
    evaluated = list(round.entries.values_list("unit_id", flat=True))
    written = []
    with transaction.atomic():
        for tally in tallies(round.previous, evaluated, today=day):
            figures = {
                "prev_round_problems": tally.problems,
                "prev_round_rectified": tally.closed,
                "prev_round_overdue_major": tally.overdue_major,
            }
            comment = (
                f"来自上一轮《{round.previous.name}》整改台账（截至 {day:%Y-%m-%d}）："
                f"下达问题 {tally.problems} 个，已销号 {tally.closed} 个，"
                f"较重以上逾期未整改 {tally.overdue_major} 个"
            )
            for element in elements:
                value = float(figures[element])
                current, _created = DataValue.objects.select_for_update().get_or_create(
                    round=round, unit_id=tally.unit_code, element=element, period=round.period
                )
                if current.value == value and current.comment == comment:
                    continue
                before = {"value": current.value, "comment": current.comment}
                current.value, current.comment, current.updated_by = value, comment, _known(user)
                current._history_user = _known(user)  # type: ignore[attr-defined]
                current.save()
                record(
                    user,
                    Action.VALUE,
                    round=round,
                    unit=current.unit,
                    target=element,
                    before=before,
                    after={
                        "value": value,
                        "comment": comment,
                        "source": f"rectification:{round.previous.pk}",
                    },
                    address=address,
                )
                written.append(current)
    engine.forget(round)
    return written


def _known(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None

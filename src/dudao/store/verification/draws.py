"""Storing a draw of schools to visit 实地核查抽样, and redrawing (a new seed and a reason; the
old draw is kept, no longer in force).

The draw itself is :func:`dudao.store.verification.sampling.draw`. Stratified draws group schools by
``Unit.school_type`` and, where the office names one, by the value of a school-level element of
the round's scheme for the round's period (urban/rural: the bundled schemes declare no such
element, so the office names whichever element its scheme uses, for example ``is_rural``). A school
without a value for it falls in the stratum “未填”.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from dudao.expr.ir import Level, Type
from dudao.store.accounts.models import Unit
from dudao.store.audit.models import Action, record
from dudao.store.entry.models import DataValue
from dudao.store.rounds.engine import scheme_of
from dudao.store.rounds.models import Round
from dudao.store.verification.models import Draw, DrawnSchool, Method
from dudao.store.verification.refusals import _problem, check_evaluated, check_round
from dudao.store.verification.sampling import SEED_LIMIT, School, draw

MISSING = "未填"


@dataclass(frozen=True)
class DrawRequest:
    """What the office asks for, as entered (text from a form, or values from the API)."""

    method: Any
    size: Any
    seed: Any = None
    stratum_element: str = ""
    reason: str = ""


def schools_of(unit: Unit) -> QuerySet[Unit]:
    """The schools under ``unit`` in the units tree."""
    return Unit.objects.filter(path__startswith=unit.path, level="school").exclude(code=unit.code)


def school_elements(round: Round) -> dict[str, str]:
    """The scheme's school-level elements that may serve as a second stratum: code → name."""
    scheme = scheme_of(round.scheme)
    return {e.code: e.name for e in scheme.elements if e.level == Level.SCHOOL}


def population(round: Round, unit: Unit, element: str) -> list[School]:
    """The schools of ``unit`` as the draw sees them, with the element's value as second stratum."""
    units = list(schools_of(unit).values_list("code", "school_type"))
    second: dict[str, str] = {}
    if element:
        kind = scheme_of(round.scheme).element_by_code[element].type
        values = DataValue.objects.filter(
            round=round, element=element, period=round.period, unit_id__in=[c for c, _ in units]
        ).values_list("unit_id", "value")
        second = {code: _shown(value, kind) for code, value in values}
    return [School(code, kind or "", second.get(code, MISSING) if element else "") for code, kind in units]


def _shown(value: float | None, kind: Type) -> str:
    if value is None:
        return MISSING
    if kind == Type.BOOL:
        return "是" if value else "否"
    return f"{value:g}"


def current_draw(round: Round, unit: Unit) -> Draw | None:
    return Draw.objects.filter(round=round, unit=unit, current=True).first()


def make_draw(user: Any, round: Round, unit: Unit, asked: DrawRequest, *, address: str = "") -> Draw:
    """Draw schools to visit in ``unit``; a redraw needs a reason and a seed not used before."""
    check_round(round, "抽样", "draw schools")
    check_evaluated(round, unit)
    method = _method(asked.method)
    element = (asked.stratum_element or "").strip() if method == Method.STRATIFIED else ""
    if element:
        elements = school_elements(round)
        if element not in elements:
            raise _problem(
                "verification-element", "stratum_element", value=element, choices="、".join(elements) or "—"
            )
    schools = population(round, unit, element)
    if not schools:
        raise _problem("verification-no-schools", "size", unit=unit.name)
    size = _size(asked.size, len(schools), unit)
    reason = (asked.reason or "").strip()
    with transaction.atomic():
        previous = Draw.objects.select_for_update().filter(round=round, unit=unit, current=True).first()
        used = set(Draw.objects.filter(round=round, unit=unit).values_list("seed", flat=True))
        seed = _seed(asked.seed, used, unit)
        if previous is not None and not reason:
            raise _problem("verification-redraw-reason", "reason", unit=unit.name, seed=previous.seed)
        chosen = draw(schools, size, seed=seed, stratified=method == Method.STRATIFIED)
        if previous is not None:
            previous.current = False
            previous.save(update_fields=["current"])
        made = Draw.objects.create(
            round=round,
            unit=unit,
            method=method,
            seed=seed,
            size=size,
            drawn=len(chosen),
            population=len(schools),
            stratum_element=element,
            reason=reason if previous is not None else "",
            replaces=previous,
            drawn_by=user,
        )
        DrawnSchool.objects.bulk_create(
            DrawnSchool(draw=made, school_id=d.code, stratum=d.stratum, position=d.position) for d in chosen
        )
        record(
            user,
            Action.DRAW,
            round=round,
            unit=unit,
            target=f"draw:{made.pk}",
            address=address,
            before=_summary(previous) if previous is not None else None,
            after={**_summary(made), "schools": [d.code for d in chosen], "reason": made.reason},
        )
    return made


def _summary(found: Draw) -> dict[str, Any]:
    return {
        "draw": found.pk,
        "method": found.method,
        "seed": found.seed,
        "size": found.size,
        "stratum_element": found.stratum_element,
    }


def _method(value: Any) -> str:
    text = str(value or "").strip()
    if text not in Method.values:
        choices = "、".join(f"{v}（{label}）" for v, label in Method.choices)
        raise _problem("verification-method", "method", value=text, choices=choices)
    return text


def _size(value: Any, limit: int, unit: Unit) -> int:
    try:
        size = int(str(value).strip())
    except (TypeError, ValueError):
        size = 0
    if not 1 <= size <= limit or str(value).strip() not in (str(size), f"+{size}"):
        raise _problem(
            "verification-size", "size", value=value if value is not None else "", limit=limit, unit=unit.name
        )
    return size


def _seed(value: Any, used: set[int], unit: Unit) -> int:
    text = "" if value is None else str(value).strip()
    if not text:
        seed = secrets.randbelow(SEED_LIMIT)
        while seed in used:
            seed = secrets.randbelow(SEED_LIMIT)
        return seed
    try:
        seed = int(text)
    except ValueError:
        seed = -1
    if not 0 <= seed < SEED_LIMIT or text != str(seed):
        raise _problem("verification-seed", "seed", value=text, limit=SEED_LIMIT - 1)
    if seed in used:
        raise _problem("verification-seed-reused", "seed", seed=seed, unit=unit.name)
    return seed

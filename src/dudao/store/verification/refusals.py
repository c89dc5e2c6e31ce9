"""Refusing a verification write: a catalogued problem (:mod:`dudao.problems.verification`),
located at the field it is about, in the active language, as the :class:`EntryRefused` the pages
and the API already answer (422 for values, 409 for the round's state, 413/415 for photos)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

from dudao.errors import Location, Problem
from dudao.store.accounts.models import Unit
from dudao.store.entry.services import EntryRefused
from dudao.store.rounds.models import Round, RoundUnit


def _problem(code: str, field: str, *, status: str = "invalid", **fields: Any) -> EntryRefused:
    """The refusal of ``field`` with the catalogued problem ``code``."""
    problem = Problem.of(code, Location(field=field), **fields)
    english = (get_language() or "zh-hans").startswith("en")
    return EntryRefused({field: problem.message_en if english else problem.message_zh}, status)


def check_round(round: Round, what: str, what_en: str) -> None:
    """Draws and findings are made once the round has opened and until its results are published."""
    if round.state == Round.State.DRAFT:
        raise _problem(
            "verification-round-state",
            "round",
            status="round_closed",
            round=round.name,
            state="尚未开放",
            state_en="not open yet",
            what=what,
            what_en=what_en,
        )
    if round.published:
        raise _problem(
            "verification-round-state",
            "round",
            status="round_closed",
            round=round.name,
            state="的结果已公开",
            state_en="published",
            what=what,
            what_en=what_en,
        )


def check_evaluated(round: Round, unit: Unit) -> None:
    """``unit`` is one of the round's evaluated units."""
    if not RoundUnit.objects.filter(round=round, unit=unit).exists():
        raise _problem(
            "verification-not-evaluated", "unit", status="not_in_round", unit=unit.name, round=round.name
        )

"""A unit across years 历年评价: its frozen results by year, and those of the units it came from,
each in a section that says how it became part of this one; for an ended unit, what it became.

Rows come from closed rounds' frozen results (:mod:`dudao.store.rounds.history`), only those the
viewer may see (:func:`~dudao.web.access.sees_in_history`), with a rank only where
:func:`~dudao.web.access.sees_ranking` allows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dudao.store.accounts.models import Unit, UnitSuccession
from dudao.store.accounts.succession import Link, lineage
from dudao.store.rectification.board import Tally, tallies
from dudao.store.rounds.history import YearResult, closed_rounds_of, years_of
from dudao.web.access import Do, can, sees_in_history, sees_ranking

Kind = UnitSuccession.Kind


@dataclass(frozen=True)
class YearRow:
    """One closed round's frozen result of one unit, as this viewer may see it."""

    result: YearResult
    rank: str  # the rank as shown: "第 3 名", why it has none, or "" where the viewer may not see it
    results_url: str  # the unit's results page in that round, where the viewer may open it; else ""
    problems: Tally | None = None  # the problem list issued to the unit in that round, where one was
    problems_url: str = ""  # the list's page, where the viewer may open it


@dataclass(frozen=True)
class Section:
    """One unit's rows: the page's unit first, then each unit it came from."""

    unit: Unit
    relation: str  # how this unit became part of the page's (empty for the page's own)
    rows: tuple[YearRow, ...]
    history_url: str = ""  # this unit's own history page (a predecessor's), where the viewer may open it


@dataclass(frozen=True)
class Became:
    """One step from the page's unit to what it became, with a link where the viewer may follow."""

    text: str
    url: str


@dataclass(frozen=True)
class UnitHistory:
    """The context of ``units/<code>/history/``."""

    unit: Unit
    span: str  # the unit's dates, e.g. "2023年1月1日起"; empty for a unit with none
    sections: tuple[Section, ...]
    became: tuple[Became, ...]  # what an ended unit became; empty for a current unit
    shows_rank: bool  # a rank column is worth showing: some row has one for this viewer
    shows_problems: bool = False  # some row has an issued problem list


def unit_history_of(user: Any, unit: Unit) -> UnitHistory:
    """What ``user`` may see of ``unit`` across years (the page's rule already let them in)."""
    found = lineage(unit)
    units = [unit, *found.predecessors]
    rounds = closed_rounds_of(u.code for u in units)
    years = years_of((u.code for u in units), rounds)
    by_id = {r.pk: r for r in rounds}
    sections = [Section(unit, "", _rows(user, unit, years[unit.code], by_id))]
    for earlier in found.predecessors:
        steps = [link for link in found.earlier if link.before.code == earlier.code]
        sections.append(
            Section(
                earlier,
                "；".join(_relation(link, unit) for link in steps),
                _rows(user, earlier, years[earlier.code], by_id),
                _history_url(user, earlier),
            )
        )
    became = tuple(
        Became(_became(link), _history_url(user, link.after)) for link in found.later if link.before == unit
    )
    shows_rank = any(row.rank for section in sections for row in section.rows)
    shows_problems = any(row.problems for section in sections for row in section.rows)
    return UnitHistory(unit, _span(unit), tuple(sections), became, shows_rank, shows_problems)


def _rows(user: Any, unit: Unit, results: list[YearResult], rounds: dict[int, Any]) -> tuple[YearRow, ...]:
    rows = []
    for result in results:
        round = rounds[result.round_id]
        if not sees_in_history(user, round, unit):
            continue
        rank = ""
        if sees_ranking(user, round):
            rank = _("第 %(n)s 名") % {"n": result.rank} if result.rank is not None else result.unranked
        url = ""
        if can(user, Do.SEE_UNIT, round=round, unit=unit):
            url = reverse("unit_results", args=[round.pk, unit.code])
        problems = next(iter(tallies(round, [unit.code])), None)
        problems_url = ""
        if problems is not None and can(user, Do.SEE_PROBLEMS, round=round, unit=unit):
            problems_url = reverse("problem_list", args=[round.pk, unit.code])
        rows.append(YearRow(result, rank, url, problems, problems_url))
    return tuple(rows)


def _history_url(user: Any, unit: Unit) -> str:
    if can(user, Do.SEE_UNIT_HISTORY, unit=unit):
        return reverse("unit_history", args=[unit.code])
    return ""


def _day(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def _relation(link: Link, page_unit: Unit) -> str:
    """How ``link.before`` became part of the page's unit: directly, or through ``link.after``."""
    day = _day(link.on)
    if link.after == page_unit:
        texts = {
            Kind.MERGE: _("%(day)s并入本单位"),
            Kind.SPLIT: _("%(day)s拆分，本单位由其部分设立"),
            Kind.RENAME: _("%(day)s更名为本单位"),
        }
        return texts[Kind(link.kind)] % {"day": day}
    texts = {
        Kind.MERGE: _("%(day)s并入%(unit)s"),
        Kind.SPLIT: _("%(day)s拆分，部分设立%(unit)s"),
        Kind.RENAME: _("%(day)s更名为%(unit)s"),
    }
    return texts[Kind(link.kind)] % {"day": day, "unit": link.after.name}


def _became(link: Link) -> str:
    texts = {
        Kind.MERGE: _("本单位已于%(day)s并入%(unit)s"),
        Kind.SPLIT: _("本单位已于%(day)s拆分，部分设立%(unit)s"),
        Kind.RENAME: _("本单位已于%(day)s更名为%(unit)s"),
    }
    return texts[Kind(link.kind)] % {"day": _day(link.on), "unit": str(link.after)}


def _span(unit: Unit) -> str:
    if unit.valid_from and unit.valid_to:
        return _("%(start)s至%(end)s") % {"start": _day(unit.valid_from), "end": _day(unit.valid_to)}
    if unit.valid_from:
        return _("%(start)s起") % {"start": _day(unit.valid_from)}
    if unit.valid_to:
        return _("至%(end)s") % {"end": _day(unit.valid_to)}
    return ""


def lineage_notes(unit: Unit) -> list[str]:
    """What a page about ``unit`` in one round says of its predecessors and successors, so that a
    comparison with earlier years is read knowing which units it maps to (empty: none)."""
    found = lineage(unit)
    notes = [f"{link.before}{_relation(link, unit)}" for link in found.earlier if link.after == unit]
    notes += [_became(link) for link in found.later if link.before == unit]
    return notes

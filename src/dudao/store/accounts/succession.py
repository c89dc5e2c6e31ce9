"""Merges, splits and renames of units 区划调整, and a unit's lineage 沿革.

A unit that is merged, split or renamed away is never deleted: its rounds, values and frozen
results stay with it. It ends (``valid_to``, its last day, the day before the change) and a
:class:`~dudao.store.accounts.models.UnitSuccession` says what it became, on which day and how:

- :func:`merge_units`: two or more units become one, a new unit or one of those that exist (a
  single unit "merged" into a new code is a rename). The new unit goes under the old units'
  parent; the old units' own units (their schools) move under it;
- :func:`split_unit`: one unit becomes two or more new ones under the same parent; each of its
  own units moves to the new unit named for it, and those not named stay with the old unit, to be
  moved by hand (the result lists them);
- :func:`lineage`: the units a unit came from (transitively) and those it became, each step with
  its date and kind, so that the history of an old district stays readable from the new one;
- :func:`tree_on`: the tree as it stood on a day, each unit moved since back under the parent it
  had then (every move is kept, :class:`~dudao.store.accounts.models.UnitMove`), so that a round
  held before a merge still reads its districts with their schools.

A change is refused, as one catalogued problem (:mod:`dudao.problems.units`) naming the unit, when
a code is unknown, a unit has already ended, the date is not after a unit began or is still to
come, a unit would be merged into itself, the units are of different levels (or, for a new unit,
under different parents), or a unit (or one under it) takes part in a round open for entry. Each
change is atomic and audited (:attr:`~dudao.store.audit.models.Action.UNITS`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from dudao.errors import InputError, Location, Problem
from dudao.store.accounts.models import Unit, UnitMove, UnitSuccession
from dudao.store.audit.models import Action, record
from dudao.store.rounds.models import Round, RoundUnit

Kind = UnitSuccession.Kind
_CODE = re.compile(r"[A-Za-z0-9_-]{1,32}")


class UnitsRefused(InputError):
    """A merge or split that cannot be made; ``problems`` holds the one catalogued reason."""

    @property
    def message(self) -> str:
        return "；".join(p.message_zh for p in self.problems)

    @property
    def code(self) -> str:
        return self.problems[0].code if self.problems else ""


def _refuse(problem: str, field: str, /, *, variant: str = "", **fields: Any) -> UnitsRefused:
    """The refusal: the catalogued ``problem`` at ``field``, its message filled from ``fields``."""
    return UnitsRefused([Problem.of(problem, Location(field=field), variant=variant, **fields)], what="units")


@dataclass(frozen=True)
class Change:
    """What a merge or split did: the units that ended, those they became, and the units under
    the old ones that moved to the new ones or stayed (a split names those to move)."""

    kind: str
    on: date
    ended: tuple[Unit, ...]
    successors: tuple[Unit, ...]
    moved: tuple[str, ...] = ()
    left: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    """One step of a lineage: ``before`` became (part of) ``after`` on ``on``, by ``kind``."""

    before: Unit
    after: Unit
    on: date
    kind: str

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)


@dataclass(frozen=True)
class Lineage:
    """A unit's history: ``earlier`` are the steps that led to it (nearest first, then the steps
    into those units, and so on); ``later`` the steps from it to what it became, the same way."""

    unit: Unit
    earlier: tuple[Link, ...]
    later: tuple[Link, ...]

    @property
    def predecessors(self) -> list[Unit]:
        """The units it came from, nearest first, each once."""
        return list({link.before.code: link.before for link in self.earlier}.values())

    @property
    def successors(self) -> list[Unit]:
        """The units it became, nearest first, each once."""
        return list({link.after.code: link.after for link in self.later}.values())


def merge_units(
    user: Any,
    predecessors: Sequence[str],
    into: str,
    *,
    on: date,
    name: str = "",
    note: str = "",
) -> Change:
    """Merge the units ``predecessors`` into ``into`` on ``on``: a new unit named ``name``, or a
    unit that exists (then ``name`` is empty or its own). One unit into a new code is a rename.

    The old units end the day before ``on``; their own units (schools) move under ``into``.
    """
    codes = [c.strip() for c in predecessors if c.strip()]
    into = into.strip()
    _distinct(codes)
    if len(codes) < 1:
        raise _refuse("units-too-few", "predecessors", what="合并", what_en="a merge", least=1)
    with transaction.atomic():
        old = _units(codes, "predecessors")
        if into in codes:
            raise _refuse("units-into-itself", "into", unit=old[codes.index(into)])
        for unit in old:
            _may_end(unit, on)
        _same_level(old, "合并", "merged")
        successor = Unit.objects.select_for_update().filter(code=into).first()
        created = successor is None
        if successor is None:
            successor = _new_unit(into, name, old, on, "into")
        else:
            _may_absorb(successor, name, old, on)
        kind = Kind.RENAME if len(old) == 1 and created else Kind.MERGE
        moved: list[str] = []
        for unit in old:
            moved += _end(user, unit, [successor], on, kind, note, _children(unit), {})
        _audit_successor(user, successor, old, on, kind)
    return Change(kind, on, tuple(old), (successor,), tuple(moved))


def split_unit(
    user: Any,
    predecessor: str,
    successors: Sequence[tuple[str, str]],
    *,
    on: date,
    children: Mapping[str, str] | None = None,
    note: str = "",
) -> Change:
    """Split ``predecessor`` on ``on`` into the new units ``successors`` (code, name), under its
    parent; ``children`` maps each of its own units (a school) to the new unit it moves to.

    The old unit ends the day before ``on``; its own units not in ``children`` stay with it
    (:attr:`Change.left`), to be moved by hand.
    """
    new = [(code.strip(), name.strip()) for code, name in successors]
    _distinct(code for code, _ in new)
    if len(new) < 2:
        raise _refuse("units-too-few", "successors", what="拆分后", what_en="a split", least=2)
    with transaction.atomic():
        [old] = _units([predecessor], "predecessor")
        _may_end(old, on)
        made = [_new_unit(code, name, [old], on, "successors", taken_refused=True) for code, name in new]
        by_code = {unit.code: unit for unit in made}
        own = {unit.code: unit for unit in _children(old)}
        assigned: dict[str, list[Unit]] = {}
        for child, target in (children or {}).items():
            if child not in own:
                raise _refuse("units-child", "children", child=child, unit=old.name)
            if target not in by_code:
                codes = "、".join(by_code)
                raise _refuse(
                    "units-child", "children", variant="target", child=child, code=target, codes=codes
                )
            assigned.setdefault(target, []).append(own[child])
        moved = _end(user, old, made, on, Kind.SPLIT, note, [], assigned)
        for unit in made:
            _audit_successor(user, unit, [old], on, Kind.SPLIT)
    left = tuple(code for code in own if code not in set(moved))
    return Change(Kind.SPLIT, on, (old,), tuple(made), tuple(moved), left)


def lineage(unit: Unit) -> Lineage:
    """The steps that led to ``unit`` and those it went through since, each with its date and kind.

    Both ways are followed to the end: a district merged into another that was merged again has
    both steps in ``later``; the units of a merge that were themselves made by a split, both
    generations in ``earlier``.
    """
    return Lineage(unit, tuple(_walk(unit, back=True)), tuple(_walk(unit, back=False)))


def tree_on(units: Sequence[Unit], day: date) -> list[Unit]:
    """``units`` (the stored rows of a part of the tree) as the tree stood on ``day``: each unit
    moved after ``day`` back under the parent it had then, its path and those of the units under
    it as they were. Whether a unit existed on ``day`` is the caller's to ask (``exists_on``).

    The units returned are copies to read, never to save; a unit whose parent is not among
    ``units`` keeps its stored path.
    """
    parent = {u.code: u.parent_id for u in units}
    moves = UnitMove.objects.filter(unit__in=list(parent), on__gt=day).order_by("-on", "-id")
    for move in moves:  # latest first, so the earliest move after ``day`` has the last word
        parent[move.unit_id] = move.from_parent_id
    by_code = {u.code: u for u in units}
    paths: dict[str, str] = {}

    def path_of(code: str) -> str:
        if code not in paths:
            above = parent[code]
            if above is None:
                paths[code] = f"/{code}/"
            elif above in by_code:
                paths[code] = path_of(above) + f"{code}/"
            else:
                paths[code] = by_code[code].path
        return paths[code]

    return [
        Unit(
            code=u.code,
            name=u.name,
            parent_id=parent[u.code],
            level=u.level,
            school_type=u.school_type,
            path=path_of(u.code),
            valid_from=u.valid_from,
            valid_to=u.valid_to,
        )
        for u in sorted(units, key=lambda u: path_of(u.code))
    ]


def moved_after(day: date) -> bool:
    """Some unit was moved to another parent after ``day`` (so :func:`tree_on` changes something)."""
    return UnitMove.objects.filter(on__gt=day).exists()


def successor_note(unit: Unit) -> tuple[str, str]:
    """What an ended unit became, in Chinese and English, e.g. ``2023-01-01 合并入 新区（500199）``."""
    links = UnitSuccession.objects.filter(predecessor=unit).select_related("successor")
    zh = "、".join(f"{link.on} {link.get_kind_display()}为 {link.successor}" for link in links)
    en = "; ".join(f"{link.kind} into {link.successor} on {link.on}" for link in links)
    return zh or "已撤销", en or "ended"


# -- checks -----------------------------------------------------------------------------------


def _distinct(codes: Iterable[str]) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise _refuse("units-duplicate", "units", code=code)
        seen.add(code)


def _units(codes: Sequence[str], field: str) -> list[Unit]:
    found = {u.code: u for u in Unit.objects.select_for_update().filter(code__in=codes)}
    for code in codes:
        if code not in found:
            raise _refuse("units-unknown", field, code=code)
    return [found[code] for code in codes]


def _may_end(unit: Unit, on: date) -> None:
    """``unit`` may end the day before ``on``: it has not ended, began before ``on``, ``on`` has
    come, and no round open for entry holds it or a unit under it."""
    _not_ended(unit, "predecessors")
    _on_or_after_start(unit, on)
    today = timezone.localdate()
    if on > today:
        raise _refuse("units-date-future", "on", on=on, today=today)
    _in_no_open_round(unit, "predecessors")


def _in_no_open_round(unit: Unit, field: str) -> None:
    """No round open for entry holds ``unit`` or a unit under it (their data is being entered)."""
    taking_part = (
        RoundUnit.objects.filter(unit__path__startswith=unit.path, round__state=Round.State.OPEN)
        .select_related("round")
        .defer("round__results")
        .order_by("round_id")
        .first()
    )
    if taking_part is not None:
        raise _refuse(
            "units-open-round",
            field,
            unit=unit,
            round=taking_part.round.name,
            round_id=taking_part.round_id,
        )


def _not_ended(unit: Unit, field: str) -> None:
    if unit.valid_to is not None:
        became, became_en = successor_note(unit)
        raise _refuse(
            "units-ended", field, unit=unit, last_day=unit.valid_to, became=became, became_en=became_en
        )


def _on_or_after_start(unit: Unit, on: date) -> None:
    if unit.valid_from is not None and on <= unit.valid_from:
        raise _refuse("units-date-before", "on", on=on, unit=unit, since=unit.valid_from)


def _same_level(units: Sequence[Unit], what: str, what_en: str) -> None:
    if len({u.level for u in units}) > 1:
        listed = "、".join(f"{u}：{u.level}" for u in units)
        raise _refuse("units-levels", "predecessors", what=what, what_en=what_en, units=listed)


def _may_absorb(successor: Unit, name: str, old: Sequence[Unit], on: date) -> None:
    """An existing unit may take the old units in: it has not ended, began before ``on``, is of
    their level, and ``name`` (if given) is its own."""
    _not_ended(successor, "into")
    _on_or_after_start(successor, on)
    _same_level([*old, successor], "合并", "merged")
    _in_no_open_round(successor, "into")
    if name.strip() and name.strip() != successor.name:
        raise _refuse(
            "units-name", "name", variant="differs", code=successor.code, name=successor.name, given=name
        )


def _new_unit(
    code: str, name: str, old: Sequence[Unit], on: date, field: str, *, taken_refused: bool = False
) -> Unit:
    """A new unit ``code`` beginning ``on``, at the old units' level and under their parent."""
    if not _CODE.fullmatch(code):
        raise _refuse("units-code", field, code=code)
    if taken_refused:
        taken = Unit.objects.filter(code=code).first()
        if taken is not None:
            raise _refuse("units-code-taken", field, code=code, name=taken.name)
    if not name.strip():
        raise _refuse("units-name", "name", code=code)
    if len({u.parent_id for u in old}) > 1:
        raise _refuse("units-parents", "predecessors", units="、".join(f"{u}" for u in old))
    first = old[0]
    school_types = {u.school_type for u in old}
    unit = Unit(
        code=code,
        name=name.strip(),
        parent=first.parent,
        level=first.level,
        school_type=school_types.pop() if len(school_types) == 1 else "",
        valid_from=on,
    )
    unit.save()
    return unit


# -- changes ----------------------------------------------------------------------------------


def _children(unit: Unit) -> list[Unit]:
    return list(Unit.objects.filter(parent=unit).order_by("code"))


def _end(
    user: Any,
    unit: Unit,
    successors: Sequence[Unit],
    on: date,
    kind: str,
    note: str,
    move_all: Sequence[Unit],
    move_by_successor: Mapping[str, Sequence[Unit]],
) -> list[str]:
    """End ``unit`` the day before ``on``, link it to ``successors`` and move its own units:
    ``move_all`` to the one successor, or each of ``move_by_successor`` to the one named."""
    unit.valid_to = on - timedelta(days=1)
    unit.save(update_fields=["valid_to", "path"])
    moved: list[str] = []
    for successor in successors:
        UnitSuccession.objects.create(
            predecessor=unit,
            successor=successor,
            on=on,
            kind=kind,
            note=note,
            made_by=user if getattr(user, "is_authenticated", False) else None,
        )
        children = move_all if move_all else move_by_successor.get(successor.code, ())
        _move(children, successor, on)
        moved += [child.code for child in children]
    record(
        user,
        Action.UNITS,
        unit=unit,
        target=f"{unit.code} → {'、'.join(s.code for s in successors)}",
        before={"valid_to": None},
        after={
            "valid_to": unit.valid_to.isoformat(),
            "kind": kind,
            "on": on.isoformat(),
            "successors": [s.code for s in successors],
            "moved": moved,
            "note": note,
        },
    )
    return moved


def _move(children: Sequence[Unit], parent: Unit, on: date) -> None:
    """Put ``children`` under ``parent`` from ``on``, with every unit under them (their paths
    follow); each move is kept, so that :func:`tree_on` can put them back for an earlier day."""
    for child in children:
        old_path = child.path
        UnitMove.objects.create(unit=child, from_parent_id=child.parent_id, to_parent=parent, on=on)
        child.parent = parent
        child.save(update_fields=["parent", "path"])
        below = list(Unit.objects.filter(path__startswith=old_path).exclude(code=child.code))
        for unit in below:
            unit.path = child.path + unit.path[len(old_path) :]
        Unit.objects.bulk_update(below, ["path"], batch_size=1000)


def _audit_successor(user: Any, unit: Unit, old: Sequence[Unit], on: date, kind: str) -> None:
    record(
        user,
        Action.UNITS,
        unit=unit,
        target=f"{'、'.join(u.code for u in old)} → {unit.code}",
        after={
            "name": unit.name,
            "parent": unit.parent_id,
            "level": unit.level,
            "valid_from": unit.valid_from.isoformat() if unit.valid_from else None,
            "kind": kind,
            "on": on.isoformat(),
            "predecessors": [u.code for u in old],
        },
    )


def _walk(unit: Unit, *, back: bool) -> list[Link]:
    """The links into ``unit`` (``back``) or out of it, then those of the units they reach."""
    links: list[Link] = []
    seen = {unit.code}
    frontier = [unit.code]
    while frontier:
        if back:
            rows = UnitSuccession.objects.filter(successor__in=frontier)
        else:
            rows = UnitSuccession.objects.filter(predecessor__in=frontier)
        frontier = []
        for row in rows.select_related("predecessor", "successor").order_by("on", "predecessor", "successor"):
            links.append(Link(row.predecessor, row.successor, row.on, row.kind))
            reached = row.predecessor if back else row.successor
            if reached.code not in seen:
                seen.add(reached.code)
                frontier.append(reached.code)
    return links

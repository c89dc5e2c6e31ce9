"""Entering a unit's data: save with history and audit, submit, and return with reasons.

Every write here is one transaction: a save with one bad field saves nothing, and the audit
entries commit with the change they record. Callers have already passed
:func:`dudao.web.access.authorize`; what is checked here is the state of the round and the
unit (open, submitted, returned items) and the values themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.engine.checks import failed_checks
from dudao.expr.ir import Level, Type
from dudao.scheme.model import Scheme
from dudao.store.accounts.models import Unit
from dudao.store.audit.models import Action, record
from dudao.store.entry.fields import form_groups
from dudao.store.entry.models import DataValue, Narrative, ReturnedField, SelfScore
from dudao.store.entry.stale import Conflict, digest, normalize, show, who_changed
from dudao.store.entry.validation import FieldError, read_value
from dudao.store.rounds.engine import scheme_of
from dudao.store.rounds.models import Round, RoundUnit, Status

REPORT_KEY = "report"  # the unit's narrative report (自评报告) among the fields the office may return


class EntryRefused(Exception):
    """A write that the round's or unit's state does not allow; ``errors`` maps field → message,
    ``conflicts`` the fields refused as stale (changed by someone since the form was loaded)."""

    def __init__(
        self,
        errors: Mapping[str, str],
        code: str = "invalid",
        conflicts: Mapping[str, Conflict] | None = None,
    ) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = dict(errors)
        self.code = code
        self.conflicts = dict(conflicts or {})


def refuse_stale(conflicts: Mapping[str, Conflict]) -> None:
    """Refuse a save with these conflicts, each with its message at its field."""
    if conflicts:
        raise EntryRefused({key: c.message for key, c in conflicts.items()}, "stale", conflicts)


@dataclass(frozen=True)
class FieldInput:
    """One entered field. ``original`` and ``original_comment`` are what the form showed when it
    was loaded (see :mod:`dudao.store.entry.stale`); ``comment`` None leaves the comment as it is."""

    element: str
    text: str | float | None
    comment: str | None = None
    original: float | str | None = "unknown"  # "unknown": the client did not say (API)
    original_comment: str | None = None  # None: the client did not say


@dataclass
class SaveReport:
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: dict[str, str] = field(default_factory=dict)  # element → a warning check's message


def entry_of(round: Round, unit: Unit) -> RoundUnit:
    """The evaluated unit's entry that ``unit`` (itself, or one of its schools) belongs to."""
    codes = [code for code in unit.path.strip("/").split("/") if code]
    found = RoundUnit.objects.filter(round=round, unit__code__in=codes).select_related("unit").first()
    if found is None:
        raise EntryRefused({"unit": _("%(unit)s 不是本轮次的被评价单位") % {"unit": unit}}, "not_in_round")
    return found


def unit_level_of(round: Round, unit: Unit) -> Level:
    """Which elements ``unit`` enters: its own level's (the evaluated unit's, or school)."""
    return Level.SCHOOL if unit.level == "school" else Level.UNIT


def open_fields(entry: RoundUnit) -> set[str] | None:
    """The fields still editable: ``None`` for all, else only the ones the office returned."""
    if entry.status == Status.SUBMITTED:
        return set()
    if entry.status == Status.RETURNED:
        return set(entry.returned_fields.filter(resolved_at__isnull=True).values_list("field", flat=True))
    return None


def check_editable(round: Round, entry: RoundUnit, keys: Iterable[str]) -> None:
    if not round.is_open:
        raise EntryRefused(
            {"round": _("轮次“%(round)s”未开放填报，不能修改") % {"round": round.name}}, "round_closed"
        )
    allowed = open_fields(entry)
    if allowed is None:
        return
    if not allowed:
        raise EntryRefused({"status": _("已提交，数据已锁定；如需修改请联系督导室退回")}, "locked")
    blocked = [key for key in keys if key not in allowed]
    if blocked:
        raise EntryRefused({key: _("此项未被退回，提交后不能修改") for key in blocked}, "locked")


def save_values(
    user: Any, round: Round, unit: Unit, inputs: Iterable[FieldInput], *, address: str = ""
) -> SaveReport:
    """Validate and save ``unit``'s values for the round's period; all or nothing."""
    scheme = scheme_of(round.scheme)
    level = unit_level_of(round, unit)
    inputs = list(inputs)
    errors: dict[str, str] = {}
    parsed: dict[str, tuple[float | None, FieldInput]] = {}
    for item in inputs:
        element = scheme.element_by_code.get(item.element)
        if element is None:
            errors[item.element] = _("没有这个数据项：%(code)s") % {"code": item.element}
            continue
        if element.level is not level:
            errors[item.element] = _("%(name)s 由%(who)s填报，不能在这里填写") % {
                "name": element.name,
                "who": _("学校") if element.level is Level.SCHOOL else _("被评价单位"),
            }
            continue
        try:
            parsed[item.element] = (read_value(element, item.text), item)
        except FieldError as error:
            errors[item.element] = error.message
    if errors:
        raise EntryRefused(errors)
    report = SaveReport()
    with transaction.atomic():
        entry = RoundUnit.objects.select_for_update().get(pk=entry_of(round, unit).pk)
        check_editable(round, entry, parsed)
        stored = {
            v.element: v
            for v in DataValue.objects.select_for_update().filter(
                round=round, unit=unit, period=round.period, element__in=list(parsed)
            )
        }
        refuse_stale(_stale_values(scheme, parsed, stored))
        entered = {code: value for code, (value, _item) in parsed.items()}
        report.warnings = _check_consistency(scheme, round, unit, level, entered)
        for code, (value, item) in parsed.items():
            current = stored.get(code)
            old_value = current.value if current else None
            old_comment = current.comment if current else ""
            comment = old_comment if item.comment is None else normalize(item.comment).strip()
            if current is not None and _same(value, old_value) and comment == old_comment:
                report.unchanged.append(code)
                continue
            if current is None:
                current = DataValue(round=round, unit=unit, element=code, period=round.period)
            current.value, current.comment, current.updated_by = value, comment, user
            current._history_user = user  # type: ignore[attr-defined]
            current.save()
            record(
                user,
                Action.VALUE,
                round=round,
                unit=unit,
                target=code,
                address=address,
                before={"value": old_value, "comment": old_comment},
                after={"value": value, "comment": comment},
            )
            report.changed.append(code)
        if report.changed and entry.status == Status.NOT_STARTED:
            entry.status, entry.started_at = Status.IN_PROGRESS, timezone.now()
            entry.save(update_fields=["status", "started_at"])
    return report


def _stale_values(
    scheme: Scheme, parsed: Mapping[str, tuple[float | None, FieldInput]], stored: Mapping[str, DataValue]
) -> dict[str, Conflict]:
    """The values (or comments) changed since the form was loaded that the save would change again."""
    conflicts = {}
    for code, (value, item) in parsed.items():
        current = stored.get(code)
        now = current.value if current else None
        now_comment = current.comment if current else ""
        value_moved = item.original != "unknown" and not _same(item.original, now) and not _same(value, now)
        comment_moved = (
            item.original_comment is not None
            and item.comment is not None
            and normalize(item.original_comment).strip() != now_comment
            and normalize(item.comment).strip() != now_comment
        )
        if value_moved or comment_moved:
            element = scheme.element_by_code[code]
            shown = show(now)
            if element.type is Type.BOOL and now is not None:
                shown = _("是") if now else _("否")
            conflicts[code] = Conflict(
                code,
                show(now),
                shown,
                who_changed(current),
                current.updated_at if current else None,
                comment=now_comment if comment_moved else None,
            )
    return conflicts


def values_with(round: Round, unit: Unit, draft: Mapping[str, float | None]) -> dict[str, float | None]:
    """``unit``'s stored values of the round's year by element, with ``draft`` laid over them."""
    values: dict[str, float | None] = dict(
        DataValue.objects.filter(round=round, unit=unit, period=round.period).values_list("element", "value")
    )
    values.update(draft)
    return values


def _check_consistency(
    scheme: Scheme, round: Round, unit: Unit, level: Level, entered: dict[str, float | None]
) -> dict[str, str]:
    """Run the scheme's checks on the unit's values as saved; refuse on errors, return warnings.

    A failed check's message goes on each of its elements being saved. A check none of whose
    elements is being saved (the stored values already fail it) only warns, on its first
    element, so that it cannot block saving unrelated values.
    """
    if not any(check.level is level for check in scheme.checks):
        return {}
    values = values_with(round, unit, entered)
    errors: dict[str, str] = {}
    warnings: dict[str, str] = {}
    for failure in failed_checks(scheme, level, values):
        fields = [code for code in failure.elements if code in entered]
        into = errors if failure.severity == "error" and fields else warnings
        for code in fields or failure.elements[:1]:
            into.setdefault(code, failure.message)
    if errors:
        raise EntryRefused(errors)
    return warnings


def _same(a: object, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return isinstance(a, int | float) and abs(float(a) - b) <= 1e-9 * max(1.0, abs(b))


def save_narrative(
    user: Any,
    round: Round,
    unit: Unit,
    area: str,
    text: str,
    *,
    original: str | None = None,
    address: str = "",
) -> bool:
    """Save the unit's narrative for one area; whether it changed. ``original``: the digest of the
    text the form showed (:func:`~dudao.store.entry.stale.digest`), to refuse a stale form."""
    scheme = scheme_of(round.scheme)
    if area not in {a.code for a in scheme.items}:
        raise EntryRefused({f"narrative:{area}": _("没有这个一级指标：%(code)s") % {"code": area}})
    text = normalize(text)
    if len(text) > 20000:
        raise EntryRefused(
            {f"narrative:{area}": _("自评说明过长：%(n)d 字，最多 20000 字") % {"n": len(text)}}
        )
    row = _Row(Narrative, {"area": area}, "text", Action.NARRATIVE, f"narrative:{area}", digest)
    return _save_row(user, round, unit, row, text, original, address)


def save_self_score(
    user: Any,
    round: Round,
    unit: Unit,
    item: str,
    level: str,
    *,
    original: str | None = None,
    address: str = "",
) -> bool:
    """Save the unit's own level on a rubric item ("" clears it); whether it changed. ``original``:
    the level the form showed, to refuse a stale form."""
    scheme = scheme_of(round.scheme)
    found = scheme.item_by_code.get(item)
    levels = [lv.level for lv in getattr(found.rule, "levels", ())] if found else []
    if not levels:
        raise EntryRefused({f"self:{item}": _("%(code)s 不是按等级评分的指标") % {"code": item}})
    if level and level not in levels:
        raise EntryRefused(
            {
                f"self:{item}": _("自评等级“%(level)s”无效，可选：%(levels)s")
                % {"level": level, "levels": _("、").join(levels)}
            }
        )
    row = _Row(SelfScore, {"item": item}, "level", Action.SELF_SCORE, f"self:{item}", str)
    return _save_row(user, round, unit, row, level, original, address)


@dataclass(frozen=True)
class _Row:
    """One text field of one row per unit: a narrative's text, a self-score's level."""

    model: type[Narrative] | type[SelfScore]
    key: dict[str, Any]  # the row's key beside round and unit
    field: str
    action: str
    form_key: str  # the field's key in forms and returns
    original_of: Callable[[str], str]  # what a form carries of the stored text (to compare)


def _save_row(
    user: Any, round: Round, unit: Unit, row: _Row, value: str, original: str | None, address: str
) -> bool:
    """Save one text field with its history and an audit entry; whether it changed."""
    with transaction.atomic():
        entry = RoundUnit.objects.select_for_update().get(pk=entry_of(round, unit).pk)
        check_editable(round, entry, [row.form_key])
        stored, _created = row.model.objects.select_for_update().get_or_create(
            round=round, unit=unit, **row.key
        )
        before = getattr(stored, row.field)
        if before == value:
            return False
        if original is not None and original != row.original_of(before):
            refuse_stale(
                {row.form_key: Conflict(row.form_key, before, before, who_changed(stored), stored.updated_at)}
            )
        setattr(stored, row.field, value)
        stored.updated_by = user
        stored._history_user = user  # type: ignore[union-attr]
        stored.save()
        target = next(iter(row.key.values()))
        record(
            user,
            row.action,
            round=round,
            unit=unit,
            target=target,
            address=address,
            before={row.field: before},
            after={row.field: value},
        )
        _start(entry)
    return True


def _start(entry: RoundUnit) -> None:
    if entry.status == Status.NOT_STARTED:
        entry.status, entry.started_at = Status.IN_PROGRESS, timezone.now()
        entry.save(update_fields=["status", "started_at"])


# -- completeness, submit, return ------------------------------------------------------------


@dataclass(frozen=True)
class Missing:
    unit: str
    unit_name: str
    element: str
    element_name: str


def missing_values(round: Round, entry: RoundUnit) -> list[Missing]:
    """The values the evaluated unit (and its schools) still owe for the round's period.

    The evaluated unit owes every unit-level element. A school owes the school elements it
    reported the year before (a kindergarten has no 初中在校生数); a new school owes none yet.
    """
    return missing_by_entry(round, [entry])[entry.pk]


def missing_by_entry(round: Round, entries: Iterable[RoundUnit]) -> dict[int, list[Missing]]:
    """:func:`missing_values` for several evaluated units at once (two queries in all)."""
    entries = list(entries)
    owner = {e.unit.code: e.pk for e in entries}
    units = Unit.objects.only("code", "name", "level", "path")
    values = DataValue.objects.filter(
        round=round, period__in=[round.period, round.period - 1], value__isnull=False
    )
    if len(entries) == 1:  # one subtree; otherwise the whole round's, read once
        units = units.filter(path__startswith=entries[0].unit.path)
        values = values.filter(unit__path__startswith=entries[0].unit.path)
    else:
        units = units.filter(path__startswith=round.scope.path)
    filled: set[tuple[str, str]] = set()
    before: set[tuple[str, str]] = set()
    for code, element, period in values.values_list("unit_id", "element", "period"):
        (filled if period == round.period else before).add((code, element))
    wanted = [f.element for group in form_groups(scheme_of(round.scheme)) for f in group.fields]
    school_elements = [e for e in wanted if e.level is Level.SCHOOL]
    found: dict[int, list[Missing]] = {
        e.pk: [
            Missing(e.unit.code, e.unit.name, el.code, el.name)
            for el in wanted
            if el.level is Level.UNIT and (e.unit.code, el.code) not in filled
        ]
        for e in entries
    }
    for unit in sorted((u for u in units if u.level == "school"), key=lambda u: u.code):
        entry = next((owner[c] for c in unit.path.strip("/").split("/") if c in owner), None)
        if entry is None:
            continue
        found[entry] += [
            Missing(unit.code, unit.name, el.code, el.name)
            for el in school_elements
            if (unit.code, el.code) in before and (unit.code, el.code) not in filled
        ]
    return found


def submit(user: Any, round: Round, unit: Unit, *, address: str = "") -> RoundUnit:
    """Lock the evaluated unit's data; refused when values are missing or it is already submitted."""
    with transaction.atomic():
        entry = RoundUnit.objects.select_for_update().select_related("unit").get(pk=entry_of(round, unit).pk)
        if entry.unit.code != unit.code:
            raise EntryRefused({"unit": _("只能由被评价单位整体提交")}, "invalid")
        if not round.is_open:
            raise EntryRefused(
                {"round": _("轮次“%(round)s”未开放填报，不能提交") % {"round": round.name}}, "round_closed"
            )
        if entry.status == Status.SUBMITTED:
            when = (
                timezone.localtime(entry.submitted_at).strftime("%Y-%m-%d %H:%M")
                if entry.submitted_at
                else ""
            )
            raise EntryRefused(
                {"status": _("已于 %(when)s 提交，无需重复提交") % {"when": when}}, "already_submitted"
            )
        missing = missing_values(round, entry)
        if missing:
            shown = _("、").join(
                f"{m.element_name}" if m.unit == entry.unit.code else f"{m.unit_name}·{m.element_name}"
                for m in missing[:8]
            )
            more = _("等 %(n)d 项") % {"n": len(missing)} if len(missing) > 8 else ""
            raise EntryRefused(
                {
                    m.element if m.unit == entry.unit.code else f"{m.unit}:{m.element}": _("必填，尚未填写")
                    for m in missing
                }
                | {"submit": _("还有数据未填写：%(list)s%(more)s") % {"list": shown, "more": more}},
                "incomplete",
            )
        before = entry.status
        entry.status, entry.submitted_at, entry.submitted_by = Status.SUBMITTED, timezone.now(), user
        entry.save(update_fields=["status", "submitted_at", "submitted_by"])
        entry.returned_fields.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
        record(
            user,
            Action.SUBMIT,
            round=round,
            unit=unit,
            target=unit.code,
            address=address,
            before={"status": before},
            after={"status": Status.SUBMITTED},
        )
    return entry


def valid_field_keys(round: Round) -> set[str]:
    scheme = scheme_of(round.scheme)
    keys = {e.code for e in scheme.elements} | {REPORT_KEY}
    keys |= {f"narrative:{a.code}" for a in scheme.items}
    for leaf in scheme.leaves:
        keys.add(f"evidence:{leaf.code}")
        if getattr(leaf.rule, "levels", None):
            keys.add(f"self:{leaf.code}")
    return keys


def return_submission(
    user: Any, round: Round, unit: Unit, reasons: Mapping[str, str], *, address: str = ""
) -> RoundUnit:
    """Send a submission back; each returned field needs a reason and alone becomes editable."""
    reasons = {key.strip(): (text or "").strip() for key, text in reasons.items() if key.strip()}
    errors = {}
    if not reasons:
        errors["fields"] = _("请至少选择一项退回，并写明原因")
    known = valid_field_keys(round)
    for key, text in reasons.items():
        if key not in known:
            errors[key] = _("没有这一项：%(key)s") % {"key": key}
        elif not text:
            errors[key] = _("请写明退回原因")
    if errors:
        raise EntryRefused(errors)
    with transaction.atomic():
        entry = RoundUnit.objects.select_for_update().get(pk=entry_of(round, unit).pk)
        if entry.status != Status.SUBMITTED:
            raise EntryRefused(
                {"status": _("只有已提交的数据才能退回（当前：%(s)s）") % {"s": entry.get_status_display()}},
                "not_submitted",
            )
        for key, text in reasons.items():
            ReturnedField.objects.create(entry=entry, field=key, reason=text, returned_by=user)
        entry.status = Status.RETURNED
        entry.save(update_fields=["status"])
        record(
            user,
            Action.RETURN,
            round=round,
            unit=unit,
            target=unit.code,
            address=address,
            before={"status": Status.SUBMITTED},
            after={"status": Status.RETURNED, "fields": reasons},
        )
    return entry

"""The parts of the unit entry page as data: value rows, narrative boxes, self-scores, evidence.

Each part can be built on its own, for the htmx answer that replaces just that part; the
whole page (:mod:`.page`) puts them together by area (一级指标).

Form protocol (one row per element): ``v-<element>`` the value, ``c-<element>`` the comment,
``o-<element>`` / ``oc-<element>`` the value and comment shown when the form was rendered
(``""``: empty). :func:`~dudao.store.entry.stale.show` writes numbers the way ``o-`` carries them.
A narrative is ``n-<area>`` with ``on-<area>`` the :func:`~dudao.store.entry.stale.digest` of the
text shown; a self-score ``s-<item>`` with ``os-<item>`` the level shown. The main save sends
them all; a part's own save button names its part (``area``, ``item``).

>>> dom_id("A1.2.1")
'A1-2-1'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from dudao.expr.ir import Level, Type
from dudao.scheme.model import Element, Item, Scheme
from dudao.store.accounts.models import Unit
from dudao.store.entry.fields import RULES_GROUP, Group, form_groups
from dudao.store.entry.models import DataValue, Evidence, SelfScore
from dudao.store.entry.services import open_fields
from dudao.store.entry.stale import Conflict, digest, show
from dudao.store.rounds.models import Round, RoundUnit
from dudao.web.access import Do, can


def dom_id(code: str) -> str:
    """A code made safe for an HTML id and a CSS selector (item codes have dots)."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", code)


def one_line(errors: Mapping[str, str]) -> str:
    """Messages as one line, each once."""
    return _("；").join(dict.fromkeys(errors.values()))


def display(element: Element, value: float | None) -> str:
    """A value for reading: 是/否 for yes/no elements."""
    if value is None:
        return ""
    if element.type is Type.BOOL:
        return _("是") if value else _("否")
    return show(value)


@dataclass(frozen=True)
class Posted:
    """One row as the browser sent it (``original`` None: the client did not say)."""

    text: str
    comment: str
    original: str | None
    original_comment: str

    @property
    def changed(self) -> bool:
        return self.original is None or self.text.strip() != self.original.strip() or self.comment_changed

    @property
    def comment_changed(self) -> bool:
        return self.comment.strip() != self.original_comment.strip()


@dataclass(frozen=True)
class PostedText:
    """A narrative's text or a self-score's level as the browser sent it, with what the form showed
    (a narrative's digest, a level; None: the client did not say)."""

    text: str
    original: str | None

    def changed(self, key: str) -> bool:
        if self.original is None:
            return True
        shown = digest(self.text) if key.startswith("narrative:") else self.text.strip()
        return shown != self.original


@dataclass(frozen=True)
class Editing:
    """Who may change what on this page: the user's rule, the round's state, the returned fields."""

    may_edit: bool
    round_open: bool
    open_keys: set[str] | None  # None: all fields; else only these (returned)
    reasons: dict[str, str]  # returned field key → the office's reason

    def editable(self, key: str) -> bool:
        if not (self.may_edit and self.round_open):
            return False
        return self.open_keys is None or key in self.open_keys


def editing_of(user: Any, round: Round, unit: Unit, entry: RoundUnit) -> Editing:
    returned = entry.returned_fields.filter(resolved_at__isnull=True)
    return Editing(
        may_edit=can(user, Do.EDIT_UNIT, round=round, unit=unit),
        round_open=round.is_open,
        open_keys=open_fields(entry),
        reasons={r.field: r.reason for r in returned},
    )


@dataclass
class Row:
    """One element's row: what the input shows, what it showed on load, and why it is locked."""

    element: Element
    standards: tuple[str, ...]
    text: str
    original: str
    comment: str
    original_comment: str
    last_year: str
    stored: float | None
    editable: bool
    error: str = ""
    returned: str = ""
    owed: bool = True  # a school owes only the elements it reported the year before
    conflict: Conflict | None = None  # changed by someone since the form was loaded

    @property
    def is_bool(self) -> bool:
        return self.element.type is Type.BOOL

    @property
    def missing(self) -> bool:
        return self.stored is None and self.owed

    @property
    def other_text(self) -> bool:
        """A yes/no row whose typed text is neither (kept to show it with its message)."""
        return self.is_bool and self.text not in ("", "1", "0")


@dataclass
class RubricRow:
    item: Item
    levels: list[tuple[str, str]]  # (level, description)
    chosen: str
    editable: bool
    error: str = ""
    returned: str = ""
    saved: str = ""
    original: str = ""  # the level stored when the form was built (``os-``)
    conflict: Conflict | None = None

    @property
    def anchor(self) -> str:
        return dom_id(self.item.code)


@dataclass
class EvidenceSlot:
    item: Item
    files: list[Evidence]
    editable: bool
    error: str = ""
    returned: str = ""
    saved: str = ""

    @property
    def key(self) -> str:
        return f"evidence:{self.item.code}"

    @property
    def anchor(self) -> str:
        return dom_id(self.item.code)


@dataclass
class NarrativeBox:
    area: str
    text: str
    editable: bool
    error: str = ""
    returned: str = ""
    saved: str = ""
    original: str = ""  # the digest of the text stored when the form was built (``on-``)
    conflict: Conflict | None = None

    @property
    def anchor(self) -> str:
        return dom_id(self.area)


@dataclass
class Area:
    code: str
    name: str
    rows: list[Row]
    narrative: NarrativeBox | None = None
    rubric: list[RubricRow] = field(default_factory=list)
    evidence: list[EvidenceSlot] = field(default_factory=list)

    @property
    def missing(self) -> int:
        return sum(1 for row in self.rows if row.missing)

    @property
    def invalid(self) -> int:
        return sum(1 for row in self.rows if row.error)

    @property
    def shown_code(self) -> str:
        return "" if self.code == RULES_GROUP else self.code


def level_of(unit: Unit) -> Level:
    return Level.SCHOOL if unit.level == "school" else Level.UNIT


def value_areas(
    round: Round,
    unit: Unit,
    scheme: Scheme,
    editing: Editing,
    *,
    posted: Mapping[str, Posted],
    errors: Mapping[str, str],
    conflicts: Mapping[str, Conflict] | None = None,
) -> list[Area]:
    """The unit's value rows, by area; areas without an element of the unit's level are left out."""
    level = level_of(unit)
    rows = DataValue.objects.filter(
        round=round, unit=unit, period__in=[round.period, round.period - 1]
    ).values_list("element", "period", "value", "comment")
    stored: dict[str, tuple[float | None, str]] = {}
    last: dict[str, float | None] = {}
    for code, period, value, comment in rows:
        if period == round.period:
            stored[code] = (value, comment)
        else:
            last[code] = value
    areas = []
    for group in form_groups(scheme):
        found = []
        for entry in group.fields:
            element = entry.element
            if element.level is not level:
                continue
            value, comment = stored.get(element.code, (None, ""))
            row = Row(
                element=element,
                standards=entry.standards,
                text=show(value),
                original=show(value),
                comment=comment,
                original_comment=comment,
                last_year=display(element, last.get(element.code)),
                stored=value,
                editable=editing.editable(element.code),
                error=errors.get(element.code, ""),
                returned=editing.reasons.get(element.code, ""),
                owed=level is Level.UNIT or last.get(element.code) is not None,
                conflict=(conflicts or {}).get(element.code),
            )
            typed = posted.get(element.code)
            if typed is not None and row.editable:
                row.text, row.comment = typed.text, typed.comment
                if row.conflict is None:  # a stale row now starts from the stored value
                    row.original = typed.original if typed.original is not None else row.original
                    row.original_comment = typed.original_comment
            found.append(row)
        if found:
            name = _(group.name) if group.code == RULES_GROUP else group.name  # areas are named by the scheme
            areas.append(Area(group.code, name, found))
    return areas


def narrative_box(
    area: str,
    stored: str,
    editing: Editing,
    errors: Mapping[str, str],
    typed: PostedText | None = None,
    conflict: Conflict | None = None,
) -> NarrativeBox:
    """One area's narrative as stored, or as typed (after a refused save) with its message."""
    key = f"narrative:{area}"
    box = NarrativeBox(
        area,
        stored,
        editing.editable(key),
        errors.get(key, ""),
        editing.reasons.get(key, ""),
        original=digest(stored),
        conflict=conflict,
    )
    if typed is not None and box.editable:
        box.text = typed.text
        if conflict is None and typed.original is not None:
            box.original = typed.original
    return box


def rubric_rows(
    round: Round,
    unit: Unit,
    group: Group,
    editing: Editing,
    errors: Mapping[str, str],
    typed: Mapping[str, PostedText] | None = None,
    conflicts: Mapping[str, Conflict] | None = None,
) -> list[RubricRow]:
    """The area's rubric items with the unit's own level on each, as stored or as typed."""
    codes = [i.code for i in group.rubric_items]
    chosen = dict(
        SelfScore.objects.filter(round=round, unit=unit, item__in=codes).values_list("item", "level")
    )
    rows = []
    for item in group.rubric_items:
        key = f"self:{item.code}"
        levels = [(lv.level, lv.description) for lv in getattr(item.rule, "levels", ())]
        stored = chosen.get(item.code, "")
        row = RubricRow(
            item,
            levels,
            stored,
            editing.editable(key),
            errors.get(key, ""),
            editing.reasons.get(key, ""),
            original=stored,
            conflict=(conflicts or {}).get(key),
        )
        entered = (typed or {}).get(key)
        if entered is not None and row.editable:
            row.chosen = entered.text
            if row.conflict is None and entered.original is not None:
                row.original = entered.original
        rows.append(row)
    return rows


def evidence_slots(
    round: Round, unit: Unit, group: Group, editing: Editing, errors: Mapping[str, str]
) -> list[EvidenceSlot]:
    codes = [i.code for i in group.items]
    files: dict[str, list[Evidence]] = {}
    found = Evidence.objects.filter(round=round, unit=unit, item__in=codes, deleted_at__isnull=True)
    for evidence in found.select_related("blob", "uploaded_by").order_by("uploaded_at"):
        files.setdefault(evidence.item, []).append(evidence)
    slots = []
    for item in group.items:
        key = f"evidence:{item.code}"
        slots.append(
            EvidenceSlot(
                item,
                files.get(item.code, []),
                editing.editable(key),
                errors.get(key, ""),
                editing.reasons.get(key, ""),
            )
        )
    return slots

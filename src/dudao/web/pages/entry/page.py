"""The unit entry page as data: what one unit enters in a round, laid out by area (一级指标).

The views build an :class:`EntryPage` and the templates under ``dudao/entry/`` only display
it. A page for an evaluated unit (a district) shows its own elements, narratives,
self-scores, evidence and its schools, and what the user may do with its submission; a page
for a school shows the school's elements only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.expr.ir import Level
from dudao.scheme.model import Scheme
from dudao.store.accounts.models import Unit
from dudao.store.entry.fields import RULES_GROUP, form_groups
from dudao.store.entry.models import DataValue, Narrative
from dudao.store.entry.services import REPORT_KEY, EntryRefused, Missing, entry_of, missing_values
from dudao.store.entry.stale import Conflict
from dudao.store.rectification.models import ProblemList
from dudao.store.rounds.engine import scheme_of
from dudao.store.rounds.models import Round, RoundUnit
from dudao.store.rounds.prior import PriorGap, prior_gap
from dudao.web.access import Do, can
from dudao.web.pages.document_links import DocumentLinks, feedback_once_closed, unit_documents
from dudao.web.pages.entry.parts import (
    Area,
    Editing,
    Posted,
    PostedText,
    editing_of,
    evidence_slots,
    narrative_box,
    one_line,
    rubric_rows,
    value_areas,
)

SCHOOL_TYPES = {
    "kindergarten": gettext_lazy("幼儿园"),
    "primary": gettext_lazy("小学"),
    "junior": gettext_lazy("初级中学"),
    "senior": gettext_lazy("高级中学"),
    "nine_year": gettext_lazy("九年一贯制学校"),
    "complete_middle": gettext_lazy("完全中学"),
    "twelve_year": gettext_lazy("十二年一贯制学校"),
    "vocational": gettext_lazy("中等职业学校"),
    "special": gettext_lazy("特殊教育学校"),
}


@dataclass(frozen=True)
class SchoolRow:
    unit: Unit
    type_label: str
    filled: int
    missing: int


@dataclass(frozen=True)
class ReturnedItem:
    key: str
    label: str
    reason: str
    by: str
    at: Any


@dataclass(frozen=True)
class RefusedField:
    """A field a save refused, as the save's message links to it: the field's id, its name, why."""

    target: str
    label: str
    message: str


@dataclass
class EntryPage:
    """Everything the entry page shows."""

    round: Round
    unit: Unit
    entry: RoundUnit
    editing: Editing
    areas: list[Area]
    is_school: bool
    schools: list[SchoolRow] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    returned: list[ReturnedItem] = field(default_factory=list)
    may_submit: bool = False
    may_return: bool = False
    return_choices: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # messages that belong to no row
    flash: str = ""  # the outcome of a save, shown by the save button
    failed: bool = False  # the flash reports a refusal
    warnings: list[str] = field(default_factory=list)  # warning checks of a save that went through
    documents: list[DocumentLinks] = field(default_factory=list)  # the unit's documents the user may read
    feedback_later: bool = False  # the user will read the feedback letter once the round is closed
    upload_url: str = ""  # the unit's Excel template and upload page, for those who enter its values
    report_url: str = ""  # the unit's narrative report, read against its data
    problems_url: str = ""  # the unit's issued problem list and its rectification tasks
    prior: PriorGap | None = None  # earlier years' values the unit's items read and the round lacks

    @property
    def evaluated(self) -> Unit:
        return self.entry.unit

    @property
    def missing_own(self) -> list[Missing]:
        return [m for m in self.missing if m.unit == self.entry.unit.code]

    @property
    def missing_schools(self) -> int:
        return len({m.unit for m in self.missing if m.unit != self.entry.unit.code})

    @property
    def missing_in_schools(self) -> int:
        return sum(1 for m in self.missing if m.unit != self.entry.unit.code)

    @property
    def days_left(self) -> int:
        return self.round.days_to_deadline()

    @property
    def days_late(self) -> int:
        return -self.days_left

    @property
    def editable_rows(self) -> int:
        return sum(1 for area in self.areas for row in area.rows if row.editable)

    @property
    def editable_texts(self) -> int:
        """Narratives and self-scores the user may change here (saved with the values)."""
        narratives = sum(1 for a in self.areas if a.narrative and a.narrative.editable)
        return narratives + sum(1 for a in self.areas for r in a.rubric if r.editable)

    @property
    def refused_fields(self) -> list[RefusedField]:
        """The fields with a message, in the page's order: the save's message links to each."""
        found = []
        for area in self.areas:
            found += [
                RefusedField(f"v-{r.element.code}", r.element.name, r.error) for r in area.rows if r.error
            ]
            box = area.narrative
            if box and box.error:
                label = _("%(area)s：自评说明") % {"area": area.name}
                found.append(RefusedField(f"n-{box.anchor}", label, box.error))
            found += [RefusedField(f"s-{r.anchor}", r.item.name, r.error) for r in area.rubric if r.error]
        return found

    @property
    def locked(self) -> bool:
        """Submitted, with nothing returned: nobody edits until the office returns items."""
        return self.editing.open_keys is not None and not self.editing.open_keys


def _problems_url(user: Any, round: Round, unit: Unit) -> str:
    """The unit's problem list, once one is there for the user to see (issued, or the office's draft)."""
    found = ProblemList.objects.filter(round=round, unit=unit).first()
    if found is None or not can(user, Do.SEE_PROBLEMS, round=round, unit=unit):
        return ""
    if not found.issued and not can(user, Do.EDIT_PROBLEMS, round=round, unit=unit):
        return ""
    return reverse("problem_list", args=[round.pk, unit.code])


def build_page(
    user: Any,
    round: Round,
    unit: Unit,
    *,
    posted: Mapping[str, Posted] | None = None,
    texts: Mapping[str, PostedText] | None = None,
    errors: Mapping[str, str] | None = None,
    conflicts: Mapping[str, Conflict] | None = None,
) -> EntryPage:
    """The page for ``unit``; after a refused save, with what was typed (values, and ``texts``:
    narratives and self-scores by form key), each field's message and the stale fields' conflicts."""
    try:
        entry = entry_of(round, unit)
    except EntryRefused as refused:
        raise Http404(one_line(refused.errors)) from refused
    scheme = scheme_of(round.scheme)
    editing = editing_of(user, round, unit, entry)
    errors = dict(errors or {})
    texts, conflicts = texts or {}, conflicts or {}
    areas = value_areas(round, unit, scheme, editing, posted=posted or {}, errors=errors, conflicts=conflicts)
    is_school = entry.unit.code != unit.code
    page = EntryPage(round, unit, entry, editing, areas, is_school)
    if not is_school:
        groups = {g.code: g for g in form_groups(scheme)}
        by_code = {a.code: a for a in areas}
        narratives = dict(Narrative.objects.filter(round=round, unit=unit).values_list("area", "text"))
        for group in groups.values():  # areas with no values of this level still get their texts
            if group.code not in by_code and group.code != RULES_GROUP:
                areas.append(Area(group.code, group.name, []))
        for area in areas:
            group = groups[area.code]
            if area.code == RULES_GROUP:
                continue
            key = f"narrative:{area.code}"
            area.narrative = narrative_box(
                area.code, narratives.get(area.code, ""), editing, errors, texts.get(key), conflicts.get(key)
            )
            area.rubric = rubric_rows(round, unit, group, editing, errors, texts, conflicts)
            area.evidence = evidence_slots(round, unit, group, editing, errors)
        order = [g.code for g in groups.values()]
        areas.sort(key=lambda a: order.index(a.code))
        page.missing = missing_values(round, entry)
        page.schools = school_rows(round, unit, page.missing)
        page.may_submit = can(user, Do.SUBMIT_UNIT, round=round, unit=unit)
        page.may_return = can(user, Do.RETURN_UNIT, round=round, unit=unit)
        if page.may_return:
            page.return_choices = return_choices(scheme)
        page.documents = unit_documents(user, round, unit)
        page.feedback_later = feedback_once_closed(user, round, unit)
        if not page.is_school and can(user, Do.EDIT_UNIT, round=round, unit=unit):
            page.upload_url = reverse("unit_upload", args=[round.pk, unit.code])
        if not page.is_school:
            page.report_url = reverse("unit_report", args=[round.pk, unit.code])
            page.problems_url = _problems_url(user, round, unit)
            page.prior = prior_gap(round, unit)
    labels = {key: label for _area, keys in return_choices(scheme) for key, label in keys}
    page.returned = [
        ReturnedItem(
            r.field,
            labels.get(r.field, r.field),
            r.reason,
            (r.returned_by.first_name or r.returned_by.get_username()) if r.returned_by else "",
            r.returned_at,
        )
        for r in entry.returned_fields.filter(resolved_at__isnull=True).select_related("returned_by")
    ]
    shown = {row.element.code for area in areas for row in area.rows}
    shown |= {f"narrative:{a.code}" for a in areas if a.narrative}
    shown |= {f"self:{r.item.code}" for a in areas for r in a.rubric}
    shown |= {s.key for a in areas for s in a.evidence}
    page.errors = [message for key, message in errors.items() if key not in shown]
    return page


def school_rows(round: Round, district: Unit, missing: list[Missing]) -> list[SchoolRow]:
    """The district's schools with how many values each has entered and still owes."""
    schools = Unit.objects.filter(path__startswith=district.path, level="school").order_by("code")
    filled = dict(
        DataValue.objects.filter(
            round=round,
            period=round.period,
            unit__path__startswith=district.path,
            unit__level="school",
            value__isnull=False,
        )
        .values("unit")
        .annotate(n=Count("id"))
        .values_list("unit", "n")
    )
    owed = Counter(m.unit for m in missing)
    return [
        SchoolRow(s, str(SCHOOL_TYPES.get(s.school_type, s.school_type)), filled.get(s.code, 0), owed[s.code])
        for s in schools
    ]


def return_choices(scheme: Scheme) -> list[tuple[str, list[tuple[str, str]]]]:
    """What the office may send back, by area: values, the narrative, self-scores, evidence; and the
    unit's uploaded narrative report."""
    choices = []
    for group in form_groups(scheme):
        keys = [
            (
                f.element.code,
                f.element.name + (_("（学校填报）") if f.element.level is Level.SCHOOL else ""),
            )
            for f in group.fields
        ]
        if group.code != RULES_GROUP:
            keys.append((f"narrative:{group.code}", _("自评说明")))
            keys += [
                (f"self:{i.code}", _("自评等级：%(item)s") % {"item": i.name}) for i in group.rubric_items
            ]
            keys += [(f"evidence:{i.code}", _("佐证材料：%(item)s") % {"item": i.name}) for i in group.items]
        choices.append((f"{group.code} {group.name}" if group.code != RULES_GROUP else group.name, keys))
    choices.append((_("自评报告"), [(REPORT_KEY, _("自评报告（上传的报告文件）"))]))
    return choices

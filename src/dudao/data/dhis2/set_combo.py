"""The attribute option combo (属性选项组合) a ``dataValueSets`` payload gives at set level, for
every value that does not give its own.

DHIS2 takes it in three forms: an id (``"attributeOptionCombo": "HllvX50cXC0"``), an object
of category and option (``"attributeOptionCombo": {"FUNDING": "MOE"}``, current DHIS2), or
the combo's category options (``"attributeCategoryOptions": ["MOE"]``, older DHIS2). An id
is checked value by value, like a value's own; the other two are resolved once, through the
mapping's ``attribute_option_combo`` and its categories (codes). When they do not name the
mapping's combo, or have the wrong shape, the values that rely on them are skipped, with one
problem at the member's line and column that counts them.

>>> from dudao.data.dhis2.mapping import Combo, Dhis2Mapping
>>> mapping = Dhis2Mapping((), (), attribute_combo=Combo(code="CQ_CENSUS", categories=(("FUNDING", "MOE"),)))
>>> where = {"attributeOptionCombo": Location("v.json", 4, 27, "attributeOptionCombo")}
>>> set_combo({"attributeOptionCombo": {"FUNDING": "MOE"}}, where, mapping).categories
{'FUNDING': 'MOE'}
>>> refused = set_combo({"attributeOptionCombo": {"FUNDING": "CSF"}}, where, mapping).refused
>>> problem = refused.problem(2)
>>> print(problem.location, problem.code)
v.json:4:27 (attributeOptionCombo) dhis2-attribute-combo
>>> set_combo({"attributeCategoryOptions": ["MOE"]}, {}, mapping).categories
{'FUNDING': 'MOE'}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dudao.data.dhis2.mapping import Dhis2Mapping
from dudao.data.dhis2.translate import disagreement
from dudao.errors import Location, Problem


@dataclass(frozen=True)
class Refusal:
    """Why the set's combo is refused: the catalogue's ``code`` at ``where``, in its ``variant``
    filled from ``fields``; a problem once the values that relied on it are counted."""

    code: str
    where: Location
    variant: str
    fields: dict[str, Any] = field(default_factory=dict)

    def problem(self, count: int) -> Problem:
        """The problem, saying that ``count`` values were not read."""
        return Problem.of(self.code, self.where, variant=self.variant, count=count, **self.fields)


@dataclass(frozen=True)
class SetCombo:
    """What a value without its own attribute option combo takes: an ``id`` ("" for the
    default), or ``categories`` resolved through the mapping; or nothing, ``refused`` saying why.
    ``warning``: the set gives both forms and they disagree (the id is read, as DHIS2 does)."""

    id: str = ""
    categories: Mapping[str, str] | None = None
    refused: Refusal | None = None
    warning: Problem | None = None


def set_combo(header: Mapping[str, object], where: Mapping[str, Location], mapping: Dhis2Mapping) -> SetCombo:
    """The set-level attribute option combo of a payload's ``header`` (its members; ``where``:
    each member's location)."""
    combo, options = header.get("attributeOptionCombo"), header.get("attributeCategoryOptions")
    here = where.get("attributeOptionCombo", Location())
    if combo is None or (isinstance(combo, str | int) and not isinstance(combo, bool)):
        found = (
            SetCombo(id=str(combo).strip()) if combo is not None else _from_options(options, where, mapping)
        )
        if combo is not None and options is not None:
            return SetCombo(found.id, warning=_disagreement(found.id, options, where, mapping))
        return found
    if not isinstance(combo, dict) or not all(isinstance(v, str) for v in combo.values()):
        return SetCombo(refused=Refusal("json-shape", here, "attribute-option-combo"))
    categories = {str(key).strip(): str(value).strip() for key, value in combo.items()}
    if not categories or mapping.is_attribute_combo("", categories):
        return SetCombo(categories=categories or None)
    named = ",".join(f"{key}={value}" for key, value in sorted(categories.items()))
    return SetCombo(refused=_not_the_mappings(f"attributeOptionCombo {named}", here, mapping))


def _from_options(options: object, where: Mapping[str, Location], mapping: Dhis2Mapping) -> SetCombo:
    """The older form: the category options of the combo, without their categories."""
    if options is None:
        return SetCombo()
    here = where.get("attributeCategoryOptions", Location())
    if not isinstance(options, list) or not all(isinstance(option, str) for option in options):
        return SetCombo(refused=Refusal("json-shape", here, "attribute-category-options"))
    if not mapping.is_attribute_options([option.strip() for option in options]):
        return SetCombo(refused=_not_the_mappings(f"attributeCategoryOptions {options}", here, mapping))
    wanted = mapping.attribute_combo
    return SetCombo(categories=dict(wanted.categories) if wanted is not None else None)


def _disagreement(
    combo: str, options: object, where: Mapping[str, Location], mapping: Dhis2Mapping
) -> Problem | None:
    if (_from_options(options, where, mapping).refused is None) == mapping.is_attribute_combo(combo):
        return None
    here = where.get("attributeCategoryOptions", Location())
    return disagreement("attributeOptionCombo", combo, f"attributeCategoryOptions {options}", here)


def _not_the_mappings(what: str, where: Location, mapping: Dhis2Mapping) -> Refusal:
    wanted = mapping.attribute_combo_name()
    return Refusal("dhis2-attribute-combo", where, "set", {"what": what, "wanted": wanted})

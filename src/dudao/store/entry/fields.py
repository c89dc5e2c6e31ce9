"""The data-entry form of a scheme: its elements grouped by the area (一级指标) that uses them.

The grouping itself is :func:`dudao.scheme.groups.element_groups`; the form adds to each
element the standards of the items that read it, and to each area its self-scored items.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext_noop

from dudao.engine.explain import standard_text
from dudao.scheme.groups import RULES_GROUP, RULES_GROUP_NAME, element_groups, element_readers
from dudao.scheme.model import Element, Item, Rubric, Scheme

__all__ = ["RULES_GROUP", "Field", "Group", "form_groups"]


@dataclass(frozen=True)
class Field:
    element: Element
    standards: tuple[str, ...]  # the standards of the items that read it: "≥ 85 %"
    items: tuple[str, ...]  # the codes of the items that read it


@dataclass(frozen=True)
class Group:
    code: str  # an area code, or RULES_GROUP
    name: str
    fields: tuple[Field, ...]
    rubric_items: tuple[Item, ...]  # the area's items scored by level (self-scored here)
    items: tuple[Item, ...]  # the area's leaf items (for evidence)


@lru_cache(maxsize=32)
def form_groups(scheme: Scheme) -> tuple[Group, ...]:
    """The form's groups in scheme order; each element appears in exactly one group."""
    readers = element_readers(scheme)
    # Marked here so that makemessages finds the rules group's name; the pages translate it.
    rules_name = gettext_noop("否决、降等情形及其他")
    assert rules_name == RULES_GROUP_NAME

    def field(element: Element) -> Field:
        everyone = readers.get(element.code, ())
        standards = tuple(dict.fromkeys(f"{i.code} {standard_text(i, scheme)}" for i in everyone))
        return Field(element, standards, tuple(i.code for i in everyone))

    return tuple(
        Group(
            group.code,
            rules_name if group.code == RULES_GROUP else group.name,
            tuple(field(e) for e in group.elements),
            tuple(i for i in group.items if isinstance(i.rule, Rubric)),
            group.items,
        )
        for group in element_groups(scheme)
    )

"""The data-entry form of a scheme: its elements grouped by the area (一级指标) that uses them.

An element belongs to the first area whose items' formulas read it, directly or through
indicators; elements read only by round rules (vetoes, downgrades) form their own group.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext_noop

from dudao.engine.explain import standard_text
from dudao.expr import ir
from dudao.scheme.formulas import typed_formulas
from dudao.scheme.model import Element, Item, Rubric, Scheme

RULES_GROUP = "rules"


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
    formulas, _ = typed_formulas(scheme)
    indicator_inputs: dict[str, set[str]] = {}
    for code, node in formulas.indicators.items():  # dependency order: referenced ones first
        found: set[str] = set()
        for n in ir.walk(node):
            if isinstance(n, ir.Input):
                found.add(n.element)
            elif isinstance(n, ir.IndicatorRef):
                found |= indicator_inputs.get(n.code, set())
        indicator_inputs[code] = found

    def inputs(node: ir.Node) -> set[str]:
        found: set[str] = set()
        for n in ir.walk(node):
            if isinstance(n, ir.Input):
                found.add(n.element)
            elif isinstance(n, ir.IndicatorRef):
                found |= indicator_inputs.get(n.code, set())
        return found

    readers: dict[str, list[Item]] = {}
    for item in scheme.leaves:
        for node in formulas.leaves.get(item.code, {}).values():
            for code in inputs(node):
                readers.setdefault(code, []).append(item)
    placed: set[str] = set()
    groups: list[Group] = []
    for area in scheme.items:
        leaves = tuple(i for i in area.walk() if i.is_leaf)
        codes = {i.code for i in leaves}
        fields = []
        for element in scheme.elements:
            reading = [i for i in readers.get(element.code, []) if i.code in codes]
            if element.code in placed or not reading:
                continue
            placed.add(element.code)
            everyone = readers[element.code]
            fields.append(
                Field(
                    element,
                    tuple(dict.fromkeys(f"{i.code} {standard_text(i, scheme)}" for i in everyone)),
                    tuple(i.code for i in everyone),
                )
            )
        rubric = tuple(i for i in leaves if isinstance(i.rule, Rubric))
        groups.append(Group(area.code, area.name, tuple(fields), rubric, leaves))
    rest = tuple(Field(e, (), ()) for e in scheme.elements if e.code not in placed)
    if rest:
        groups.append(Group(RULES_GROUP, gettext_noop("否决、降等情形及其他"), rest, (), ()))
    return tuple(groups)


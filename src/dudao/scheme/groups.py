"""The elements 数据项 of a scheme grouped by the area 一级指标 that uses them.

An element belongs to the first area whose items' formulas read it, directly or through
indicators; elements read only by round rules (vetoes, downgrades) or by nothing form one last
group, :data:`RULES_GROUP`. Every element is in exactly one group, in scheme order. The entry
form, the Excel templates and completeness per area all share this grouping.

>>> from dudao.samples import bundled_scheme_path
>>> from dudao.scheme import load_scheme
>>> scheme, _ = load_scheme(bundled_scheme_path())
>>> groups = element_groups(scheme)
>>> groups[0].code, groups[0].name, groups[0].elements[0].code
('A1', '加强党对教育工作的全面领导', 'has_party_org')
>>> groups[-1].code, groups[-1].name
('rules', '否决、降等情形及其他')
>>> sum(len(g.elements) for g in groups) == len(scheme.elements)
True
>>> [item.code for item in element_readers(scheme)["pop_3_5"]]
['A6.1.1']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from dudao.expr import ir
from dudao.scheme.formulas import typed_formulas
from dudao.scheme.model import Element, Item, Scheme

RULES_GROUP = "rules"
# The entry form's field groups (in the store, above this layer) mark this same text for
# translation with Django's gettext; keep the two equal.
RULES_GROUP_NAME = "否决、降等情形及其他"


@dataclass(frozen=True)
class ElementGroup:
    """One area's elements (or, for :data:`RULES_GROUP`, the elements no item reads)."""

    code: str  # an area code, or RULES_GROUP
    name: str
    elements: tuple[Element, ...]
    items: tuple[Item, ...]  # the area's leaf items; () for RULES_GROUP


@lru_cache(maxsize=32)
def element_readers(scheme: Scheme) -> Mapping[str, tuple[Item, ...]]:
    """Element code → the leaf items whose formulas read it (directly or through indicators),
    in scheme order, each once. Elements no item reads are absent."""
    formulas, _ = typed_formulas(scheme)
    indicator_inputs: dict[str, set[str]] = {}

    def inputs(node: ir.Node) -> set[str]:
        found: set[str] = set()
        for n in ir.walk(node):
            if isinstance(n, ir.Input):
                found.add(n.element)
            elif isinstance(n, ir.IndicatorRef):
                found |= indicator_inputs.get(n.code, set())
        return found

    for code, node in formulas.indicators.items():  # dependency order: referenced ones first
        indicator_inputs[code] = inputs(node)
    readers: dict[str, dict[str, Item]] = {}
    for item in scheme.leaves:
        for node in formulas.leaves.get(item.code, {}).values():
            for code in inputs(node):
                readers.setdefault(code, {})[item.code] = item
    return MappingProxyType({code: tuple(items.values()) for code, items in readers.items()})


@lru_cache(maxsize=32)
def element_groups(scheme: Scheme) -> tuple[ElementGroup, ...]:
    """The groups in scheme order: one per area (even when empty), then :data:`RULES_GROUP` if
    any element is left over."""
    readers = element_readers(scheme)
    placed: set[str] = set()
    groups: list[ElementGroup] = []
    for area in scheme.items:
        leaves = tuple(i for i in area.walk() if i.is_leaf)
        codes = {i.code for i in leaves}
        elements = []
        for element in scheme.elements:
            if element.code in placed or not any(i.code in codes for i in readers.get(element.code, ())):
                continue
            placed.add(element.code)
            elements.append(element)
        groups.append(ElementGroup(area.code, area.name, tuple(elements), leaves))
    rest = tuple(e for e in scheme.elements if e.code not in placed)
    if rest:
        groups.append(ElementGroup(RULES_GROUP, RULES_GROUP_NAME, rest, ()))
    return tuple(groups)

"""Read a DHIS2 mapping file (YAML) and check it against a scheme; problems at ``file:line:col``.

>>> text = '''
... periods: {type: FinancialSep}
... data_elements:
...   - {element: pupils_primary, data_element: {uid: fbfJHSPpUQD, code: EDU_PUPILS_PRIMARY}}
...   - {element: pupils_junior, data_element: {code: EDU_PUPILS_JUNIOR}, colour: red}
... org_units:
...   - {unit: "500105", uid: Jb5xQk1sHdE, code: "500105"}
... '''
>>> mapping, problems = read_mapping(text, "m.yaml")
>>> for problem in problems:
...     print(problem.location, problem.code, problem.message_en)
m.yaml:5:71 unknown-key unknown key 'colour' (known: element, data_element, category_option_combo, value_type)
>>> mapping is None
True
>>> mapping, _ = read_mapping(text.replace(", colour: red", ""), "m.yaml")
>>> mapping.periods.type, mapping.unit_for("500105"), mapping.element_for("fbfJHSPpUQD", "").element
('FinancialSep', '500105', 'pupils_primary')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from dudao.data.dhis2.mapping import (
    DEFAULT_COMBO,
    VALUE_TYPES,
    Combo,
    Dhis2Mapping,
    ElementMap,
    OrgUnitMap,
    Ref,
    is_uid,
)
from dudao.data.dhis2.periods import PERIOD_TYPES, YEAR_SIDES, PeriodRule
from dudao.errors import Location, Problem, has_errors
from dudao.expr.ir import Type
from dudao.scheme.model import Scheme
from dudao.scheme.yaml_source import YNode, read_yaml

_SECTIONS = ("dhis2", "periods", "data_elements", "ignore_data_elements", "org_units")
_DHIS2_KEYS = ("data_set", "id_scheme", "default_combo", "attribute_option_combo")
_ELEMENT_KEYS = ("element", "data_element", "category_option_combo", "value_type")
_XML_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_RESERVED = (
    "orgUnit",
    "period",
    "dataSet",
    "dataElement",
    "value",
    "categoryOptionCombo",
    "attributeOptionCombo",
)
_MISSING_ID = {"what_zh": "DHIS2 标识（uid 或 code）", "what_en": "the DHIS2 identifier (uid or code)"}


def load_mapping(path: str | Path) -> tuple[Dhis2Mapping | None, list[Problem]]:
    """Read a mapping file. The mapping is None when the file has errors."""
    file = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as error:
        return None, [Problem.of("file-unreadable", Location(file), file=file, reason=error.strerror)]
    except UnicodeDecodeError as error:
        where = Location(file, field=f"byte {error.start}")
        return None, [Problem.of("file-encoding", where)]
    return read_mapping(text, file)


def read_mapping(text: str, file: str = "<mapping>") -> tuple[Dhis2Mapping | None, list[Problem]]:
    """Read a mapping from YAML ``text``; see :func:`load_mapping`."""
    root, problems = read_yaml(text, file)
    if root is None:
        return None, problems
    builder = _Builder(file)
    mapping = builder.mapping(root)
    problems.extend(builder.problems)
    return (None if has_errors(problems) else mapping), problems


def check_mapping(mapping: Dhis2Mapping, scheme: Scheme, units: Iterable[str] | None = None) -> list[Problem]:
    """A mapping's problems against a scheme and, when given, the units of a round: an element the
    scheme does not have, a yes/no element mapped from a number (or the reverse), an unknown unit."""
    types = {element.code: element.type for element in scheme.elements}
    problems: list[Problem] = []
    for entry in mapping.elements:
        kind = types.get(entry.element)
        if kind is None:
            problems.append(
                Problem.of(
                    "unknown-element",
                    entry.location,
                    variant="scheme",
                    element=entry.element,
                    scheme=scheme.info.code,
                )
            )
        elif (kind is Type.BOOL) != entry.is_boolean:
            want, words = ("BOOLEAN", "是/否") if kind is Type.BOOL else ("NUMBER", "数值")
            problems.append(
                Problem.of(
                    "dhis2-value-type",
                    entry.location,
                    element=entry.element,
                    words=words,
                    kind=kind.value,
                    want=want,
                )
            )
    if units is not None:
        known = set(units)
        for unit in mapping.org_units:
            if unit.unit not in known:
                problems.append(
                    Problem.of(
                        "unknown-unit",
                        unit.location,
                        unit=unit.unit,
                        among_zh="本轮次的单位",
                        among_en="the units of this round",
                    )
                )
    return problems


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.default: Ref = DEFAULT_COMBO  # the instance's default combo, once the dhis2 section is read

    def add(self, where: Location, code: str, /, variant: str = "", **fields: Any) -> None:
        self.problems.append(Problem.of(code, where, variant=variant, **fields))

    def mapping(self, root: YNode) -> Dhis2Mapping:
        top = self.keys(root, _SECTIONS, "映射文件", "the mapping file")
        for section in ("data_elements", "org_units"):
            if section not in top and isinstance(root.value, dict):
                self.add(
                    root.location, "missing-field", what_zh=f"“{section}”部分", what_en=f"section {section!r}"
                )
        settings = self.keys(top.get("dhis2"), _DHIS2_KEYS, "dhis2 部分", "the dhis2 section")
        periods = self.keys(top.get("periods"), ("type", "year"), "periods 部分", "the periods section")
        self.default = self.ref(settings.get("default_combo"), required=False) or DEFAULT_COMBO
        return Dhis2Mapping(
            elements=self.elements(top.get("data_elements")),
            org_units=self.org_units(top.get("org_units")),
            periods=PeriodRule(
                self.choice(periods.get("type"), PERIOD_TYPES, "Yearly"),
                self.choice(periods.get("year"), YEAR_SIDES, "start"),
            ),
            data_set=self.ref(settings.get("data_set"), required=False) or Ref(),
            id_scheme=self.choice(settings.get("id_scheme"), ("uid", "code"), "uid"),
            default_combo=self.default,
            attribute_combo=self.combo(settings.get("attribute_option_combo")),
            ignored=frozenset(self.text(node) for node in self.items(top.get("ignore_data_elements"))),
            source=self.file,
        )

    def elements(self, node: YNode | None) -> tuple[ElementMap, ...]:
        entries: list[ElementMap] = []
        seen: dict[object, Location] = {}
        for item in self.items(node):
            keys = self.keys(item, _ELEMENT_KEYS, "数据项映射", "an element entry")
            element = self.required_text(item, keys, "element")
            data_element = self.ref(keys.get("data_element"), parent=item)
            combo = self.combo(keys.get("category_option_combo"))
            value_type = self.choice(keys.get("value_type"), VALUE_TYPES, "NUMBER")
            if not element or data_element is None:
                continue
            self.unique(seen, [element], item.location, f"数据项“{element}”", f"element {element!r}")
            name = f"DHIS2 {data_element.code or data_element.uid} / {_combo_name(combo)}"
            self.unique(seen, _keys(data_element, combo), item.location, name, name)
            entries.append(ElementMap(element, data_element, combo, value_type, item.location))
        return tuple(entries)

    def org_units(self, node: YNode | None) -> tuple[OrgUnitMap, ...]:
        entries: list[OrgUnitMap] = []
        seen: dict[object, Location] = {}
        for item in self.items(node):
            keys = self.keys(item, ("unit", "uid", "code"), "单位映射", "an org unit entry")
            unit, ref = self.required_text(item, keys, "unit"), self.ref(item)
            if not unit or ref is None:
                continue
            self.unique(seen, [unit], item.location, f"单位“{unit}”", f"unit {unit!r}")
            name = ref.code or ref.uid
            self.unique(seen, ref.ids(), item.location, f"DHIS2 组织机构 {name}", f"DHIS2 org unit {name}")
            entries.append(OrgUnitMap(unit, ref.uid, ref.code, item.location))
        return tuple(entries)

    def combo(self, node: YNode | None) -> Combo | None:
        """``default`` (None), or ``{uid, code, categories: {CATEGORY: OPTION}}``; a combo named by the
        default combo's UID or code is the default too (else two entries could share one cell)."""
        if node is None or node.value in (None, "default"):
            return None
        keys = self.keys(node, ("uid", "code", "categories"), "类别选项组合", "a category option combo")
        node_of_categories = keys.get("categories")
        categories = self.keys(node_of_categories, None, "categories", "categories")
        for name in categories:
            assert node_of_categories is not None
            if not _XML_NAME.fullmatch(name) or name in _RESERVED:
                self.add(node_of_categories.key_locations[name], "dhis2-category-code", name=name)
        pairs = tuple(sorted((name, self.text(value)) for name, value in categories.items()))
        ref = self.ref(node, required=not pairs) if keys else None
        if ref is not None and self.is_default(ref):
            if pairs:
                self.add(node.location, "dhis2-default-combo")
            return None
        if ref is None and not pairs:
            return None
        return Combo(ref.uid if ref else "", ref.code if ref else "", pairs, node.location)

    def is_default(self, ref: Ref) -> bool:
        default = self.default
        return bool(ref.uid and ref.uid == default.uid) or bool(
            ref.code and ref.code in (default.code, "default")
        )

    def ref(self, node: YNode | None, parent: YNode | None = None, required: bool = True) -> Ref | None:
        """``{uid, code}`` with at least one of them; a UID must look like one."""
        if node is None:
            if parent is not None:
                self.add(parent.location, "missing-field", **_MISSING_ID)
            return None
        if not isinstance(node.value, dict):
            self.add(
                node.location,
                "yaml-type",
                what_zh="DHIS2 标识",
                what_en="a DHIS2 identifier",
                expected_zh="{uid: …, code: …}",
                expected_en="{uid: …, code: …}",
            )
            return None
        uid, code = self.text(node.value.get("uid")), self.text(node.value.get("code"))
        if uid and not is_uid(uid):
            self.add(node.value["uid"].location, "dhis2-bad-uid", uid=uid)
        if not uid and not code:
            if required:
                self.add(node.location, "missing-field", **_MISSING_ID)
            return None
        return Ref(uid, code)

    # -- helpers -------------------------------------------------------------------------
    def keys(self, node: YNode | None, known: tuple[str, ...] | None, zh: str, en: str) -> dict[str, YNode]:
        """The keys of a mapping node; an unknown key (when ``known`` is given) is a problem."""
        if node is None or node.value is None:
            return {}
        if not isinstance(node.value, dict):
            self.add(
                node.location,
                "yaml-type",
                what_zh=zh,
                what_en=en,
                expected_zh="键值映射",
                expected_en="a mapping",
            )
            return {}
        for key in node.value:
            if known is not None and key not in known:
                zh_known, en_known = "、".join(known), ", ".join(known)
                self.add(
                    node.key_locations[key],
                    "unknown-key",
                    variant="known",
                    key=key,
                    known_zh=zh_known,
                    known_en=en_known,
                )
        return {key: value for key, value in node.value.items() if known is None or key in known}

    def items(self, node: YNode | None) -> list[YNode]:
        if node is None or node.value is None:
            return []
        if not isinstance(node.value, list):
            self.add(
                node.location,
                "yaml-type",
                what_zh="值",
                what_en="the value",
                expected_zh="列表",
                expected_en="a list",
            )
            return []
        return node.value

    def text(self, node: YNode | None) -> str:
        if node is None or node.value is None:
            return ""
        if isinstance(node.value, (dict, list)):
            self.add(
                node.location,
                "yaml-type",
                what_zh="值",
                what_en="the value",
                expected_zh="文本",
                expected_en="text",
            )
            return ""
        return str(node.value).strip()

    def required_text(self, item: YNode, keys: dict[str, YNode], key: str) -> str:
        value = self.text(keys.get(key))
        if not value and isinstance(item.value, dict):
            self.add(item.location, "missing-field", what_zh=f"字段“{key}”", what_en=f"field {key!r}")
        return value

    def choice(self, node: YNode | None, options: tuple[str, ...], default: str) -> str:
        value = self.text(node)
        if node is None or not value:
            return default
        if value not in options:
            self.add(
                node.location,
                "bad-choice",
                what_zh="",
                what_en="value",
                value=value,
                choices_zh="、".join(options),
                choices_en=", ".join(options),
            )
            return default
        return value

    def unique(
        self, seen: dict[object, Location], keys: Iterable[object], where: Location, zh: str, en: str
    ) -> None:
        """Report the entry at ``where`` once if any of its ``keys`` was seen before."""
        firsts = [seen.setdefault(key, where) for key in keys]
        first = next((found for found in firsts if found is not where), None)
        if first is not None:
            self.add(where, "dhis2-duplicate", what_zh=zh, what_en=en, line=first.line)


def _keys(data_element: Ref, combo: Combo | None) -> list[tuple[str, ...]]:
    """What makes an element entry unique: each id of its data element with each id of its combo."""
    combos: list[tuple[str, ...]] = [("default",)] if combo is None else list(combo.ids())
    if combo is not None and combo.categories:
        combos.append(("categories", *(f"{k}={v}" for k, v in combo.categories)))
    return [(scheme, value, *key) for scheme, value in data_element.ids() for key in combos]


def _combo_name(combo: Combo | None) -> str:
    return "default" if combo is None else combo.name()

"""The DHIS2 mapping (DHIS2 映射): which DHIS2 data element, category option combo and org unit
is which element and unit of ours.

A DHIS2 object is named by its UID (11 characters, e.g. ``fbfJHSPpUQD``) or by its code; a
payload uses one or the other (its *id scheme*), so the mapping keeps both where it can and a
reader tries the UID first. A DHIS2 data element that is disaggregated (by sex, by public or
private …) carries one value per category option combo (COC); each COC can map to an element of
ours. ``default`` is the combo of a data element that is not disaggregated. ADX names a COC by
its categories instead (``OWNERSHIP="PUBLIC"``), so a COC entry may list them too.

>>> from dudao.data.dhis2.periods import PeriodRule
>>> mapping = Dhis2Mapping(
...     elements=(
...         ElementMap("kg_enrolled", Ref("VDmtXmHQLsF", "KG_ENROLLED")),
...         ElementMap("kg_enrolled_public", Ref("Zq0DeFAxo2Q", "KG_BY_OWNER"),
...                    Combo("Pub9zKbN3hT", "PUBLIC", (("OWNERSHIP", "PUBLIC"),))),
...     ),
...     org_units=(OrgUnitMap("500105", "Jb5xQk1sHdE", "500105"),),
...     periods=PeriodRule("Yearly"),
... )
>>> mapping.element_for("KG_BY_OWNER", "Pub9zKbN3hT").element
'kg_enrolled_public'
>>> mapping.element_for("VDmtXmHQLsF", "HllvX50cXC0").element    # the default combo
'kg_enrolled'
>>> mapping.element_for_categories("KG_BY_OWNER", {"OWNERSHIP": "PUBLIC"}).element
'kg_enrolled_public'
>>> mapping.unit_for("Jb5xQk1sHdE"), dhis2_uid("unit:500105")
('500105', 'e08ZVpkAYYT')
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from dudao.data.dhis2.periods import PeriodRule
from dudao.errors import Location

IdScheme = str  # "uid" or "code"; None where a reader tries both
NUMERIC_TYPES = (
    "NUMBER",
    "INTEGER",
    "INTEGER_POSITIVE",
    "INTEGER_NEGATIVE",
    "INTEGER_ZERO_OR_POSITIVE",
    "PERCENTAGE",
    "UNIT_INTERVAL",
)
BOOLEAN_TYPES = ("BOOLEAN", "TRUE_ONLY")
VALUE_TYPES = (*NUMERIC_TYPES, *BOOLEAN_TYPES)
_UID = re.compile(r"[A-Za-z][A-Za-z0-9]{10}")
_ALPHABET = string.ascii_letters + string.digits


@dataclass(frozen=True)
class Ref:
    """A DHIS2 object named by its UID, its code, or both."""

    uid: str = ""
    code: str = ""

    def id(self, scheme: IdScheme) -> str:
        return self.uid if scheme == "uid" else self.code

    def ids(self) -> tuple[tuple[IdScheme, str], ...]:
        return tuple((scheme, value) for scheme, value in (("uid", self.uid), ("code", self.code)) if value)


@dataclass(frozen=True)
class Combo(Ref):
    """A category option combo; ``categories``: its category codes and option codes (ADX)."""

    categories: tuple[tuple[str, str], ...] = ()
    location: Location = field(default_factory=Location, compare=False)

    def name(self) -> str:
        """How messages name it: its code, else its UID, else its categories."""
        return self.code or self.uid or ",".join(f"{name}={option}" for name, option in self.categories)


@dataclass(frozen=True)
class ElementMap:
    """One element of ours ← one DHIS2 data element and combo (None: the default combo)."""

    element: str
    data_element: Ref
    combo: Combo | None = None
    value_type: str = "NUMBER"
    location: Location = field(default_factory=Location, compare=False)

    @property
    def is_boolean(self) -> bool:
        return self.value_type in BOOLEAN_TYPES


@dataclass(frozen=True)
class OrgUnitMap:
    """One unit of ours ← one DHIS2 organisation unit."""

    unit: str
    uid: str = ""
    code: str = ""
    location: Location = field(default_factory=Location, compare=False)


DEFAULT_COMBO = Ref("HllvX50cXC0", "default")


@dataclass(frozen=True)
class Dhis2Mapping:
    """Everything :func:`~dudao.data.dhis2.mapping_file.load_mapping` reads from a mapping file."""

    elements: tuple[ElementMap, ...]
    org_units: tuple[OrgUnitMap, ...]
    periods: PeriodRule = field(default_factory=PeriodRule)
    data_set: Ref = field(default_factory=Ref)
    id_scheme: IdScheme = "uid"  # what write_value_sets writes
    default_combo: Ref = DEFAULT_COMBO  # the DHIS2 instance's default category option combo
    attribute_combo: Combo | None = None  # None: the default attribute option combo
    ignored: frozenset[str] = frozenset()  # DHIS2 data elements (UIDs or codes) skipped on import
    source: str = ""

    # -- import: DHIS2 ids → ours --------------------------------------------------------
    def is_default_combo(self, combo: str) -> bool:
        return combo in ("", "default", self.default_combo.uid, self.default_combo.code)

    def element_for(self, data_element: str, combo: str, scheme: IdScheme | None = None) -> ElementMap | None:
        """The entry of a DHIS2 data element and category option combo (ids in ``scheme``)."""
        key = (data_element, "" if self.is_default_combo(combo) else combo)
        for name in _schemes(scheme):
            found = self._by_combo[name].get(key)
            if found is not None:
                return found
        return None

    def element_for_categories(
        self, data_element: str, categories: Mapping[str, str], scheme: IdScheme | None = None
    ) -> ElementMap | None:
        """The entry of a DHIS2 data element disaggregated ADX-style, by category codes."""
        key = (data_element, frozenset(categories.items()))
        for name in _schemes(scheme):
            found = self._by_categories[name].get(key)
            if found is not None:
                return found
        return None

    def knows_data_element(self, data_element: str, scheme: IdScheme | None = None) -> bool:
        return any(data_element in self._data_elements[name] for name in _schemes(scheme))

    def unit_for(self, org_unit: str, scheme: IdScheme | None = None) -> str | None:
        for name in _schemes(scheme):
            found = self._units[name].get(org_unit)
            if found is not None:
                return found
        return None

    def is_attribute_combo(self, combo: str, categories: Mapping[str, str] | None = None) -> bool:
        """Whether a value's attribute option combo (id, or categories: ADX's attributes or a
        dataValueSet's ``{category: option}``) is the mapping's."""
        wanted = self.attribute_combo
        if categories:
            return wanted is not None and frozenset(categories.items()) == frozenset(wanted.categories)
        if wanted is None:
            return self.is_default_combo(combo)
        return combo != "" and combo in (wanted.uid, wanted.code)

    def is_attribute_options(self, options: Collection[str]) -> bool:
        """Whether a set's ``attributeCategoryOptions`` (older DHIS2: the combo's category options,
        without their categories) name the mapping's attribute option combo."""
        wanted = self.attribute_combo
        if wanted is None:
            return not options
        return bool(wanted.categories) and set(options) == {option for _, option in wanted.categories}

    def attribute_combo_name(self) -> str:
        """The mapping's attribute option combo for messages, with its categories when it has them."""
        wanted = self.attribute_combo
        if wanted is None:
            return "default"
        ident = wanted.code or wanted.uid
        categories = ",".join(f"{name}={option}" for name, option in wanted.categories)
        return f"{ident} ({categories})" if ident and categories else ident or categories

    def is_disaggregated(self, data_element: Ref) -> bool:
        """Whether the mapping gives ``data_element`` category option combos (other than default)."""
        return any(value in self._disaggregated[scheme] for scheme, value in data_element.ids())

    # -- export: ours → DHIS2 ------------------------------------------------------------
    @cached_property
    def by_element(self) -> dict[str, ElementMap]:
        return {entry.element: entry for entry in self.elements}

    @cached_property
    def by_unit(self) -> dict[str, OrgUnitMap]:
        return {entry.unit: entry for entry in self.org_units}

    # -- indexes -------------------------------------------------------------------------
    @cached_property
    def _by_combo(self) -> dict[IdScheme, dict[tuple[str, str], ElementMap]]:
        index: dict[IdScheme, dict[tuple[str, str], ElementMap]] = {"uid": {}, "code": {}}
        for entry in self.elements:
            combos = [""] if entry.combo is None else [value for _, value in entry.combo.ids()]
            for scheme, data_element in entry.data_element.ids():
                for combo in combos:  # a payload may name the combo by UID or by code
                    index[scheme].setdefault((data_element, combo), entry)
        return index

    @cached_property
    def _by_categories(self) -> dict[IdScheme, dict[tuple[str, frozenset[tuple[str, str]]], ElementMap]]:
        index: dict[IdScheme, dict[tuple[str, frozenset[tuple[str, str]]], ElementMap]] = {
            "uid": {},
            "code": {},
        }
        for entry in self.elements:
            if entry.combo is not None and not entry.combo.categories:
                continue
            categories = frozenset(entry.combo.categories if entry.combo else ())
            for scheme, data_element in entry.data_element.ids():
                index[scheme].setdefault((data_element, categories), entry)
        return index

    @cached_property
    def _disaggregated(self) -> dict[IdScheme, set[str]]:
        index: dict[IdScheme, set[str]] = {"uid": set(), "code": set()}
        for entry in self.elements:
            if entry.combo is not None:
                for scheme, value in entry.data_element.ids():
                    index[scheme].add(value)
        return index

    @cached_property
    def _data_elements(self) -> dict[IdScheme, set[str]]:
        return {
            scheme: {key[0] for key in self._by_combo[scheme]}
            | {key[0] for key in self._by_categories[scheme]}
            for scheme in ("uid", "code")
        }

    @cached_property
    def _units(self) -> dict[IdScheme, dict[str, str]]:
        return {
            "uid": {entry.uid: entry.unit for entry in self.org_units if entry.uid},
            "code": {entry.code: entry.unit for entry in self.org_units if entry.code},
        }


def _schemes(scheme: IdScheme | None) -> tuple[IdScheme, ...]:
    return ("uid", "code") if scheme is None else (scheme,)


def is_uid(text: str) -> bool:
    """Whether ``text`` has the shape of a DHIS2 UID: a letter, then 10 letters or digits."""
    return _UID.fullmatch(text) is not None


def dhis2_uid(seed: str) -> str:
    """A DHIS2-style UID derived from ``seed``: the same seed always gives the same UID."""
    number = int.from_bytes(hashlib.sha256(seed.encode("utf-8")).digest(), "big")
    number, first = divmod(number, 52)
    chars = [_ALPHABET[first]]
    for _ in range(10):
        number, index = divmod(number, len(_ALPHABET))
        chars.append(_ALPHABET[index])
    return "".join(chars)

"""DHIS2 interoperability (DHIS2 数据交换): ``dataValueSets`` JSON and ADX XML, in and out,
through a mapping file between DHIS2's data elements, category option combos, org units and
periods and our elements, units and years. See ``docs/dhis2.md``.

>>> from dudao.samples import bundled_dhis2_mapping_path
>>> mapping, problems = load_mapping(bundled_dhis2_mapping_path())
>>> problems, mapping.periods.type, mapping.by_unit["500105"].code
([], 'Yearly', '500105')
"""

from dudao.data.dhis2.adx import ADX_NAMESPACE, read_adx, write_adx
from dudao.data.dhis2.export import ExportReport
from dudao.data.dhis2.mapping import Combo, Dhis2Mapping, ElementMap, OrgUnitMap, Ref, dhis2_uid, is_uid
from dudao.data.dhis2.mapping_file import check_mapping, load_mapping, read_mapping
from dudao.data.dhis2.periods import PERIOD_TYPES, PeriodRule
from dudao.data.dhis2.value_sets import read_value_sets, write_value_sets

__all__ = [
    "ADX_NAMESPACE",
    "PERIOD_TYPES",
    "Combo",
    "Dhis2Mapping",
    "ElementMap",
    "ExportReport",
    "OrgUnitMap",
    "PeriodRule",
    "Ref",
    "check_mapping",
    "dhis2_uid",
    "is_uid",
    "load_mapping",
    "read_adx",
    "read_mapping",
    "read_value_sets",
    "write_adx",
    "write_value_sets",
]

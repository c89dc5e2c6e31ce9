"""Data quality 数据质量: rules a scheme declares, outliers, completeness, and signals of fabrication.

The pipeline reads a period's values once (:class:`QualityInput`), runs the checks, and gathers
what they find into a :class:`QualityReport` (:func:`quality_report`), which
:func:`write_workbook` writes as Excel. Outliers and signals are leads for follow-up, never
verdicts. See docs/data-quality.md.

>>> from dudao.samples import bundled_dataset, bundled_scheme_path
>>> from dudao.scheme import read_scheme
>>> quality_report(read_scheme(bundled_scheme_path()), bundled_dataset()).counts["signals"]
0
"""

from dudao.data.quality.completeness import ALL, Completeness, CompletenessResult, MissingValue, completeness
from dudao.data.quality.consistency import (
    RuleFailure,
    change_failures,
    check_failures,
    range_failures,
    rule_failures,
)
from dudao.data.quality.fabrication import (
    FABRICATION_SIGNALS,
    digit_preference,
    identical_values,
    jumps,
    percentage_mismatches,
)
from dudao.data.quality.inputs import QualityInput
from dudao.data.quality.outliers import Outlier, OutlierSettings, find_outliers
from dudao.data.quality.report import QualityReport, QualitySettings, UnitQuality, quality_report
from dudao.data.quality.signals import Signal, SignalCheck, SignalSettings, find_signals
from dudao.data.quality.xlsx import write_workbook

__all__ = [
    "ALL",
    "FABRICATION_SIGNALS",
    "Completeness",
    "CompletenessResult",
    "MissingValue",
    "Outlier",
    "OutlierSettings",
    "QualityInput",
    "QualityReport",
    "QualitySettings",
    "RuleFailure",
    "Signal",
    "SignalCheck",
    "SignalSettings",
    "UnitQuality",
    "change_failures",
    "check_failures",
    "completeness",
    "digit_preference",
    "find_outliers",
    "find_signals",
    "identical_values",
    "jumps",
    "percentage_mismatches",
    "quality_report",
    "range_failures",
    "rule_failures",
    "write_workbook",
]

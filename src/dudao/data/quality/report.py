"""The data-quality report 数据质量报告 of a period: city-wide, or for one unit and the units below it.

It gathers the rule failures (:mod:`.consistency`), the outliers (:mod:`.outliers`), the
completeness (:mod:`.completeness`) and the signals (:mod:`.signals`, by default the four of
:mod:`.fabrication`) into one frozen :class:`QualityReport`, with a line per unit
(:class:`UnitQuality`). :mod:`.xlsx` writes it as a workbook.

>>> from dudao.samples import bundled_dataset, bundled_scheme_path
>>> from dudao.scheme import read_scheme
>>> report = quality_report(read_scheme(bundled_scheme_path()), bundled_dataset(), unit="500105")
>>> report.period, report.scope_name, len(report.units)
(2021, '江北区', 213)
>>> report.counts["signals"], report.counts["failures"], f"{report.completeness.row('', '').share:.0%}"
(0, 0, '100%')
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from dudao.data.quality.completeness import ALL, CompletenessResult, completeness
from dudao.data.quality.consistency import RuleFailure, rule_failures
from dudao.data.quality.fabrication import FABRICATION_SIGNALS
from dudao.data.quality.inputs import QualityInput, subtree
from dudao.data.quality.outliers import Outlier, OutlierSettings, find_outliers
from dudao.data.quality.signals import Signal, SignalCheck, SignalSettings, find_signals
from dudao.engine.dataset import Dataset
from dudao.scheme.groups import element_groups
from dudao.scheme.model import Scheme


@dataclass(frozen=True)
class QualitySettings:
    """Every threshold of the report, in one place (docs/data-quality.md)."""

    outliers: OutlierSettings = field(default_factory=OutlierSettings)
    signals: SignalSettings = field(default_factory=SignalSettings)
    expected_share: float = 0.5  # a school element is expected of a type that reports it this often


@dataclass(frozen=True)
class UnitQuality:
    """One unit's line: how many findings of each kind, and its completeness."""

    unit: str
    name: str
    level: str
    district: str
    errors: int  # rule failures of severity error
    warnings: int  # rule failures of severity warning
    outliers: int
    signals: int  # signals that involve the unit
    expected: int
    present: int

    @property
    def completeness(self) -> float:
        return self.present / self.expected if self.expected else 1.0


@dataclass(frozen=True)
class QualityReport:
    scheme_code: str
    scheme_title: str
    period: int
    scope: str  # "" city-wide, else the unit whose subtree the report covers
    scope_name: str
    failures: tuple[RuleFailure, ...]
    outliers: tuple[Outlier, ...]
    completeness: CompletenessResult
    signals: tuple[Signal, ...]
    units: tuple[UnitQuality, ...]  # every unit with expected values or a finding, in tree order
    element_names: tuple[tuple[str, str], ...]  # (code, name) of the scheme's elements
    area_names: tuple[tuple[str, str], ...]  # (code, name) of the areas, in scheme order
    settings: QualitySettings = field(default_factory=QualitySettings)

    @cached_property
    def counts(self) -> dict[str, int]:
        """How many of each: failures (and per kind), outliers (per comparison), signals (per kind)."""
        counts: Counter[str] = Counter(failures=len(self.failures), outliers=len(self.outliers))
        counts["signals"] = len(self.signals)
        counts.update(f"failures.{f.kind}" for f in self.failures)
        counts.update(f"outliers.{o.against}" for o in self.outliers)
        counts.update(f"signals.{s.kind}" for s in self.signals)
        counts["missing"] = len(self.completeness.missing)
        return dict(counts)

    @cached_property
    def _names(self) -> dict[str, str]:
        return {u.unit: u.name for u in self.units}

    def unit_name(self, code: str) -> str:
        return self._names.get(code, code)

    def element_name(self, code: str) -> str:
        return dict(self.element_names).get(code, code)

    def area_name(self, code: str) -> str:
        return "全部" if code == ALL else dict(self.area_names).get(code, code)


def quality_report(
    scheme: Scheme,
    dataset: Dataset,
    period: int | None = None,
    unit: str | None = None,
    settings: QualitySettings | None = None,
    signals: Sequence[SignalCheck] = FABRICATION_SIGNALS,
) -> QualityReport:
    """The report of ``period`` (default: the scheme's); ``unit``: only it and the units below it.

    Peers and frequencies are always taken from the whole dataset, so a district's report says
    the same about its schools as the city's does.
    """
    settings = settings or QualitySettings()
    data = QualityInput(scheme, dataset, scheme.info.period if period is None else period)
    failures = rule_failures(data)
    outliers = find_outliers(data, settings.outliers)
    found = find_signals(data, signals, settings.signals)
    complete = completeness(data, settings.expected_share)
    scope = subtree(dataset, unit) if unit else frozenset(u.code for u in dataset.units)
    if unit:
        failures = [f for f in failures if f.unit in scope]
        outliers = [o for o in outliers if o.unit in scope]
        found = tuple(s for s in found if any(u in scope for u in s.units))
        complete = complete.only(scope)
    return QualityReport(
        scheme.info.code,
        scheme.label,
        data.period,
        unit or "",
        data.unit_name(unit) if unit else "全部单位",
        tuple(failures),
        tuple(outliers),
        complete,
        found,
        _unit_lines(data, scope, failures, outliers, found, complete),
        tuple((e.code, e.name) for e in scheme.elements),
        tuple((g.code, g.name) for g in element_groups(scheme)),
        settings,
    )


def _unit_lines(
    data: QualityInput,
    scope: frozenset[str],
    failures: Sequence[RuleFailure],
    outliers: Sequence[Outlier],
    signals: Sequence[Signal],
    complete: CompletenessResult,
) -> tuple[UnitQuality, ...]:
    errors = Counter(f.unit for f in failures if f.severity == "error")
    warnings = Counter(f.unit for f in failures if f.severity != "error")
    outlying = Counter(o.unit for o in outliers)
    signalled = Counter(u for s in signals for u in set(s.units))
    lines = []
    for unit in data.dataset.units:
        if unit.code not in scope:
            continue
        row = complete.row(unit.code, ALL)
        counts = (errors[unit.code], warnings[unit.code], outlying[unit.code], signalled[unit.code])
        if not row.expected and not any(counts):
            continue
        district = str(data.district.get(unit.code, ""))
        lines.append(
            UnitQuality(unit.code, unit.name, unit.level, district, *counts, row.expected, row.present)
        )
    return tuple(lines)

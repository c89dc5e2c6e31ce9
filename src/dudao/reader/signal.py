"""The fifth signal of the data-quality report: a unit's narrative report claims a figure that its
own data does not bear out (kind ``claims``). A lead like the others, never a verdict: the report
may be right and the data wrong.

>>> from dudao.data.quality import quality_report
>>> from dudao.data.quality.fabrication import FABRICATION_SIGNALS
>>> from dudao.engine import evaluate
>>> from dudao.reader import read_report
>>> from dudao.samples import bundled_dataset, bundled_report_path, bundled_scheme_path
>>> from dudao.scheme import read_scheme
>>> scheme, dataset = read_scheme(bundled_scheme_path()), bundled_dataset()
>>> text = bundled_report_path().read_text(encoding="utf-8").replace("达124.6%", "达134.6%")
>>> results = evaluate(scheme, dataset)
>>> reading = read_report(text, scheme=scheme, dataset=dataset, unit="500105", results=results)
>>> report = quality_report(scheme, dataset, unit="500105",
...                         signals=(*FABRICATION_SIGNALS, claims_signal({"500105": reading})))
>>> [s.seen_zh for s in report.signals if s.kind == "claims" and "毛入园率" in s.seen_zh]
['报告称“达134.6%”（学前三年毛入园率），数据为 124.6%，超出报告表述可涵盖的范围']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from dudao.data.quality.inputs import QualityInput
from dudao.data.quality.signals import Signal, SignalCheck, SignalSettings
from dudao.reader.checks import DIFFERS
from dudao.reader.reading import ReportReading


def claims_signal(readings: Mapping[str, ReportReading]) -> SignalCheck:
    """A signal check over the readings of the units' reports (unit code → reading)."""

    def check(data: QualityInput, settings: SignalSettings) -> Iterable[Signal]:
        for unit, reading in readings.items():
            if reading.period is not None and reading.period != data.period:
                continue
            for claim in reading.claims:
                if claim.status != DIFFERS or claim.target is None:
                    continue
                shown = _number(claim.comparison.data_value)
                unit_text = claim.comparison.data_unit
                yield Signal(
                    "claims",
                    data.period,
                    (unit,),
                    (claim.target.code,),
                    claim.confidence,
                    f"报告称“{claim.claim.text}”（{claim.target.name}），数据为 {shown}{unit_text}，"
                    "超出报告表述可涵盖的范围",
                    f"the report says {claim.claim.text!r} ({claim.target.code}); the data has "
                    f"{shown}{unit_text}, outside what the wording covers",
                )

    return check


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"

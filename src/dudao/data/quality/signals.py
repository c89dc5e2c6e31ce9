"""Signals 疑似数据造假线索: patterns that values are sometimes made up. **Leads, never verdicts.**

A :class:`Signal` says what was seen and where: its kind, the units and elements involved, a
strength to sort by, and a sentence in Chinese and English. A signal check is any function
from a :class:`QualityInput` and :class:`SignalSettings` to signals (:data:`SignalCheck`);
:func:`find_signals` runs a sequence of them. The checks of fabricated data live in
:mod:`.fabrication`; a later check (a unit's narrative report against its data, issue #7)
is one more function of the same shape, added to the sequence the report runs.

>>> from dudao.samples import bundled_dataset, bundled_scheme_path
>>> from dudao.scheme import read_scheme
>>> data = QualityInput(read_scheme(bundled_scheme_path()), bundled_dataset(), 2021)
>>> def no_zero_budget(data: QualityInput, settings: SignalSettings) -> list[Signal]:
...     zero = data.now[(data.now["element"] == "edu_budget") & (data.now["value"] == 0)]
...     return [Signal("zero_budget", data.period, (u,), ("edu_budget",), 1.0, "教育经费为 0", "no budget")
...             for u in zero["unit"]]
>>> find_signals(data, [no_zero_budget])
()
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from dudao.data.quality.inputs import QualityInput


@dataclass(frozen=True)
class Signal:
    """A lead: what was seen (``seen_zh`` / ``seen_en``) and where (``units``, ``elements``)."""

    kind: str  # "identical" | "digits" | "jump" | "percentage", or a later kind ("claims")
    period: int
    units: tuple[str, ...]  # every unit the pattern involves
    elements: tuple[str, ...]  # the elements it involves; () when it is about all of a unit's values
    strength: float  # larger is stronger; comparable within a kind only
    seen_zh: str
    seen_en: str


@dataclass(frozen=True)
class SignalSettings:
    """Thresholds of the signals (docs/data-quality.md explains each)."""

    # identical values and terminal digits are tests: each lead's p-value must be below alpha
    # divided by the number of tests made (Bonferroni), so that clean data of any size raise a
    # lead of either kind with a chance of about alpha
    alpha: float = 0.05
    # identical values across schools of a district
    identical_min_schools: int = 3  # at least this many schools share the value
    identical_min_value: float = 10.0  # |value| below this is too common to be a lead
    identical_window: float = 0.1  # "near" in the district: within 10% of the value
    # terminal-digit preference
    digits_min_values: int = 10  # a unit needs this many distinct whole values ≥ 10
    digits_levels: tuple[str, ...] = ("school",)  # units whose values are tallied counts
    # implausible jumps from last year
    jump_factor: float = 2.0  # ×2 or ÷2 and more, beyond the peers' own change
    jump_min_value: float = 20.0  # the larger of the two years must reach this
    # percentages against their counts
    percentage_slack: float = 1.0  # allowed difference, in units of the reported value's last decimal


SignalCheck = Callable[[QualityInput, SignalSettings], Iterable[Signal]]


def find_signals(
    data: QualityInput, checks: Sequence[SignalCheck], settings: SignalSettings | None = None
) -> tuple[Signal, ...]:
    """Every signal the ``checks`` find, by kind (in the order of ``checks``), strongest first."""
    settings = settings or SignalSettings()
    found: list[Signal] = []
    for check in checks:
        found.extend(sorted(check(data, settings), key=lambda s: (-s.strength, s.units, s.elements)))
    return tuple(found)

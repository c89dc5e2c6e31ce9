"""Evaluate a scheme's checks 校验规则 on the values one unit enters for one period.

A check reads the elements of its level only, so it is evaluated on one row of values with
the reference evaluator. A check with any of its inputs missing is not evaluated (missing
values are the business of completeness, not of consistency), and neither fails a check
whose result is missing (a division by zero): only a rule that is false fails.

>>> from dudao.scheme.load import load_scheme_text
>>> scheme, _ = load_scheme_text('''
... scheme: {code: s, title: t, period: 2021, grades: [{name: 合格, min: 0}]}
... elements:
...   - {code: kids, name: 在园幼儿数, level: school}
...   - {code: public, name: 公办园在园幼儿数, level: school}
... items: [{code: A, name: 甲, points: 100, rule: {type: boolean, value: kids > public}}]
... checks:
...   - {code: public_le_kids, level: school, rule: "public <= 在园幼儿数", message: 公办园不能多于全部}
... ''')
>>> failed_checks(scheme, Level.SCHOOL, {"kids": 80, "public": 95})
[CheckFailure(code='public_le_kids', message='公办园不能多于全部', severity='error',
              elements=('public', 'kids'))]
>>> failed_checks(scheme, Level.SCHOOL, {"kids": 80, "public": 60})
[]
>>> failed_checks(scheme, Level.SCHOOL, {"kids": None, "public": 60})
[]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from dudao.engine.backends.reference import evaluate
from dudao.engine.plan import input_column
from dudao.errors import FormulaError
from dudao.expr import ir
from dudao.expr.ir import Level, Type, Value
from dudao.scheme.formulas import SchemeNamespace, lower_check
from dudao.scheme.model import Check, Scheme


@dataclass(frozen=True)
class CheckFailure:
    """A check whose rule is false for the values given."""

    code: str
    message: str
    severity: str  # "error" blocks a save; "warning" is shown
    elements: tuple[str, ...]  # the element codes the rule reads, in order of appearance


@dataclass(frozen=True)
class CompiledCheck:
    check: Check
    rule: ir.Node
    inputs: tuple[ir.Input, ...]  # distinct, in order of appearance

    @property
    def elements(self) -> tuple[str, ...]:
        return tuple(node.element for node in self.inputs)


_COMPILED: dict[str, tuple[CompiledCheck, ...]] = {}


def compiled_checks(scheme: Scheme) -> tuple[CompiledCheck, ...]:
    """Every check of ``scheme`` lowered to IR; cached per scheme version (its digest).

    A check whose rule does not lower is left out: loading the scheme has reported it.
    """
    cached = _COMPILED.get(scheme.digest) if scheme.digest else None
    if cached is not None:
        return cached
    names = SchemeNamespace(scheme)
    compiled = []
    for check in scheme.checks:
        try:
            rule = lower_check(check, names)
        except FormulaError:
            continue
        inputs = tuple(dict.fromkeys(n for n in ir.walk(rule) if isinstance(n, ir.Input)))
        compiled.append(CompiledCheck(check, rule, inputs))
    result = tuple(compiled)
    if scheme.digest:
        _COMPILED[scheme.digest] = result
    return result


def failed_checks(scheme: Scheme, level: Level, values: Mapping[str, float | None]) -> list[CheckFailure]:
    """The checks of ``level`` that ``values`` (element code → value, None if missing) fail."""
    failures = []
    for compiled in compiled_checks(scheme):
        if compiled.check.level is not level:
            continue
        row: dict[str, Value] = {}
        for node in compiled.inputs:
            value = values.get(node.element)
            if value is None:
                break
            row[input_column(node)] = bool(value) if node.type is Type.BOOL else float(value)
        else:
            if evaluate(compiled.rule, row) is False:
                check = compiled.check
                failures.append(CheckFailure(check.code, check.message, check.severity, compiled.elements))
    return failures

"""Refusals of review writes: catalogued, located problems (see :mod:`dudao.problems.review`)."""

from __future__ import annotations

from typing import Any

from dudao.errors import InputError, Location, Problem


class ReviewRefused(InputError):
    """A review, reconciliation, final score or assignment that cannot be accepted; ``problems``
    says which field of which item of which unit, and what would be accepted."""

    @property
    def message(self) -> str:
        return "；".join(p.message_zh for p in self.problems)

    @property
    def code(self) -> str:
        return self.problems[0].code if self.problems else ""


def refuse(code: str, field: str, *, unit: str = "", item: str = "", **fields: Any) -> ReviewRefused:
    """The refusal ``code`` located at ``field`` of ``item`` of ``unit`` (raise it)."""
    where = Location(f"unit {unit}" if unit else "", field=f"{item}.{field}" if item else field)
    problem = Problem.of(code, where, unit=unit, item=item, **fields)
    return ReviewRefused([problem], what="review")

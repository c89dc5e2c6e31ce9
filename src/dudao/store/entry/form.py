"""Saving one entry form 填报表单: its values, narratives and self-scores together, all or nothing.

The main save button of a unit's page sends every field the page edits; each changed one is saved
by its service (:func:`~dudao.store.entry.services.save_values`, ``save_narrative``,
``save_self_score``) inside one transaction, and a refusal of any names every field at fault (a
stale one with its :class:`~dudao.store.entry.stale.Conflict`) and saves nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from dudao.store.accounts.models import Unit
from dudao.store.entry.services import (
    EntryRefused,
    FieldInput,
    SaveReport,
    save_narrative,
    save_self_score,
    save_values,
)
from dudao.store.entry.stale import Conflict
from dudao.store.rounds.models import Round


@dataclass(frozen=True)
class TextInput:
    """One narrative (``key`` its area) or self-score (``key`` its item) as entered, with what the
    form showed when it was loaded: a narrative's :func:`~dudao.store.entry.stale.digest`, a
    self-score's level (None: the client did not say)."""

    key: str
    text: str
    original: str | None = None


@dataclass
class EntryReport:
    """What one save of the entry form changed: values (with their warnings), narratives, self-scores."""

    values: SaveReport
    narratives: list[str] = field(default_factory=list)  # areas
    self_scores: list[str] = field(default_factory=list)  # items

    @property
    def changed(self) -> int:
        return len(self.values.changed) + len(self.narratives) + len(self.self_scores)


def save_entry(
    user: Any,
    round: Round,
    unit: Unit,
    values: Iterable[FieldInput],
    narratives: Iterable[TextInput] = (),
    self_scores: Iterable[TextInput] = (),
    *,
    address: str = "",
) -> EntryReport:
    """Save everything one entry form changed, all or nothing: a refusal names every field at fault."""
    refusals = _Refusals()
    with transaction.atomic():
        report = EntryReport(SaveReport())
        with refusals.part():
            report.values = save_values(user, round, unit, values, address=address)
        for text in narratives:
            with refusals.part():
                if save_narrative(
                    user, round, unit, text.key, text.text, original=text.original, address=address
                ):
                    report.narratives.append(text.key)
        for level in self_scores:
            with refusals.part():
                if save_self_score(
                    user, round, unit, level.key, level.text, original=level.original, address=address
                ):
                    report.self_scores.append(level.key)
        refusals.raise_any()
    return report


class _Refusals:
    """The refusals of the parts of one save, gathered to be raised as one (each part is a
    savepoint; raising at the end rolls back the parts that went through)."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}
        self.conflicts: dict[str, Conflict] = {}
        self.codes: list[str] = []

    @contextmanager
    def part(self) -> Iterator[None]:
        try:
            with transaction.atomic():
                yield
        except EntryRefused as refused:
            self.errors.update(refused.errors)
            self.conflicts.update(refused.conflicts)
            self.codes.append(refused.code)

    def raise_any(self) -> None:
        if self.errors:
            raise EntryRefused(self.errors, "stale" if self.conflicts else self.codes[0], self.conflicts)

"""Refusing a rectification write: a catalogued problem (:mod:`dudao.problems.rectification`),
located at the field it is about, in the active language, as the :class:`EntryRefused` the pages
and the API already answer (422 for what was entered, 409 for a state that does not allow it)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

from dudao.errors import Location, Problem
from dudao.store.entry.services import EntryRefused


def refused(code: str, field: str, *, status: str = "invalid", **fields: Any) -> EntryRefused:
    """The refusal of ``field`` with the catalogued problem ``code``."""
    problem = Problem.of(code, Location(field=field), **fields)
    english = (get_language() or "zh-hans").startswith("en")
    return EntryRefused({field: problem.message_en if english else problem.message_zh}, status)


def text(value: Any, field: str, label: str, limit: int, *, required: bool = True) -> str:
    """``value`` stripped, refused when empty (where required) or longer than ``limit``."""
    cleaned = "" if value is None else str(value).strip()
    if (required and not cleaned) or len(cleaned) > limit:
        raise refused("rectification-text", field, label=label, limit=limit)
    return cleaned


def choice(value: Any, field: str, label: str, choices: Any) -> str:
    """``value`` as one of a TextChoices' values (or its label), refused otherwise."""
    cleaned = "" if value is None else str(value).strip()
    for member in choices:
        if cleaned in (member.value, str(member.label)):
            return str(member.value)
    shown = "、".join(f"{m.value}（{m.label}）" for m in choices)
    raise refused("rectification-choice", field, value=cleaned, label=label, choices=shown)

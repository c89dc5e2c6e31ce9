"""Which units are not ranked, and why: ``unranked.csv`` in a dataset folder, ``unranked.parquet``
in a snapshot.

Two columns, ``unit`` and ``reason``; a reason is one of :data:`~dudao.engine.dataset.NOT_RANKED`'s
keys (``not_started``, ``not_submitted``; ``no_data`` the engine also finds by itself). The file is
optional: without it every unit with data is ranked.

>>> import pandas as pd
>>> problems = []
>>> reasons = ["not_started", "not_started", "late"]
>>> frame = pd.DataFrame({"unit": ["500105", "500999", "500106"], "reason": reasons})
>>> unranked_of(frame, "unranked.csv", {"500105", "500106"}, problems)
{'500105': 'not_started'}
>>> [p.code for p in problems]
['unknown-unit', 'bad-choice']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from dudao.engine.dataset import NOT_RANKED
from dudao.errors import Location, Problem

COLUMNS = ("unit", "reason")
_REASONS: dict[str, Any] = {
    "what_zh": "不参与排名的原因",
    "what_en": "reason for not ranking",
    "choices_zh": "、".join(f"{key}（{zh.split('，')[0]}）" for key, (zh, _) in NOT_RANKED.items()),
    "choices_en": ", ".join(NOT_RANKED),
}


def unranked_of(frame: pd.DataFrame, file: str, units: set[str], problems: list[Problem]) -> dict[str, str]:
    """Each listed unit's reason, from a frame with ``unit`` and ``reason`` (a problem per bad row)."""
    found: dict[str, str] = {}
    for line, (unit, reason) in enumerate(frame[list(COLUMNS)].itertuples(index=False, name=None), start=2):
        unit, reason = str(unit).strip(), str(reason).strip()
        if unit not in units:
            problems.append(
                Problem.of(
                    "unknown-unit",
                    Location(file, line, 1, field="unit"),
                    unit=unit,
                    among_zh=f"单位表（{_units_file(file)}）",
                    among_en=_units_file(file),
                )
            )
        elif reason not in NOT_RANKED:
            problems.append(
                Problem.of("bad-choice", Location(file, line, 2, field="reason"), value=reason, **_REASONS)
            )
        else:
            found[unit] = reason
    return found


def unranked_frame(unranked: Mapping[str, str]) -> pd.DataFrame:
    """The table :func:`unranked_of` reads, in unit order."""
    return pd.DataFrame(sorted(unranked.items()), columns=list(COLUMNS), dtype=object)


def _units_file(file: str) -> str:
    return "units.parquet" if file.endswith(".parquet") else "units.csv"

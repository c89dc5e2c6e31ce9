"""How the survey scores: the scheme's items that read a survey rate, for one unit, with the
engine's explanation and the survey's note (sample size, interval) side by side.

The rates reach the engine as ordinary data values (:func:`~dudao.store.survey.services.apply_to_round`),
so every backend scores them alike; what the survey adds to an item's explanation is the value's
comment, which names the survey, its sample and its interval.
"""

from __future__ import annotations

from dataclasses import dataclass

from dudao.store.entry.models import DataValue
from dudao.store.rounds.engine import current_results
from dudao.store.survey.models import Survey
from dudao.store.survey.services import questionnaire_of


@dataclass(frozen=True)
class ScoredItem:
    unit: str
    element: str
    item: str
    name: str
    value: float | None
    points: float
    max_points: float
    status: str
    explanation: str  # the engine's
    note: str  # the survey's: its title, sample size and interval


def scored_items(survey: Survey, unit_code: str) -> list[ScoredItem]:
    """The items of the round's scheme scored from this survey's rates for ``unit_code``."""
    round = survey.round
    elements = [s.element for s in questionnaire_of(survey).scores]
    notes = dict(
        DataValue.objects.filter(
            round=round, unit_id=unit_code, period=round.period, element__in=elements
        ).values_list("element", "comment")
    )
    result = current_results(round).unit(unit_code)
    found: list[ScoredItem] = []
    for item in result.items:
        reads = {i.code for i in item.explanation.inputs}
        for element in elements:
            if element in reads:
                found.append(
                    ScoredItem(
                        unit_code,
                        element,
                        item.code,
                        item.name,
                        item.value if isinstance(item.value, (int, float)) else None,
                        item.points,
                        item.max_points,
                        item.status,
                        item.explanation.text,
                        notes.get(element, ""),
                    )
                )
    return found

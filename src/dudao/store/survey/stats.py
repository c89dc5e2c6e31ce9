"""Satisfaction rates per unit, group and aspect, with 95 % Wilson intervals.

A rate is the share of *satisfied* answers among the valid Likert answers of the counted answer
sheets: the options a scale lists as ``not_counted`` (不了解) are left out of the denominator. The
Wilson score interval stays inside [0, 1] and behaves at small samples and at 0 % or 100 %, where
the normal approximation does not. Answers of one respondent to several questions are pooled, so
for a pooled aspect the interval is a little narrower than the respondents alone would give; the
sample size shown beside it is the number of respondents.

>>> low, high = wilson(81, 100)
>>> round(low, 4), round(high, 4)
(0.7222, 0.8749)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from dudao.store.survey.questionnaire import ALL_ASPECTS, ASPECT_NAMES, Aspect, Kind, Questionnaire

Z95 = 1.959963984540054  # the normal quantile for a two-sided 95 % interval


def wilson(satisfied: int, valid: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of ``satisfied`` out of ``valid`` (``(0, 1)`` when ``valid`` is 0)."""
    if valid <= 0:
        return 0.0, 1.0
    p = satisfied / valid
    z2 = z * z
    centre = (p + z2 / (2 * valid)) / (1 + z2 / valid)
    half = z * math.sqrt(p * (1 - p) / valid + z2 / (4 * valid * valid)) / (1 + z2 / valid)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Rate:
    """One cell of the results: a unit's group on one aspect (or all aspects pooled)."""

    unit: str
    group: str
    aspect: str  # an Aspect value or ALL_ASPECTS
    respondents: int  # counted answer sheets with at least one valid answer here
    satisfied: int
    valid: int
    min_sample: int

    @property
    def rate(self) -> float | None:
        return self.satisfied / self.valid if self.valid else None

    @property
    def interval(self) -> tuple[float, float]:
        return wilson(self.satisfied, self.valid)

    @property
    def too_small(self) -> bool:
        """Too few respondents to read (the questionnaire's ``min_sample``)."""
        return self.respondents < self.min_sample

    @property
    def aspect_name(self) -> str:
        return "全部维度" if self.aspect == ALL_ASPECTS else ASPECT_NAMES[Aspect(self.aspect)]

    @property
    def low_percent(self) -> float:
        return round(self.interval[0] * 100, 1)

    @property
    def high_percent(self) -> float:
        return round(self.interval[1] * 100, 1)

    def percent(self) -> float | None:
        return None if self.rate is None else round(self.rate * 100, 2)

    def note(self, title: str) -> str:
        """The rate's provenance, as a data value's comment and in the item's explanation."""
        if self.rate is None:
            return f"来自满意度调查《{title}》：尚无有效答卷"
        low, high = self.interval
        text = (
            f"来自满意度调查《{title}》：满意率 {self.rate * 100:.1f}%，有效样本 {self.respondents} 人"
            f"（{self.valid} 个有效回答），95% 置信区间 {low * 100:.1f}%–{high * 100:.1f}%"
        )
        if self.too_small:
            text += f"；样本少于 {self.min_sample} 人，仅供参考"
        return text


def rates(
    questionnaire: Questionnaire, sheets: Iterable[tuple[str, str, Mapping[str, object]]]
) -> dict[tuple[str, str, str], Rate]:
    """Every (unit, group, aspect) rate, aspects and ``all``, from counted sheets (unit, group, answers)."""
    tally: dict[tuple[str, str, str], list[int]] = {}  # key → [respondents, satisfied, valid]
    for unit, group_code, answers in sheets:
        group = questionnaire.group(group_code)
        if group is None:
            continue
        seen: set[str] = set()
        for question in group.questions:
            if question.kind is not Kind.LIKERT or question.scale is None or question.aspect is None:
                continue
            answer = answers.get(question.code)
            if not isinstance(answer, str) or answer not in question.scale.options:
                continue
            if answer in question.scale.not_counted:
                continue
            for aspect in (question.aspect.value, ALL_ASPECTS):
                cell = tally.setdefault((unit, group_code, aspect), [0, 0, 0])
                cell[2] += 1
                cell[1] += answer in question.scale.satisfied
                if aspect not in seen:
                    cell[0] += 1
                    seen.add(aspect)
    return {
        key: Rate(*key, respondents=r, satisfied=s, valid=v, min_sample=questionnaire.min_sample)
        for key, (r, s, v) in tally.items()
    }

"""The catalogue's problems of satisfaction questionnaires (满意度调查问卷)."""

from __future__ import annotations

from dudao.problems.kinds import SCHEME, ProblemType

TYPES = (
    ProblemType(
        "survey-scale-overlap",
        SCHEME,
        "量表“{scale}”的选项“{options}”既计为满意又不计入，只能二选一",
        "scale {scale!r}: options {options} are both satisfied and not counted; choose one",
    ),
    ProblemType(
        "survey-likert-only",
        SCHEME,
        "“{key}”只用于量表题（kind: likert），此题是 {kind}",
        "{key!r} belongs to Likert questions (kind: likert) only; this one is {kind}",
    ),
    ProblemType(
        "survey-unknown-element",
        SCHEME,
        "评价方案没有数据项“{element}”，满意率无处计分；方案的数据项有：{known}",
        "the scheme has no element {element!r} for this rate to score; its elements include: {known}",
    ),
)

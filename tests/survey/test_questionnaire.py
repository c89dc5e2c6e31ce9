"""Questionnaire files: the bundled example reads clean; hostile and invalid files give located
problems (file, line, column, field), never a traceback; the Wilson interval against hand work."""

from __future__ import annotations

import math

import pytest

from dudao.samples import bundled_survey_path
from dudao.store.survey.questionnaire import ALL_ASPECTS, Aspect, Kind, load_questionnaire
from dudao.store.survey.stats import rates, wilson

VALID = """\
survey: {code: s1, title: 测试问卷, min_sample: 2}
scales:
  sat: {options: [满意, 一般, 不满意, 不了解], satisfied: [满意], not_counted: [不了解]}
groups:
  - code: public
    name: 公众
    questions:
      - {code: q1, kind: likert, scale: sat, aspect: fairness, text: 公平吗}
      - {code: q2, kind: likert, scale: sat, aspect: overall, text: 总体}
      - {code: q3, kind: text, text: 建议}
scores:
  - {element: satisfaction_public, group: public}
"""


def test_the_bundled_example_follows_the_national_structure() -> None:
    questionnaire, problems = load_questionnaire(bundled_survey_path().read_text(encoding="utf-8"), "ex.yaml")
    assert problems == []
    assert questionnaire is not None and questionnaire.sample  # labelled as an example
    assert [g.code for g in questionnaire.groups] == ["public", "teachers", "students"]
    for group in questionnaire.groups:
        aspects = {q.aspect for q in group.questions if q.kind is Kind.LIKERT}
        assert Aspect.OVERALL in aspects and Aspect.QUALITY in aspects
    kinds = {q.kind for g in questionnaire.groups for q in g.questions}
    assert kinds == set(Kind)
    assert [s.element for s in questionnaire.scores] == [
        "satisfaction_public",
        "satisfaction_teachers",
        "satisfaction_students",
    ]


@pytest.mark.parametrize(
    ("text", "code", "line", "field"),
    [
        (
            VALID.replace("aspect: fairness", "aspect: happiness"),
            "bad-choice",
            8,
            "groups[0].questions[0].aspect",
        ),
        (VALID.replace("kind: text", "kind: essay"), "bad-choice", 10, "groups[0].questions[2].kind"),
        (
            VALID.replace("scale: sat, aspect: overall", "scale: nope, aspect: overall"),
            "bad-choice",
            9,
            "groups[0].questions[1].scale",
        ),
        (VALID.replace("code: q2", "code: q1"), "duplicate-code", 9, "groups[0].questions[1].code"),
        (VALID.replace("satisfied: [满意]", "satisfied: [很满意]"), "bad-choice", 3, "scales.sat.satisfied"),
        (
            VALID.replace("not_counted: [不了解]", "not_counted: [满意]"),
            "survey-scale-overlap",
            3,
            "scales.sat",
        ),
        (
            VALID.replace("text: 建议", "text: 建议, aspect: overall"),
            "survey-likert-only",
            10,
            "groups[0].questions[2].aspect",
        ),
        (VALID.replace("group: public}", "group: parents}"), "bad-choice", 12, "scores[0].group"),
        (VALID.replace("min_sample: 2", "min_sample: -3"), "yaml-type", 1, "survey.min_sample"),
        (VALID.replace("title: 测试问卷", "title: 测试问卷, colour: red"), "unknown-key", 1, "survey.colour"),
        (VALID.replace("code: s1", "code: 1s"), "bad-code", 1, "survey.code"),
        (VALID + "extra: 1\n", "unknown-key", 13, "extra"),
    ],
)
def test_an_invalid_file_is_refused_with_a_located_problem(
    text: str, code: str, line: int, field: str
) -> None:
    questionnaire, problems = load_questionnaire(text, "q.yaml")
    assert questionnaire is None
    found = [p for p in problems if p.code == code]
    assert found, [str(p) for p in problems]
    assert found[0].location.file == "q.yaml"
    assert found[0].location.line == line
    assert found[0].location.field == field
    assert found[0].message_zh and found[0].message_en


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "yaml-empty"),
        ("survey: [unclosed", "yaml-syntax"),
        (
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n" for i in range(9)
            ),
            "yaml-too-large",
        ),
        ("survey: !!python/name:os.system x\n", "yaml-tag"),
        ("- just\n- a list\n", "yaml-type"),
        ("groups: []\n", "missing-field"),
        ("[" * 200 + "]" * 200, "yaml-too-deep"),
    ],
)
def test_a_hostile_file_gives_a_problem_not_a_traceback(text: str, code: str) -> None:
    questionnaire, problems = load_questionnaire(text, "evil.yaml")
    assert questionnaire is None
    assert code in {p.code for p in problems}, [str(p) for p in problems]
    assert all(p.location.file == "evil.yaml" for p in problems)


def test_wilson_matches_hand_computed_values() -> None:
    # p = 0.81, n = 100: centre (0.81 + 1.9208/100) / 1.038415, half 1.96·√(0.001539 + 0.000096)/1.038415
    low, high = wilson(81, 100)
    assert low == pytest.approx(0.72224, abs=1e-4)
    assert high == pytest.approx(0.87487, abs=1e-4)
    # 0 of 10: the lower bound is 0, the upper z²/(n + z²) = 3.8415/13.8415
    low, high = wilson(0, 10)
    assert low == 0.0
    assert high == pytest.approx(3.8415 / 13.8415, abs=1e-4)
    # all of 10: symmetric to the above
    low, high = wilson(10, 10)
    assert low == pytest.approx(1 - 3.8415 / 13.8415, abs=1e-4) and high == pytest.approx(1.0)
    # 1 of 2, the textbook small sample: 0.0945 – 0.9055
    low, high = wilson(1, 2)
    assert (round(low, 4), round(high, 4)) == (0.0945, 0.9055)
    assert wilson(0, 0) == (0.0, 1.0)
    assert math.isclose(sum(wilson(30, 60)), 1.0)  # p = ½ is centred


def test_rates_pool_aspects_leave_out_not_counted_and_flag_small_samples() -> None:
    questionnaire, _ = load_questionnaire(VALID, "q.yaml")
    assert questionnaire is not None
    sheets = [
        ("U1", "public", {"q1": "满意", "q2": "满意"}),
        ("U1", "public", {"q1": "不满意", "q2": "不了解"}),
        ("U1", "public", {"q1": "不了解", "q3": "好"}),  # no valid Likert answer: not a respondent here
        ("U2", "public", {"q2": "一般"}),
    ]
    found = rates(questionnaire, sheets)
    fairness = found[("U1", "public", Aspect.FAIRNESS.value)]
    assert (fairness.satisfied, fairness.valid, fairness.respondents) == (1, 2, 2)
    pooled = found[("U1", "public", ALL_ASPECTS)]
    assert (pooled.satisfied, pooled.valid, pooled.respondents) == (2, 3, 2)
    assert pooled.percent() == pytest.approx(66.67)
    assert not pooled.too_small
    small = found[("U2", "public", ALL_ASPECTS)]
    assert small.rate == 0 and small.too_small
    assert "样本少于 2 人" in small.note("测试问卷")
    assert "95% 置信区间" in pooled.note("测试问卷") and "有效样本 2 人" in pooled.note("测试问卷")

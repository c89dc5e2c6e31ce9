"""A questionnaire 调查问卷: respondent groups, questions, the aspect each measures, how rates count.

Written as YAML beside the scheme and checked the same way: :func:`load_questionnaire` returns the
questionnaire, or None, with every problem located (file, line, column and the field's path), read
within the same bounds as a scheme (:mod:`dudao.limits` through
:func:`dudao.scheme.yaml_source.read_yaml`). A sketch::

    survey: {code: cq-2022, title: 满意度调查（示例）, min_sample: 30}
    scales:
      satisfaction:
        options: [非常满意, 比较满意, 一般, 不太满意, 很不满意, 不了解]
        satisfied: [非常满意, 比较满意]     # counted as satisfied
        not_counted: [不了解]               # left out of the denominator
    groups:
      - code: public
        name: 社会公众和家长
        questions:
          - {code: p1, kind: likert, scale: satisfaction, aspect: fairness, text: …}
          - {code: p9, kind: text, text: 您的意见和建议}
    scores:                                 # rates that become the unit's data for the round
      - {element: satisfaction_public, group: public}   # every aspect of the group pooled

The rate of a group (and aspect) is the share of *satisfied* answers among its valid Likert
answers: ``satisfied ÷ (answers − not_counted)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from dudao.errors import Location, Problem
from dudao.scheme.yaml_source import YNode, read_yaml


class Kind(StrEnum):
    """A question's kind 题型."""

    SINGLE = "single"  # 单选
    MULTIPLE = "multiple"  # 多选
    LIKERT = "likert"  # 量表（满意度）
    TEXT = "text"  # 开放题


class Aspect(StrEnum):
    """What a Likert question measures 维度 (the national survey's four)."""

    FAIRNESS = "fairness"
    QUALITY = "quality"
    GOVERNANCE = "governance"
    OVERALL = "overall"


ASPECT_NAMES = {
    Aspect.FAIRNESS: "教育公平",
    Aspect.QUALITY: "教育质量",
    Aspect.GOVERNANCE: "教育治理",
    Aspect.OVERALL: "总体满意度",
}
KIND_NAMES = {Kind.SINGLE: "单选", Kind.MULTIPLE: "多选", Kind.LIKERT: "量表", Kind.TEXT: "开放题"}
ALL_ASPECTS = "all"  # a score over every aspect of a group, pooled


@dataclass(frozen=True)
class Integrity:
    """The integrity rules' thresholds (see :mod:`dudao.store.survey.integrity`)."""

    burst_count: int = 10  # more answers than this for one unit from one address …
    burst_seconds: int = 60  # … within this many seconds: a burst
    rate_count: int = 60  # answers one address may send in ``rate_seconds`` before it is refused
    rate_seconds: int = 3600
    straight_min_items: int = 6  # at least this many Likert answers, all alike: straight-lining
    text_min_chars: int = 8  # open answers this long or longer may not repeat another's word for word


@dataclass(frozen=True)
class Scale:
    code: str
    options: tuple[str, ...]
    satisfied: frozenset[str]
    not_counted: frozenset[str]


@dataclass(frozen=True)
class Question:
    code: str
    kind: Kind
    text: str
    options: tuple[str, ...] = ()
    scale: Scale | None = None
    aspect: Aspect | None = None
    required: bool = False
    max_choices: int = 0  # multiple choice: 0 for any number
    max_chars: int = 500  # open text


@dataclass(frozen=True)
class Group:
    """A respondent group 调查对象 (public and parents, teachers, students)."""

    code: str
    name: str
    intro: str
    questions: tuple[Question, ...]

    def question(self, code: str) -> Question | None:
        return next((q for q in self.questions if q.code == code), None)


@dataclass(frozen=True)
class ScoreMap:
    """A rate that becomes an element's value (in percent): one group's, one aspect or all."""

    element: str
    group: str
    aspect: str = ALL_ASPECTS


@dataclass(frozen=True)
class Questionnaire:
    code: str
    title: str
    groups: tuple[Group, ...]
    scores: tuple[ScoreMap, ...] = ()
    min_sample: int = 30
    sample: bool = False  # an example (示例), labelled so wherever it is shown
    integrity: Integrity = field(default_factory=Integrity)

    def group(self, code: str) -> Group | None:
        return next((g for g in self.groups if g.code == code), None)


_CODE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TOP = ("survey", "scales", "groups", "scores")
_HEAD = ("code", "title", "min_sample", "sample", "integrity")
_INTEGRITY = tuple(Integrity.__dataclass_fields__)
_QUESTION = ("code", "kind", "text", "options", "scale", "aspect", "required", "max_choices", "max_chars")


def load_questionnaire(
    text: str, file: str = "questionnaire.yaml"
) -> tuple[Questionnaire | None, list[Problem]]:
    """Read and check a questionnaire; None when it has any error. Never raises on bad input.

    >>> q, problems = load_questionnaire("survey: {code: x, title: t}\\ngroups: []\\n", "q.yaml")
    >>> q is None, problems[0].code, str(problems[0].location)
    (True, 'missing-field', 'q.yaml:2:9 (groups)')
    """
    root, problems = read_yaml(text, file)
    if root is None:
        return None, problems
    builder = _Builder(file, problems)
    built = builder.questionnaire(root)
    if any(p.severity == "error" for p in builder.problems):
        return None, builder.problems
    return built, builder.problems


class _Builder:
    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems

    def at(self, node: YNode, path: str) -> Location:
        return Location(node.location.file, node.location.line, node.location.column, path)

    def problem(self, node: YNode, path: str, code: str, /, variant: str = "", **fields: Any) -> None:
        self.problems.append(Problem.of(code, self.at(node, path), variant=variant, **fields))

    def wrong(self, node: YNode, path: str, expected: tuple[str, str]) -> None:
        self.problem(
            node,
            path,
            "yaml-type",
            what_zh=f"“{path}”",
            what_en=repr(path),
            expected_zh=expected[0],
            expected_en=expected[1],
        )

    def missing(self, node: YNode, path: str, zh: str, en: str) -> None:
        self.problem(node, path, "missing-field", what_zh=zh, what_en=en)

    def mapping(self, node: YNode, path: str, known: tuple[str, ...]) -> dict[str, YNode]:
        if not isinstance(node.value, dict):
            self.wrong(node, path, ("键值映射", "a mapping"))
            return {}
        for key in node.value:
            if key not in known:
                where = node.key_locations.get(key, node.location)
                self.problems.append(
                    Problem.of(
                        "unknown-key",
                        Location(where.file, where.line, where.column, f"{path}.{key}" if path else key),
                        variant="known",
                        key=key,
                        known_zh="、".join(known),
                        known_en=", ".join(known),
                    )
                )
        return node.value

    def listing(self, node: YNode, path: str) -> list[YNode]:
        if not isinstance(node.value, list):
            self.wrong(node, path, ("列表", "a list"))
            return []
        return node.value

    def text(self, node: YNode | None, parent: YNode, path: str, zh: str, en: str) -> str:
        if node is None:
            self.missing(parent, path, zh, en)
            return ""
        if node.value is None or isinstance(node.value, (dict, list, bool)):
            self.wrong(node, path, ("文字", "text"))
            return ""
        value = node.text if isinstance(node.value, (int, float)) else str(node.value)
        if not value.strip():
            self.missing(node, path, zh, en)
        return value.strip()

    def code(
        self, node: YNode | None, parent: YNode, path: str, kind: tuple[str, str], seen: dict[str, int]
    ) -> str:
        value = self.text(node, parent, path, f"{kind[0]}代码", f"{kind[1]} code")
        if not value or node is None:
            return value
        if not _CODE.fullmatch(value):
            self.problem(node, path, "bad-code", kind_zh=kind[0], kind_en=kind[1], code=value)
        elif value in seen:
            self.problem(
                node, path, "duplicate-code", kind_zh=kind[0], kind_en=kind[1], code=value, line=seen[value]
            )
        else:
            seen[value] = node.location.line
        return value

    def number(self, node: YNode | None, path: str, default: int, least: int = 0) -> int:
        if node is None:
            return default
        if isinstance(node.value, bool) or not isinstance(node.value, int) or node.value < least:
            self.wrong(node, path, (f"不小于 {least} 的整数", f"a whole number ≥ {least}"))
            return default
        return node.value

    def flag(self, node: YNode | None, path: str) -> bool:
        if node is None:
            return False
        if not isinstance(node.value, bool):
            self.wrong(node, path, ("true 或 false", "true or false"))
            return False
        return node.value

    def words(self, node: YNode | None, parent: YNode, path: str) -> tuple[str, ...]:
        if node is None:
            return ()
        found: list[str] = []
        for i, child in enumerate(self.listing(node, path)):
            word = self.text(child, node, f"{path}[{i}]", "选项文字", "option text")
            if word in found:
                self.problem(
                    child,
                    f"{path}[{i}]",
                    "duplicate-code",
                    kind_zh="选项",
                    kind_en="option",
                    code=word,
                    line=node.location.line,
                )
            elif word:
                found.append(word)
        return tuple(found)

    # -- sections ------------------------------------------------------------------
    def questionnaire(self, root: YNode) -> Questionnaire | None:
        top = self.mapping(root, "", _TOP)
        if not top:
            return None
        head_node = top.get("survey")
        if head_node is None:
            self.missing(root, "survey", "“survey”部分", "'survey' section")
            return None
        head = self.mapping(head_node, "survey", _HEAD)
        code = self.code(head.get("code"), head_node, "survey.code", ("问卷", "questionnaire"), {})
        title = self.text(head.get("title"), head_node, "survey.title", "问卷标题", "questionnaire title")
        min_sample = self.number(head.get("min_sample"), "survey.min_sample", 30, least=1)
        integrity = self.integrity(head.get("integrity"))
        scales = self.scales(top.get("scales"))
        groups = self.groups(top.get("groups"), root, scales)
        scores = self.scores(top.get("scores"), groups)
        return Questionnaire(
            code=code,
            title=title,
            groups=tuple(groups),
            scores=tuple(scores),
            min_sample=min_sample,
            sample=self.flag(head.get("sample"), "survey.sample"),
            integrity=integrity,
        )

    def integrity(self, node: YNode | None) -> Integrity:
        if node is None:
            return Integrity()
        given = self.mapping(node, "survey.integrity", _INTEGRITY)
        defaults = Integrity()
        values = {
            name: self.number(given.get(name), f"survey.integrity.{name}", getattr(defaults, name), least=1)
            for name in _INTEGRITY
        }
        return Integrity(**values)

    def scales(self, node: YNode | None) -> dict[str, Scale]:
        found: dict[str, Scale] = {}
        if node is None:
            return found
        for name, child in self.mapping(
            node, "scales", tuple(node.value) if isinstance(node.value, dict) else ()
        ).items():
            path = f"scales.{name}"
            if not _CODE.fullmatch(name):
                self.problem(child, path, "bad-code", kind_zh="量表", kind_en="scale", code=name)
            body = self.mapping(child, path, ("options", "satisfied", "not_counted"))
            options = self.words(body.get("options"), child, f"{path}.options")
            if len(options) < 2:
                self.missing(child, f"{path}.options", "至少两个选项", "at least two options")
            satisfied = self.words(body.get("satisfied"), child, f"{path}.satisfied")
            if not satisfied:
                self.missing(child, f"{path}.satisfied", "计为满意的选项", "the options counted as satisfied")
            not_counted = self.words(body.get("not_counted"), child, f"{path}.not_counted")
            for key, words in (("satisfied", satisfied), ("not_counted", not_counted)):
                for word in words:
                    if word not in options:
                        self.problem(
                            body[key],
                            f"{path}.{key}",
                            "bad-choice",
                            what_zh="选项",
                            what_en="option",
                            value=word,
                            choices_zh="、".join(options),
                            choices_en=", ".join(options),
                        )
            if set(satisfied) & set(not_counted):
                self.problem(
                    child,
                    path,
                    "survey-scale-overlap",
                    scale=name,
                    options="、".join(sorted(set(satisfied) & set(not_counted))),
                )
            found[name] = Scale(name, options, frozenset(satisfied), frozenset(not_counted))
        return found

    def groups(self, node: YNode | None, root: YNode, scales: dict[str, Scale]) -> list[Group]:
        if node is None:
            self.missing(root, "groups", "“groups”部分", "'groups' section")
            return []
        items = self.listing(node, "groups")
        if isinstance(node.value, list) and not items:
            self.missing(node, "groups", "至少一个调查对象组", "at least one respondent group")
        seen: dict[str, int] = {}
        found: list[Group] = []
        for i, child in enumerate(items):
            path = f"groups[{i}]"
            body = self.mapping(child, path, ("code", "name", "intro", "questions"))
            if not body:
                continue
            code = self.code(body.get("code"), child, f"{path}.code", ("调查对象组", "group"), seen)
            name = self.text(body.get("name"), child, f"{path}.name", "调查对象组名称", "group name")
            intro = (
                self.text(body["intro"], child, f"{path}.intro", "说明", "intro") if "intro" in body else ""
            )
            questions = self.questions(body.get("questions"), child, f"{path}.questions", scales)
            found.append(Group(code, name, intro, tuple(questions)))
        return found

    def questions(
        self, node: YNode | None, parent: YNode, path: str, scales: dict[str, Scale]
    ) -> list[Question]:
        if node is None:
            self.missing(parent, path, "题目（questions）", "questions")
            return []
        seen: dict[str, int] = {}
        found: list[Question] = []
        items = self.listing(node, path)
        if isinstance(node.value, list) and not items:
            self.missing(node, path, "至少一道题", "at least one question")
        for i, child in enumerate(items):
            where = f"{path}[{i}]"
            body = self.mapping(child, where, _QUESTION)
            if not body:
                continue
            code = self.code(body.get("code"), child, f"{where}.code", ("题目", "question"), seen)
            text = self.text(body.get("text"), child, f"{where}.text", "题干", "question text")
            kind_node = body.get("kind")
            kind_text = self.text(kind_node, child, f"{where}.kind", "题型", "question kind")
            if kind_node is None or not kind_text:
                continue
            if kind_text not in set(Kind):
                self.choice(
                    kind_node, f"{where}.kind", "题型", "question kind", kind_text, [k.value for k in Kind]
                )
                continue
            kind = Kind(kind_text)
            question = Question(
                code,
                kind,
                text,
                required=self.flag(body.get("required"), f"{where}.required"),
                max_chars=self.number(body.get("max_chars"), f"{where}.max_chars", 500, least=1),
            )
            if kind is Kind.LIKERT:
                question = self.likert(question, body, child, where, scales)
            elif kind in (Kind.SINGLE, Kind.MULTIPLE):
                options = self.words(body.get("options"), child, f"{where}.options")
                if len(options) < 2:
                    self.missing(child, f"{where}.options", "至少两个选项", "at least two options")
                most = self.number(body.get("max_choices"), f"{where}.max_choices", 0, least=1)
                question = Question(
                    code,
                    kind,
                    text,
                    options,
                    required=question.required,
                    max_choices=most if kind is Kind.MULTIPLE else 0,
                )
            for key in ("scale", "aspect"):
                if key in body and kind is not Kind.LIKERT:
                    self.problem(body[key], f"{where}.{key}", "survey-likert-only", key=key, kind=kind.value)
            found.append(question)
        return found

    def likert(
        self, question: Question, body: dict[str, YNode], child: YNode, where: str, scales: dict[str, Scale]
    ) -> Question:
        scale_name = self.text(body.get("scale"), child, f"{where}.scale", "量表（scale）", "scale")
        scale = scales.get(scale_name)
        if scale_name and scale is None:
            self.choice(body["scale"], f"{where}.scale", "量表", "scale", scale_name, list(scales))
        aspect_text = self.text(body.get("aspect"), child, f"{where}.aspect", "测量维度（aspect）", "aspect")
        aspect = None
        if aspect_text and aspect_text not in set(Aspect):
            self.choice(
                body["aspect"],
                f"{where}.aspect",
                "测量维度",
                "aspect",
                aspect_text,
                [a.value for a in Aspect],
            )
        elif aspect_text:
            aspect = Aspect(aspect_text)
        return Question(
            question.code,
            Kind.LIKERT,
            question.text,
            scale.options if scale else (),
            scale,
            aspect,
            question.required,
        )

    def choice(self, node: YNode, path: str, zh: str, en: str, value: str, choices: list[str]) -> None:
        self.problem(
            node,
            path,
            "bad-choice",
            what_zh=zh,
            what_en=en,
            value=value,
            choices_zh="、".join(choices) or "（无）",
            choices_en=", ".join(choices) or "(none)",
        )

    def scores(self, node: YNode | None, groups: list[Group]) -> list[ScoreMap]:
        if node is None:
            return []
        found: list[ScoreMap] = []
        seen: dict[str, int] = {}
        codes = [g.code for g in groups]
        for i, child in enumerate(self.listing(node, "scores")):
            path = f"scores[{i}]"
            body = self.mapping(child, path, ("element", "group", "aspect"))
            if not body:
                continue
            element = self.code(body.get("element"), child, f"{path}.element", ("数据项", "element"), seen)
            group = self.text(body.get("group"), child, f"{path}.group", "调查对象组", "group")
            if group and group not in codes:
                self.choice(body["group"], f"{path}.group", "调查对象组", "group", group, codes)
            aspect = ALL_ASPECTS
            if "aspect" in body:
                aspect = self.text(body["aspect"], child, f"{path}.aspect", "测量维度", "aspect")
                allowed = [ALL_ASPECTS, *(a.value for a in Aspect)]
                if aspect not in allowed:
                    self.choice(body["aspect"], f"{path}.aspect", "测量维度", "aspect", aspect, allowed)
            found.append(ScoreMap(element, group, aspect))
        return found


def check_against_scheme(questionnaire: Questionnaire, elements: dict[str, str], file: str) -> list[Problem]:
    """The scores' elements must be the scheme's (code → name): a rate for an unknown element
    would be data nobody scores."""
    return [
        Problem.of(
            "survey-unknown-element",
            Location(file, field=f"scores[{i}].element"),
            element=score.element,
            known="、".join(sorted(elements)[:12]) + ("…" if len(elements) > 12 else ""),
        )
        for i, score in enumerate(questionnaire.scores)
        if score.element not in elements
    ]

"""Mapping claims to the bundled district scheme: names, aliases, the words around, and what the
scheme does not hold (targets, groups, the supervisors' own work, the unit's setting)."""

from __future__ import annotations

import pytest

from dudao.reader.claims import extract_claims
from dudao.reader.mapping import Target, is_context, map_claim, targets_of
from dudao.reader.tokens import normalised, words
from dudao.samples import bundled_scheme_path
from dudao.scheme import read_scheme


@pytest.fixture(scope="module")
def targets() -> list[Target]:
    return targets_of(read_scheme(bundled_scheme_path()))


def code(text: str, figure: str, targets: list[Target]) -> str | None:
    claim = next(c for c in extract_claims(text) if c.text == figure)
    mapped = map_claim(claim, targets)
    return mapped[0].code if mapped else None


@pytest.mark.parametrize(
    ("text", "figure", "expected"),
    [
        ("减轻中小学教师负担,压减率达到60%左右,清理抽调老师3人。", "3人", "teachers_seconded"),
        ("辖区内审批在册学科类培训机构全部清零。", "全部清零", "subject_tutoring_orgs"),
        ("学前三年教育毛入园率达124.6%,公办幼儿园在园幼儿占比超过55%。", "超过55%", "public_kg_share"),
        ("全区义务教育毛入学率达100%,义务教育巩固率达100%。", "达100%", "compulsory_gross_rate"),
        ("2021年,全区一般公共预算教育经费15.67亿元,较上年度增长12.75%。", "12.75%", "edu_budget_growth"),
        ("建立突发公共事件预防机制,开展逃生演练200余次。", "200余次", "drills_held"),
        ("专任教师31.2万人(小学19.2万人,初中12万人)。", "31.2万人", "teachers"),
        ("辖区内在校中小学生68428人(小学40979人,初中17112人)。", "40979人", "pupils_primary"),
        ("全县在校中小学生5万人(小学3万人,初中1.5万人,高中0.5万人)。", "1.5万人", "pupils_junior"),
        ("全县在校中小学生5万人(小学3万人,初中1.5万人,高中0.5万人)。", "0.5万人", "pupils_senior"),
        ("全县在园幼儿9000人,教职工800人,专任教师600人。", "600人", "teachers"),
        ("中小学校落实党组织领导的校长负责制,实现了党的组织和党的工作全覆盖。", "全覆盖", "party_org_coverage"),
    ],
)
def test_a_claim_maps_to_what_its_words_name(
    text: str, figure: str, expected: str, targets: list[Target]
) -> None:
    assert code(text, figure, targets) == expected


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("正在实施的学校5所,建成投用后将新增学位9900个。", "9900个"),  # a target, not places built
        ("工作获评真抓实干成效明显的5个区县之一。", "5个"),  # a group the unit belongs to
        ("专任教师31.2万人(小学19.2万人,初中12万人)。", "19.2万人"),  # primary teachers: not in the scheme
        ("全省有义务教育学校11441所。", "11441所"),  # all schools, not the private ones
        ("督导检查组共随机抽查学校149所,教学点27个。", "27个"),  # what the supervisors inspected
        ("高等教育毛入学率57.88%。", "57.88%"),  # another stage
        ("各级各类公办学校党组织实现全覆盖。", "全覆盖"),  # public schools only
        ("全县在园幼儿9000人,教职工800人。", "800人"),  # staff: not a part of the children
        ("适龄儿童少年入学率为100%。", "100%"),  # all children, not the disabled ones
        ("全县常住人口56万。", "56万"),  # all ages, not the 3 to 5 year olds
    ],
)
def test_what_the_scheme_does_not_hold_maps_to_nothing(text: str, figure: str, targets: list[Target]) -> None:
    assert code(text, figure, targets) is None


def test_the_unit_setting_is_told_as_context() -> None:
    claims = extract_claims("全县共有各级各类学校156所,其中幼儿园68所。工作获评成效明显的5个区县之一。新建学校3所。")
    assert [(c.text, is_context(c)) for c in claims] == [("156所", True), ("68所", True), ("5个", True), ("3所", False)]


def test_words_cut_names_and_sentences_alike() -> None:
    assert words("公办园在园幼儿占比") == words("公办幼儿园在园幼儿占比") == ("公办园", "在园幼儿")
    assert normalised("清理抽调老师") == "清理抽调教师"

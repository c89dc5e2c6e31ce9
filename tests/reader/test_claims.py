"""Claims: what counts as one, its span, value, unit, qualifier, kind and period."""

from __future__ import annotations

import pytest

from dudao.reader.claims import extract_claims
from dudao.reader.numerals import parse_chinese


def fields(text: str) -> list[tuple[object, ...]]:
    return [(c.text, c.value, c.multiplier, c.unit, c.qualifier, c.kind) for c in extract_claims(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("召开60余次全体会议", [("60余次", 60.0, None, "次", "余", "count")]),
        ("教育经费15.67亿元", [("15.67亿元", 15.67, "亿", "元", None, "amount")]),
        ("较上年度增长12.75%", [("12.75%", 12.75, None, "%", None, "change_pct")]),
        ("比例增加2.52个百分点", [("2.52个百分点", 2.52, None, "个百分点", None, "change_pp")]),
        ("资助学生1.3万余名", [("1.3万余名", 1.3, "万", "名", "余", "count")]),
        ("投入800余万元", [("800余万元", 800.0, "万", "元", "余", "amount")]),
        ("毛入园率达124.6%", [("达124.6%", 124.6, None, "%", "达", "share")]),
        ("开展活动达2000余次", [("达2000余次", 2000.0, None, "次", "余", "count")]),
        ("占比超过55%", [("超过55%", 55.0, None, "%", "超过", "share")]),
        ("投入近600万元", [("近600万元", 600.0, "万", "元", "近", "amount")]),
        ("压减率达到60%左右", [("60%左右", 60.0, None, "%", "左右", "change_pct")]),
        ("占比降至7.14%", [("7.14%", 7.14, None, "%", None, "share")]),
        ("共有一百二十三所学校", [("一百二十三所", 123.0, None, "所", None, "count")]),
        ("比例为百分之三点五", [("百分之三点五", 3.5, None, "%", None, "share")]),
        ("我区两所中职学校", [("两所", 2.0, None, "所", None, "count")]),
        ("校舍面积12,500平方米", [("12,500平方米", 12500.0, None, "平方米", None, "level")]),
        ("十一部门联合印发", [("十一部门", 11.0, None, "部门", None, "count")]),
        ("近视率下降1.2个百分点", [("1.2个百分点", 1.2, None, "个百分点", None, "change_pp")]),
    ],
)
def test_a_claim_is_read_with_its_parts(text: str, expected: list[tuple[object, ...]]) -> None:
    assert fields(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2021年以来,2022-12-13发布",
        "渝府教督发〔2022〕5号",
        "索引号115001050092880479/2022-00320",
        "十八中党建品牌",
        "推进学校党建“一校一品”创建",
        "“万名师生同上一堂党史课”活动,建党100周年",
        "百年党史,“十四五”规划(2021-2025)",
        "名列重庆市第一,第3名",
        "1.加强党对教育工作全面领导",
        "提升工程2.0项目",
        "“三名”工程和“五个一点”活动",
        "一个学校,一站式服务,一键式报警",
        "“11+5+X”效果更加彰显,“5+2”模式",
    ],
)
def test_not_claims(text: str) -> None:
    assert fields(text) == []


def test_the_span_is_the_source_slice() -> None:
    text = "前言。2021年,全区新增普惠性幼儿园12所,其中公办8所。"
    for claim in extract_claims(text):
        assert text[claim.start : claim.end] == claim.text
        assert claim.number in claim.text


def test_the_period_is_the_time_phrase_before_the_number_in_the_sentence() -> None:
    text = "2021年以来,我区投入30亿元。2022年新增1所。两年来,完成4项;印发《规划(2021-2025年)》,新增5所"
    assert [c.period for c in extract_claims(text)] == ["2021年以来", "2022年", "两年来", None]


def test_a_fall_is_a_negative_change() -> None:
    fall, rise = extract_claims("近视率下降1.2个百分点,经费增长3%")
    assert fall.falls and not rise.falls


def test_a_bare_hundred_or_ten_thousand_is_a_word() -> None:
    assert parse_chinese("万") is None
    assert parse_chinese("百") is None
    assert parse_chinese("一二") is None
    assert parse_chinese("二十万零五") == 200005.0

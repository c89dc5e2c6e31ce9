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
        ("我市对照 12 个方面评价重点", [("12 个", 12.0, None, "个", None, "count")]),
        ("到高校不少于 2 次", [("不少于 2 次", 2.0, None, "次", "不少于", "count")]),
        ("在校生553万(小学346万", [("553万", 553.0, "万", None, None, "count"), ("346万", 346.0, "万", None, None, "count")]),
        ("查阅档案资料两千余卷", [("两千余卷", 2000.0, None, "卷", "余", "count")]),
        ("召开座谈会48场次", [("48场次", 48.0, None, "场次", None, "count")]),
        ("实地督查持续约两周", [("约两周", 2.0, None, "周", "约", "level")]),
        ("学校百余所,近万名教师", [("百余所", 100.0, None, "所", "余", "count"), ("近万名", 1.0, "万", "名", "近", "count")]),
        ("连续举办22年的读书班", [("22年", 22.0, None, "年", None, "level")]),
        ("有3.8万余名学生", [("3.8万余名", 3.8, "万", "名", "余", "count")]),
        ("满意度调查结果均在85%以上", [("85%以上", 85.0, None, "%", "以上", "share")]),
        ("全国累计已达2767个县", [("达2767个", 2767.0, None, "个", "达", "count")]),
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
        "居全国第一方阵,第3批,第二届",
        "落实两个只增不减,树牢四个意识,五项管理,两类学校",
        "3至5岁常住人口,0-3岁婴幼儿",
        "发布时间: 2020- 09- 14 16: 08,联系方式:(028)86145605",
        "公示日期: 2018年5月15日-5月19日,邮编:610041,陕西街26号,2号楼1108室",
        "04.06.2014  10:13,省人民政府令第198号,榕政综〔2011〕135号,1 / 2",
        "每百名学生拥有骨干教师,百年名校,万名师生",
        "近三年累计投入,三年行动计划,九年义务教育",
        "高校党委书记每学期至少为学生讲一次思政课,市、县两级",
        "1.加强党对教育工作全面领导",
        "提升工程2.0项目",
        "“三名”工程和“五个一点”活动",
        "一个学校,一站式服务,一键式报警",
        "“11+5+X”效果更加彰显,“5+2”模式",
    ],
)
def test_not_claims(text: str) -> None:
    assert fields(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("培训机构全部清零", [("全部清零", 0.0, None, None, None, "count")]),
        ("意识形态领域问题零发生", [("零发生", 0.0, None, None, None, "count")]),
        ("党组织实现全覆盖", [("全覆盖", 100.0, None, "%", None, "share")]),
        ("尚未实现全覆盖", []),
        ("投入翻一番", [("翻一番", 100.0, None, "%", None, "change_pct")]),
        ("达到三分之二", [("三分之二", 66.67, None, "%", None, "share")]),
        ("八成以上学校", [("八成以上", 80.0, None, "%", "以上", "share")]),
        ("超过半数的学校", [("超过半数", 50.0, None, "%", "超过", "share")]),
        ("名列重庆市第一,", [("第一", 1.0, None, None, None, "rank")]),
        ("位列珠三角第一名!", [("第一名", 1.0, None, "名", None, "rank")]),
        ("获得全省第3名的好成绩", [("第3名", 3.0, None, "名", None, "rank")]),
        ("按照 1:200 要求配齐辅导员", [("1:200", 200.0, None, ":", None, "standard")]),
        ("师生比为1∶15.5,生师比13.5:1", [("1∶15.5", 15.5, None, ":", None, "ratio"), ("13.5:1", 13.5, None, ":", None, "ratio")]),
        ("差异系数分别为0.38、0.29", [("0.38", 0.38, None, None, None, "level"), ("0.29", 0.29, None, None, None, "level")]),
    ],
)
def test_words_ranks_ratios_and_coefficients_are_claims(text: str, expected: list[tuple[object, ...]]) -> None:
    assert fields(text) == expected


@pytest.mark.parametrize(
    ("text", "figure", "kind"),
    [
        ("正在实施的学校5所,建成投用后将新增学位9900个。", "9900个", "target"),
        ("若最终通过“国检”,全省将有97个", "97个", "target"),
        ("明确要求“到2020年,全国实现基本均衡的县达到95%”。", "95%", "target"),
        ("获评成效明显的5个区县之一予以督查激励通报", "5个", "membership"),
        ("在珠三角地区48个县(市、区)中排名第一", "48个", "membership"),
        ("每位市领导每年到高校不少于 2 次", "不少于 2 次", "standard"),
        ("深圳评价成绩为98.20分", "98.20分", "score"),
        ("校园面积3.2万平方米", "3.2万平方米", "level"),
    ],
)
def test_the_words_around_decide_the_kind(text: str, figure: str, kind: str) -> None:
    claim = next(c for c in extract_claims(text) if c.text == figure)
    assert claim.kind == kind


def test_a_breakdown_knows_its_whole() -> None:
    text = "专任教师31.2万人(小学19.2万人,初中12万人)。"
    teachers, primary, junior = extract_claims(text)
    assert (teachers.inherited, primary.inherited, junior.inherited) == ("", "专任教师", "专任教师")


def test_the_span_is_the_source_slice() -> None:
    text = "前言。2021年,全区新增普惠性幼儿园12所,其中公办8所。"
    for claim in extract_claims(text):
        assert text[claim.start : claim.end] == claim.text
        assert claim.number in claim.text


def test_the_period_is_the_time_phrase_before_the_number_in_the_sentence() -> None:
    text = "2021年以来,我区投入30亿元。2022年新增1所。两年来,完成4项;印发《规划(2021-2025年)》,新增5所"
    assert [c.period for c in extract_claims(text)] == ["2021年以来", "2022年", "两年来", None]
    text = "市教委于2020年10月13日至22日对全市16个区督导(国办发〔2017〕49号),共8个组。"
    assert [c.period for c in extract_claims(text)] == ["2020年", "2020年"]


def test_a_fall_is_a_negative_change() -> None:
    fall, rise = extract_claims("近视率下降1.2个百分点,经费增长3%")
    assert fall.falls and not rise.falls


def test_a_bare_hundred_or_ten_thousand_is_a_word() -> None:
    assert parse_chinese("万") is None
    assert parse_chinese("百") is None
    assert parse_chinese("一二") is None
    assert parse_chinese("二十万零五") == 200005.0

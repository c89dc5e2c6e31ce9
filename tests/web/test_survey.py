"""The satisfaction survey on the demo round: the public form without login, the integrity rules,
the office's pages (exclusions reversed and audited, search, export, QR codes) and scoring."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from dudao.samples import bundled_survey_path
from dudao.store.audit.models import Action, AuditEntry
from dudao.store.entry.models import DataValue
from dudao.store.rounds.models import Round
from dudao.store.survey.models import Reason, Response, Survey
from dudao.store.survey.services import SurveyRefused, apply_to_round, set_questionnaire, take_answer
from tests.web.conftest import login

JB = "500105"
LIKERT = ["p_fair1", "p_fair2", "p_qual1", "p_qual2", "p_gov1", "p_gov2", "p_all"]


def _text(**integrity: int) -> str:
    text = bundled_survey_path().read_text(encoding="utf-8").replace("min_sample: 30", "min_sample: 3")
    for name, value in integrity.items():
        text = text.replace(f"    {name}: ", f"    {name}: {value} #", 1)
    return text


@pytest.fixture
def survey(demo_round: Round, user: Any) -> Survey:
    found, problems = set_questionnaire(user("office"), demo_round, _text(), "national_example.yaml")
    assert found is not None, problems
    return found


def _answers(*likert: str, text: str = "", role: str = "在读学生家长") -> dict[str, list[str]]:
    form = {"q-role": [role]}
    for code, answer in zip(LIKERT, likert, strict=False):
        form[f"q-{code}"] = [answer]
    if text:
        form["q-p_open"] = [text]
    return form


def _answer(survey: Survey, form: dict[str, list[str]], device: str, address: str = "10.0.0.1") -> Response:
    return take_answer(survey, JB, "public", form, device=device, address=address).response


MIXED = ("非常满意", "比较满意", "一般", "比较满意", "不太满意", "非常满意", "比较满意")


def test_the_form_needs_no_login_and_sets_a_device_cookie(survey: Survey) -> None:
    client = Client()
    start = client.get(f"/s/{survey.round_id}/{JB}/")
    assert start.status_code == 200 and "社会公众和家长" in start.content.decode()
    page = client.get(f"/s/{survey.round_id}/{JB}/public/")
    html = page.content.decode()
    assert page.status_code == 200 and client.cookies["dudao_sv"].value  # set by the first page
    assert "示例问卷" in html and "<script" not in html  # light: no script at all
    assert 'name="q-p_all"' in html


def test_a_posted_answer_is_counted_and_a_second_from_the_device_is_kept_not_counted(survey: Survey) -> None:
    client = Client()
    url = f"/s/{survey.round_id}/{JB}/public/"
    client.get(url)
    first = client.post(url, _answers(*MIXED))
    assert first.status_code == 302
    assert "计入统计" in client.get(first["Location"]).content.decode()
    assert "本设备已提交过" in client.get(url).content.decode()
    second = client.post(url, _answers(*MIXED))
    done = client.get(second["Location"]).content.decode()
    assert "暂不计入统计" in done and "同一设备重复作答" in done
    reasons = list(Response.objects.filter(survey=survey).values_list("reason", flat=True))
    assert reasons == ["", Reason.DUPLICATE_DEVICE]


def test_a_wrong_answer_is_refused_at_its_question_and_nothing_is_kept(survey: Survey) -> None:
    client = Client()
    url = f"/s/{survey.round_id}/{JB}/public/"
    client.get(url)
    response = client.post(url, {"q-p_fair1": ["很好"], "q-role": ["在读学生家长"]})
    assert response.status_code == 400
    assert "请选择一个给出的选项" in response.content.decode()
    response = client.post(url, {"q-p_fair1": ["非常满意"]})  # the required ones are missing
    assert response.status_code == 400 and "此题必答" in response.content.decode()
    assert not Response.objects.filter(survey=survey).exists()


def test_the_form_closes_with_the_round(survey: Survey) -> None:
    Round.objects.filter(pk=survey.round_id).update(state=Round.State.CLOSED)
    client = Client()
    for url in (f"/s/{survey.round_id}/{JB}/", f"/s/{survey.round_id}/{JB}/public/"):
        page = client.get(url)
        assert page.status_code == 200 and "本次调查已结束" in page.content.decode()
    page = client.post(f"/s/{survey.round_id}/{JB}/public/", _answers(*MIXED))
    assert "本次调查已结束" in page.content.decode()
    assert not Response.objects.filter(survey=survey).exists()
    assert Client().get(f"/s/{survey.round_id}/999999/").status_code == 404


def test_integrity_rules_each_give_their_reason(demo_round: Round, user: Any) -> None:
    survey, _ = set_questionnaire(
        user("office"), demo_round, _text(burst_count=3, rate_count=5, straight_min_items=6), "q.yaml"
    )
    assert survey is not None
    assert _answer(survey, _answers(*MIXED), "d1").reason == ""
    assert _answer(survey, _answers(*MIXED), "d1").reason == Reason.DUPLICATE_DEVICE
    assert _answer(survey, _answers(*MIXED), "d2").reason == ""
    burst = _answer(survey, _answers(*MIXED), "d3")  # the fourth from 10.0.0.1 within 60 s
    assert burst.reason == Reason.BURST and "60 秒内" in burst.detail
    assert _answer(survey, _answers(*MIXED), "d4").reason == Reason.BURST
    limited = _answer(survey, _answers(*MIXED), "d5")  # the sixth within the hour
    assert limited.reason == Reason.RATE_LIMIT
    straight = _answer(survey, _answers(*["非常满意"] * 7), "d6", address="10.0.0.2")
    assert straight.reason == Reason.STRAIGHT_LINE and "7 道量表题" in straight.detail
    copied = "希望增加课后服务的托管时间"
    assert _answer(survey, _answers(*MIXED, text=copied), "d7", address="10.0.0.3").reason == ""
    again = _answer(survey, _answers(*MIXED, text=copied + "！"), "d8", address="10.0.0.4")
    assert again.reason == Reason.DUPLICATE_TEXT
    assert all(r.detail for r in Response.objects.filter(survey=survey).exclude(reason=""))


def test_an_invitation_code_answers_once(survey: Survey, user: Any, demo_round: Round) -> None:
    from dudao.store.accounts.models import Unit
    from dudao.store.survey.services import make_invitations

    (invitation,) = make_invitations(user("office"), survey, Unit.objects.get(code=JB), "public", 1)
    first = take_answer(
        survey, JB, "public", _answers(*MIXED), device="a", address="1.1.1.1", invitation=invitation.token
    )
    assert first.response.reason == ""
    second = take_answer(
        survey, JB, "public", _answers(*MIXED), device="b", address="2.2.2.2", invitation=invitation.token
    )
    assert second.response.reason == Reason.DUPLICATE_TOKEN
    with pytest.raises(SurveyRefused):
        take_answer(survey, JB, "public", _answers(*MIXED), device="c", address="3.3.3.3", invitation="nope")


def test_the_office_reverses_an_exclusion_and_it_is_audited(survey: Survey) -> None:
    _answer(survey, _answers(*MIXED), "d1")
    duplicate = _answer(survey, _answers(*MIXED), "d1")
    office = login("office")
    page = office.get(f"/rounds/{survey.round_id}/survey/").content.decode()
    assert f'id="response-{duplicate.pk}"' in page and "同一设备重复作答" in page
    refused = office.post(
        f"/rounds/{survey.round_id}/survey/responses/{duplicate.pk}/", {"count": "1", "note": ""}
    )
    assert refused.status_code == 302
    assert Response.objects.get(pk=duplicate.pk).reason == Reason.DUPLICATE_DEVICE  # a reason is required
    office.post(
        f"/rounds/{survey.round_id}/survey/responses/{duplicate.pk}/", {"count": "1", "note": "家长换人作答"}
    )
    reversed_ = Response.objects.get(pk=duplicate.pk)
    assert (
        reversed_.counted
        and reversed_.flagged == Reason.DUPLICATE_DEVICE
        and reversed_.detail == "家长换人作答"
    )
    entry = AuditEntry.objects.filter(action=Action.SURVEY, target=f"response:{duplicate.pk}").get()
    assert entry.username == "office" and entry.before["reason"] == Reason.DUPLICATE_DEVICE
    assert (
        f'id="reversed-{duplicate.pk}"' in office.get(f"/rounds/{survey.round_id}/survey/").content.decode()
    )


def test_rates_become_the_units_data_and_the_satisfaction_item_scores(survey: Survey, user: Any) -> None:
    for i, likert in enumerate([MIXED, MIXED, ("一般",) * 3 + ("不太满意",) * 4]):
        _answer(survey, _answers(*likert), f"d{i}", address=f"10.0.1.{i}")
    apply_to_round(user("office"), survey)
    period = survey.round.period
    value = DataValue.objects.get(
        round_id=survey.round_id, unit_id=JB, element="satisfaction_public", period=period
    )
    assert value.value == pytest.approx(10 / 21 * 100, abs=0.01)  # 5 + 5 + 0 satisfied of 21 answers
    assert (
        "有效样本 3 人" in value.comment and "95% 置信区间" in value.comment and "满意度调查" in value.comment
    )
    audit = AuditEntry.objects.filter(action=Action.VALUE, unit_id=JB, target="satisfaction_public").first()
    assert audit is not None and audit.after["source"] == f"survey:{survey.code}"
    page = login("office").get(f"/rounds/{survey.round_id}/survey/?unit={JB}").content.decode()
    assert 'id="scored-A9.1"' in page and "有效样本 3 人" in page


def test_search_and_export(survey: Survey) -> None:
    _answer(survey, _answers(*MIXED, text="希望增加体育活动时间"), "d1")
    _answer(survey, _answers(*MIXED, text="食堂饭菜可以更好"), "d2", address="10.0.0.9")
    office = login("office")
    page = office.get(f"/rounds/{survey.round_id}/survey/?q=体育").content.decode()
    assert "希望增加体育活动时间" in page and "食堂饭菜" not in page
    export = office.get(f"/rounds/{survey.round_id}/survey/export/")
    book = load_workbook(io.BytesIO(export.content))
    assert book.sheetnames == ["满意率", "答卷", "开放题"]
    rates = list(book["满意率"].iter_rows(values_only=True))
    assert rates[0][4] == "满意率(%)" and any(row[0] == JB and row[3] == "全部维度" for row in rates[1:])
    assert len(list(book["答卷"].iter_rows())) == 3
    assert {row[4] for row in book["开放题"].iter_rows(min_row=2, values_only=True)} == {
        "希望增加体育活动时间",
        "食堂饭菜可以更好",
    }


def test_qr_codes_and_poster(survey: Survey) -> None:
    office = login("office")
    png = office.get(f"/rounds/{survey.round_id}/survey/units/{JB}/qr.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    svg = office.get(f"/rounds/{survey.round_id}/survey/units/{JB}/qr.svg")
    assert svg.status_code == 200 and b"<svg" in svg.content
    poster = office.get(f"/rounds/{survey.round_id}/survey/units/{JB}/poster/").content.decode()
    assert f"/s/{survey.round_id}/{JB}/" in poster and "<svg" in poster


def test_only_the_office_reads_results_and_everyone_answers(survey: Survey) -> None:
    for account in ("jiangbei", "reviewer", "public"):
        client = login(account)
        assert client.get(f"/rounds/{survey.round_id}/survey/").status_code == 403, account
        assert client.get(f"/rounds/{survey.round_id}/survey/export/").status_code == 403, account
        assert client.get(f"/s/{survey.round_id}/{JB}/public/").status_code == 200, account
    visitor = Client()
    assert visitor.get(f"/rounds/{survey.round_id}/survey/").status_code == 302  # to the login page
    assert visitor.get(f"/s/{survey.round_id}/{JB}/public/").status_code == 200


def test_a_questionnaire_with_answers_is_not_replaced_and_unknown_elements_are_refused(
    survey: Survey, user: Any, demo_round: Round
) -> None:
    found, problems = set_questionnaire(
        user("office"),
        demo_round,
        _text().replace("element: satisfaction_public", "element: happiness"),
        "q.yaml",
    )
    assert found is None and [p.code for p in problems] == ["survey-unknown-element"]
    assert problems[0].location.field == "scores[0].element"
    _answer(survey, _answers(*MIXED), "d1")
    with pytest.raises(SurveyRefused):
        set_questionnaire(user("office"), demo_round, _text(), "q.yaml")


def test_the_api_gives_rates_and_exclusions_and_takes_decisions(survey: Survey) -> None:
    _answer(survey, _answers(*MIXED), "d1")
    duplicate = _answer(survey, _answers(*MIXED), "d1")
    office = login("office")
    found = office.get(f"/api/rounds/{survey.round_id}/survey").json()
    assert found["sample"] is True and found["responses"] == 2 and found["counted"] == 1
    pooled = next(r for r in found["rates"] if r["unit"] == JB and r["aspect"] == "all")
    assert (
        pooled["respondents"] == 1
        and pooled["too_small"] is True
        and pooled["low"] < pooled["rate"] < pooled["high"]
    )
    (excluded,) = office.get(f"/api/rounds/{survey.round_id}/survey/exclusions").json()
    assert excluded["id"] == duplicate.pk and excluded["reason"] == Reason.DUPLICATE_DEVICE
    url = f"/api/rounds/{survey.round_id}/survey/responses/{duplicate.pk}/decision"
    missing = office.post(url, {"count": True, "note": " "}, content_type="application/json")
    assert missing.status_code == 422 and missing.json()["error"]["field"] == "note"
    done = office.post(url, {"count": True, "note": "核实为两位家长"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["counted"] is True
    again = office.post(url, {"count": True, "note": "再次"}, content_type="application/json")
    assert again.status_code == 409
    applied = office.post(f"/api/rounds/{survey.round_id}/survey/apply", content_type="application/json")
    assert applied.status_code == 200 and applied.json()["written"] > 0
    assert login("jiangbei").get(f"/api/rounds/{survey.round_id}/survey").status_code == 403


def test_the_units_page_names_every_aspect(survey: Survey) -> None:
    _answer(survey, _answers(*MIXED), "d1")
    page = login("office").get(f"/rounds/{survey.round_id}/survey/?unit={JB}").content.decode()
    for name in ("教育公平", "教育质量", "教育治理", "总体满意度", "全部维度"):
        assert f"<th>{name}</th>" in page


def test_before_the_round_opens_the_link_says_the_survey_has_not_begun(survey: Survey) -> None:
    Round.objects.filter(pk=survey.round_id).update(state=Round.State.DRAFT)
    page = Client().get(f"/s/{survey.round_id}/{JB}/public/")
    assert page.status_code == 200 and "本次调查尚未开始" in page.content.decode()


def test_an_answer_the_office_excluded_and_counted_again_is_listed_as_restored(
    survey: Survey, user: Any
) -> None:
    from dudao.store.survey.services import decide

    response = _answer(survey, _answers(*MIXED), "d1")
    decide(user("office"), response, count=False, note="同一家长代填")
    excluded = Response.objects.get(pk=response.pk)
    assert excluded.reason == Reason.OFFICE and excluded.flagged == Reason.OFFICE
    decide(user("office"), excluded, count=True, note="核实无误")
    page = login("office").get(f"/rounds/{survey.round_id}/survey/").content.decode()
    assert f'id="reversed-{response.pk}"' in page and "核实无误" in page


def test_units_without_answers_keep_their_values_until_the_survey_gave_them_one(
    survey: Survey, user: Any
) -> None:
    period = survey.round.period
    other = "500103"
    kept = DataValue.objects.filter(
        round_id=survey.round_id, unit_id=other, element="satisfaction_public", period=period
    ).first()
    response = _answer(survey, _answers(*MIXED), "d1")
    apply_to_round(user("office"), survey)
    after = DataValue.objects.filter(
        round_id=survey.round_id, unit_id=other, element="satisfaction_public", period=period
    ).first()
    assert (after.value if after else None) == (kept.value if kept else None)  # no answers: untouched
    from dudao.store.survey.services import decide

    decide(user("office"), response, count=False, note="测试剔除")
    apply_to_round(user("office"), survey)
    value = DataValue.objects.get(
        round_id=survey.round_id, unit_id=JB, element="satisfaction_public", period=period
    )
    assert value.value is None and "尚无有效答卷" in value.comment

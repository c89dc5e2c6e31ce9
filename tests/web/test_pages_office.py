"""The office's pages: rounds list, new round, schemes, progress board, results, audit, public."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dudao.samples import bundled_scheme_path
from dudao.store.audit.models import Action, AuditEntry, record
from dudao.store.entry.models import DataValue
from dudao.store.rounds import services
from dudao.store.rounds.models import Round, RoundUnit, SchemeVersion, Status
from dudao.web.demo import JIANGBEI, RETURNED
from tests.web.conftest import login
from tests.web.test_close_and_publish import publish_form, set_final_scores

pytestmark = pytest.mark.django_db


def board_row(page: str, code: str) -> str:
    match = re.search(rf'<tr id="unit-{code}".*?</tr>', page, re.S)
    assert match, code
    return match.group(0)


def tile(page: str, key: str) -> int:
    match = re.search(rf'data-status="{key}"><span class="n">(\d+)</span>', page)
    assert match, key
    return int(match.group(1))


# -- the rounds list and the board -----------------------------------------------------------


def test_rounds_list_shows_state_deadline_and_counts(demo_round: Round) -> None:
    page = login("office").get(reverse("rounds")).content.decode()
    assert demo_round.name in page and "填报中" in page
    assert demo_round.deadline.isoformat() in page
    submitted = demo_round.entries.filter(status=Status.SUBMITTED).count()
    assert f"已提交 {submitted}" in page
    assert "新建轮次" in page


def test_rounds_list_for_a_unit_shows_only_its_own_status(demo_round: Round) -> None:
    page = login("jiangbei").get(reverse("rounds")).content.decode()
    assert demo_round.name in page and "填报中 1" in page and "新建轮次" not in page
    assert login("public").get(reverse("rounds")).status_code == 200
    anonymous = Client().get(reverse("rounds"))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))


def test_board_shows_the_demo_statuses_and_counts(demo_round: Round) -> None:
    response = login("office").get(reverse("round", args=[demo_round.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    jiangbei = board_row(page, JIANGBEI)
    assert "江北区" in jiangbei and "填报中" in jiangbei
    assert "未开始" in board_row(page, "500118")
    returned = board_row(page, RETURNED)
    assert "已退回" in returned and '<span class="warn">1</span>' in returned  # one returned field
    missing = re.findall(r'<td class="num">(?:<span class="warn">)?(\d+)', jiangbei)
    assert int(missing[-1]) >= 3  # edu_budget, pop_3_5, teacher_avg_pay still empty
    for status in Status:
        assert tile(page, status.value) == demo_round.entries.filter(status=status).count()
    assert tile(page, "not_started") == 2 and tile(page, "returned") == 1
    assert tile(page, "late") == 0
    assert f'<span class="big">{demo_round.days_to_deadline()}</span>' in page
    assert 'id="status-chart"' in page and "echarts-6.0.0.min.js" in page
    assert "关闭轮次并冻结结果" in page


def test_board_filters_by_status(demo_round: Round) -> None:
    office = login("office")
    page = office.get(reverse("round", args=[demo_round.pk]), {"status": "returned"}).content.decode()
    assert re.findall(r'<tr id="unit-(\d+)"', page) == [RETURNED]
    bad = office.get(reverse("round", args=[demo_round.pk]), {"status": "nonsense"})
    assert bad.status_code == 200 and "未知的状态筛选" in bad.content.decode()
    assert len(re.findall(r'<tr id="unit-', bad.content.decode())) == 38


def test_board_flags_late_units_after_the_deadline(demo_round: Round) -> None:
    Round.objects.filter(pk=demo_round.pk).update(deadline=timezone.localdate() - timedelta(days=2))
    page = login("office").get(reverse("round", args=[demo_round.pk])).content.decode()
    late = demo_round.entries.exclude(status=Status.SUBMITTED).count()
    assert tile(page, "late") == late > 0
    assert "逾期" in board_row(page, "500118") and "逾期" not in board_row(page, "500104")
    assert "已超过截止日期" in page


def test_unit_users_go_to_their_unit_and_reviewers_see_their_units(demo_round: Round) -> None:
    response = login("jiangbei").get(reverse("round", args=[demo_round.pk]))
    assert response["Location"] == reverse("unit", kwargs={"round_id": demo_round.pk, "code": JIANGBEI})
    page = login("reviewer").get(reverse("round", args=[demo_round.pk])).content.decode()
    assert "分配给您的被评价单位" in page
    assert re.findall(r"<code>(\d+)</code>", page) == ["500103", "500104", "500106"]


def test_unit_users_are_refused_the_office_pages(demo_round: Round, user: Any) -> None:
    jiangbei = login("jiangbei")
    for url in (
        reverse("audit"),
        reverse("round_results", args=[demo_round.pk]),
        reverse("round_create"),
        reverse("schemes"),
    ):
        assert jiangbei.get(url).status_code == 403, url
    assert jiangbei.post(reverse("round_state", args=[demo_round.pk]), {"state": "closed"}).status_code == 403
    assert jiangbei.post(reverse("round_publish", args=[demo_round.pk])).status_code == 403
    assert login("reviewer").get(reverse("audit")).status_code == 403
    # a round Jiangbei takes no part in: its board is refused too
    other = services.create_round(
        user("office"),
        name="渝中区专项",
        scheme=demo_round.scheme,
        scope=demo_round.scope.children.get(code="500103"),
        deadline=timezone.localdate() + timedelta(days=9),
    )
    assert jiangbei.get(reverse("round", args=[other.pk])).status_code == 403


# -- creating rounds ---------------------------------------------------------------------------


def round_form(**changes: Any) -> dict[str, Any]:
    form = {
        "name": "重庆市2023年评价（测试）",
        "scheme": "bundled:cq-district-2022",
        "scope": "500000",
        "period": "",
        "deadline": (timezone.localdate() + timedelta(days=20)).isoformat(),
        "review_deadline": "",
        "load_prior": "on",
    }
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


def test_creating_a_round(demo_round: Round) -> None:
    response = login("office").post(reverse("round_create"), round_form())
    assert response.status_code == 302
    round = Round.objects.get(name="重庆市2023年评价（测试）")
    assert response["Location"] == reverse("round", args=[round.pk])
    assert round.state == Round.State.DRAFT and round.period == 2021
    assert round.scheme == demo_round.scheme  # the bundled text is already stored: reused
    assert round.entries.count() == 38
    prior = DataValue.objects.filter(round=round, period=2020)
    assert prior.exists() and not DataValue.objects.filter(round=round, period=2021).exists()
    board = login("office").get(response["Location"]).content.decode()
    assert "开放轮次" in board and "未开放" in board


def test_the_form_offers_stored_and_bundled_schemes(demo_round: Round) -> None:
    page = login("office").get(reverse("round_create")).content.decode()
    assert f'value="stored:{demo_round.scheme.pk}"' in page
    assert 'value="bundled:cq-balanced-2022"' in page
    assert 'value="500000"' in page  # the scope defaults to the top unit


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "必填"),
        ({"deadline": (timezone.localdate() - timedelta(days=1)).isoformat()}, "deadline", "须晚于今天"),
        ({"deadline": "2024-13-45"}, "deadline", "年-月-日"),
        ({"scope": "999999"}, "scope", "“999999”不存在"),
        ({"scheme": ""}, "scheme", "请选择一个评价方案"),
        ({"scheme": "bundled:no-such"}, "scheme", "选择一个有效的选项"),
        ({"review_deadline": timezone.localdate().isoformat()}, "review_deadline", "不能早于填报截止日期"),
        ({"period": "20"}, "period", "1990"),
    ],
)
def test_each_bad_input_gets_a_field_message(
    demo_round: Round, changes: dict[str, str], field: str, message: str
) -> None:
    before = Round.objects.count()
    response = login("office").post(reverse("round_create"), round_form(**changes))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert message in response.content.decode() or message == "必填"
    assert Round.objects.count() == before


def test_a_scope_without_evaluated_units_is_refused_on_the_field(demo_round: Round) -> None:
    school = demo_round.scope.children.get(code=JIANGBEI).children.first()
    assert school is not None
    response = login("office").post(reverse("round_create"), round_form(scope=school.code))
    assert response.status_code == 400
    assert "没有" in " ".join(response.context["form"].errors["scope"])


def test_a_broken_yaml_upload_names_the_line() -> None:
    broken = SimpleUploadedFile("broken.yaml", b"scheme:\n  code: x\n  title: [\n")
    response = login("office").post(reverse("round_create"), round_form(scheme="", scheme_file=broken))
    assert response.status_code == 400
    messages = " ".join(response.context["form"].errors["scheme_file"])
    assert "第 4 行" in messages and "broken.yaml:4:1" in messages
    assert "broken.yaml:4:1" in response.content.decode()


def frozen_scheme_changed() -> SimpleUploadedFile:
    text = bundled_scheme_path().read_text(encoding="utf-8")
    changed = text.replace("bonus_cap: 5", "bonus_cap: 4", 1)
    assert changed != text
    return SimpleUploadedFile("cq.yaml", changed.encode())


def test_replacing_a_frozen_scheme_is_refused_on_the_upload_field(demo_round: Round) -> None:
    office = login("office")
    form = round_form(scheme="", scheme_file=frozen_scheme_changed())
    response = office.post(reverse("round_create"), form)
    assert response.status_code == 400
    assert "不能修改" in " ".join(response.context["form"].errors["scheme_file"])
    schemes = office.post(reverse("schemes"), {"scheme_file": frozen_scheme_changed()})
    assert schemes.status_code == 400
    assert "请把 version 改为 2" in schemes.content.decode()
    assert SchemeVersion.objects.get(code="cq-district-2022", version=1).digest == demo_round.scheme.digest


def test_schemes_page_lists_versions_and_stores_a_new_one(demo_round: Round) -> None:
    office = login("office")
    page = office.get(reverse("schemes")).content.decode()
    assert "cq-district-2022" in page and "已冻结" in page
    text = bundled_scheme_path().read_text(encoding="utf-8").replace("version: 1", "version: 2", 1)
    response = office.post(reverse("schemes"), {"scheme_file": SimpleUploadedFile("v2.yaml", text.encode())})
    assert response.status_code == 302
    stored = SchemeVersion.objects.get(code="cq-district-2022", version=2)
    assert stored.source == "upload:v2.yaml" and not stored.frozen
    assert AuditEntry.objects.filter(action=Action.SCHEME, target="cq-district-2022@2").exists()
    empty = office.post(reverse("schemes"), {})
    assert empty.status_code == 400 and "scheme_file" in empty.context["form"].errors


# -- closing, results, publishing ------------------------------------------------------------


def test_live_results_rank_the_units_that_submitted_and_show_the_others_apart(demo_round: Round) -> None:
    response = login("office").get(reverse("round_results", args=[demo_round.pk]))
    assert response.status_code == 200
    ranking = response.context["ranking"]
    assert len(ranking.rows) == 38 and not ranking.frozen and ranking.sample
    ranked = [r for r in ranking.rows if r.rank is not None]
    submitted = RoundUnit.objects.filter(round=demo_round, status=Status.SUBMITTED)
    assert {r.code for r in ranked} == set(submitted.values_list("unit_id", flat=True))
    assert [r.rank for r in ranked] == sorted(r.rank for r in ranked)
    assert ranking.rows[: len(ranked)] == tuple(ranked)
    apart = ranking.rows[len(ranked) :]
    assert apart and {r.status for r in apart} == {"未开始填报，不参与排名", "尚未提交，不参与排名"}
    page = response.content.decode()
    assert "示例数据" in page and "当前得分" in page and 'id="rank-500105"' in page
    assert "不参与排名的单位" in page and "未开始填报，不参与排名" in page
    assert 'id="ranking-chart"' in page and len(ranking.areas) == len(ranking.rows[0].areas) > 0
    assert len(ranking.chart()["names"]) == len(ranked)  # the chart shows the ranked units


def test_a_unit_that_submits_joins_the_live_ranking(demo_round: Round) -> None:
    office = login("office")
    url = reverse("round_results", args=[demo_round.pk])
    rows = {r.code: r for r in office.get(url).context["ranking"].rows}
    assert rows["500105"].rank is None
    RoundUnit.objects.filter(round=demo_round, unit_id="500105").update(status=Status.SUBMITTED)
    rows = {r.code: r for r in office.get(url).context["ranking"].rows}
    assert isinstance(rows["500105"].rank, int) and rows["500105"].status == ""


def test_publishing_needs_a_closed_round(demo_round: Round) -> None:
    office = login("office")
    response = office.post(reverse("round_publish", args=[demo_round.pk]), follow=True)
    assert "只有已关闭" in response.content.decode()
    demo_round.refresh_from_db()
    assert not demo_round.published
    assert Client().get(reverse("published_round", args=[demo_round.pk])).status_code == 404


def test_close_freezes_then_publish_shows_the_ranking(demo_round: Round, user: Any) -> None:
    office = login("office")
    set_final_scores(demo_round, user("office"))
    response = office.post(
        reverse("round_close", args=[demo_round.pk]), {"confirm": demo_round.name}, follow=True
    )
    assert "结果已冻结" in response.content.decode()
    demo_round.refresh_from_db()
    assert demo_round.state == Round.State.CLOSED and demo_round.results
    results = office.get(reverse("round_results", args=[demo_round.pk]))
    assert results.context["ranking"].frozen and "冻结的结果" in results.content.decode()
    # data changed after closing does not move the frozen ranking
    first = results.context["ranking"].rows[0]
    DataValue.objects.filter(round=demo_round, unit_id=first.code).update(value=None)
    again = office.get(reverse("round_results", args=[demo_round.pk])).context["ranking"].rows[0]
    assert again == first
    reopen = office.post(reverse("round_state", args=[demo_round.pk]), {"state": "open"}, follow=True)
    assert "不能再更改状态" in reopen.content.decode()

    answer = office.post(
        reverse("round_publish", args=[demo_round.pk]),
        {**publish_form(demo_round), "confirm_findings": "yes", "reason": "两个未开始的区县确无数据（示例）"},
    )
    assert answer.status_code == 302, re.findall(r'role="alert">(.*?)</', answer.content.decode(), re.S)
    demo_round.refresh_from_db()
    assert demo_round.published
    listing = Client().get(reverse("published")).content.decode()
    assert demo_round.name in listing
    public = Client().get(reverse("published_round", args=[demo_round.pk]))
    assert public.status_code == 200
    page = public.content.decode()
    assert first.name in page and "示例数据" in page
    assert page.index(first.name) < page.index(public.context["units"][-1]["name"])
    assert f"/rounds/{demo_round.pk}/units/" not in page  # no links into the unit pages


def test_public_pages_hide_unpublished_rounds(demo_round: Round) -> None:
    assert demo_round.name not in Client().get(reverse("published")).content.decode()
    assert Client().get(reverse("published_round", args=[demo_round.pk])).status_code == 404
    assert Client().get("/public/99999/").status_code == 404


# -- the audit log -----------------------------------------------------------------------------


def audit_page(**filters: str) -> Any:
    return login("office").get(reverse("audit"), filters)


def test_audit_log_shows_before_and_after(demo_round: Round) -> None:
    response = audit_page(round=str(demo_round.pk), action=Action.ROUND)
    assert response.status_code == 200
    page = response.content.decode()
    assert "轮次变更" in page
    assert '<span class="before">未开放</span> → <span class="after">填报中</span>' in page


def test_audit_filters(demo_round: Round, user: Any) -> None:
    record(
        user("yuzhong"),
        Action.VALUE,
        round=demo_round,
        unit=demo_round.scope.children.get(code="500103"),
        target="edu_budget",
        before={"value": 1.0},
        after={"value": 2.0},
    )
    record(
        user("jiangbei"),
        Action.VALUE,
        round=demo_round,
        unit=demo_round.scope.children.get(code=JIANGBEI),
        target="pop_3_5",
        before={"value": None},
        after={"value": 3.0},
    )
    by_unit = audit_page(unit="500103").context["page"].object_list
    assert by_unit and all(e.unit.path.startswith("/500000/500103/") for e in by_unit)
    by_user = audit_page(user="jiangb").context["page"].object_list
    assert [e.target for e in by_user][:1] == ["pop_3_5"] and all("jiangb" in e.username for e in by_user)
    by_action = audit_page(action=Action.VALUE).context["page"].object_list
    assert {e.action for e in by_action} == {Action.VALUE}
    today = timezone.localdate().isoformat()
    assert audit_page(date_from=today, date_to=today).context["page"].paginator.count >= 2
    assert audit_page(date_to="2000-01-01").context["page"].paginator.count == 0


@pytest.mark.parametrize(
    ("filters", "field", "message"),
    [
        ({"date_from": "2024-02-31"}, "date_from", "年-月-日"),
        ({"date_from": "2024-03-02", "date_to": "2024-03-01"}, "date_to", "不能早于起始日期"),
        ({"round": "abc"}, "round", "请选择列表中的轮次"),
        ({"unit": "42"}, "unit", "不存在"),
        ({"action": "hack"}, "action", "选择一个有效的选项"),
    ],
)
def test_bad_audit_filters_give_a_message(
    demo_round: Round, filters: dict[str, str], field: str, message: str
) -> None:
    response = audit_page(**filters)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "部分筛选条件有误" in response.content.decode()


def test_audit_log_pages_by_fifty(demo_round: Round, user: Any) -> None:
    AuditEntry.objects.bulk_create(
        AuditEntry(user=user("office"), username="office", action=Action.VALUE, target=f"t{n}")
        for n in range(120)
    )
    first = audit_page(action=Action.VALUE)
    assert len(first.context["page"].object_list) == 50
    assert "?action=value&page=2" in first.content.decode()
    last = audit_page(action=Action.VALUE, page="999")
    assert last.context["page"].number == last.context["page"].paginator.num_pages

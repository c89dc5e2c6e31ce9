"""The scheme's checks 校验规则 when a unit saves: errors refuse the save at the field, warnings save.

The bundled scheme checks 公办园在园幼儿数 ≤ 在园幼儿数 at each school (an error) and 教育费附加用于教育的
金额 ≤ 征收额 at the district (a warning). Jiangbei's school editor enters for 5001050001, a kindergarten.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from dudao.store.accounts.models import ApiToken, Unit
from dudao.store.entry.models import DataValue
from dudao.store.entry.services import EntryRefused, FieldInput, save_values
from dudao.store.rounds.models import Round
from tests.web.conftest import login

JIANGBEI = "500105"
HTMX = {"HTTP_HX_REQUEST": "true"}
PUBLIC_TOO_MANY = "公办园在园幼儿数不能大于在园幼儿数"
SURCHARGE = "教育费附加用于教育的金额大于征收额，请核实是否含上年结转"


@pytest.fixture(autouse=True)
def _static_root() -> None:
    """WhiteNoise warns (an error here) when the static root is missing; tests never collect it."""
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


def school_of(user: Any) -> str:
    return str(user("jiangbei-school").profile.unit_id)


def stored(round: Round, unit: str, element: str) -> float | None:
    row = DataValue.objects.filter(round=round, unit_id=unit, element=element, period=round.period).first()
    return row.value if row else None


def snapshot(round: Round, unit: str) -> list[tuple[str, float | None]]:
    return sorted(DataValue.objects.filter(round=round, unit_id=unit).values_list("element", "value"))


def save_url(round: Round, unit: str) -> str:
    return reverse("unit_save", args=[round.pk, unit])


def api_put(user: Any, round: Round, unit: str, values: list[dict[str, Any]]) -> Any:
    _token, key = ApiToken.issue(user, "tests")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client.put(
        f"/api/rounds/{round.pk}/units/{unit}/values",
        json.dumps({"values": values}),
        content_type="application/json",
    )


def too_many_public(round: Round, school: str) -> str:
    enrolled = stored(round, school, "kg_enrolled")
    assert enrolled is not None
    return f"{enrolled + 10:g}"


def test_the_page_refuses_more_public_pupils_than_pupils_at_the_field(demo_round: Round, user: Any) -> None:
    school = school_of(user)
    before = snapshot(demo_round, school)
    client = login("jiangbei-school")
    shown = stored(demo_round, school, "kg_enrolled_public")
    data = {"v-kg_enrolled_public": too_many_public(demo_round, school), "o-kg_enrolled_public": f"{shown:g}"}
    plain = client.post(save_url(demo_round, school), data)
    assert plain.status_code == 200
    row = plain.content.decode().split('id="row-kg_enrolled_public"')[1].split("</tr>")[0]
    assert PUBLIC_TOO_MANY in row and 'aria-invalid="true"' in row
    htmx = client.post(save_url(demo_round, school), data, **HTMX)
    assert htmx.status_code == 422 and PUBLIC_TOO_MANY in htmx.content.decode()
    assert snapshot(demo_round, school) == before


def test_the_api_refuses_it_with_an_invalid_error_naming_the_element(demo_round: Round, user: Any) -> None:
    school = school_of(user)
    before = snapshot(demo_round, school)
    value = float(too_many_public(demo_round, school))
    answer = api_put(
        user("jiangbei-school"),
        demo_round,
        school,
        [{"element": "kg_enrolled_public", "value": value}, {"element": "classes", "value": 7}],
    )
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert (error["code"], error["field"], error["message"]) == (
        "invalid",
        "kg_enrolled_public",
        PUBLIC_TOO_MANY,
    )
    assert snapshot(demo_round, school) == before  # all or nothing: classes was not saved either


def test_both_sides_saved_together_are_checked_together(demo_round: Round, user: Any) -> None:
    school = school_of(user)
    editor = user("jiangbei-school")
    unit = Unit.objects.get(code=school)
    entered = {"kg_enrolled": "50", "kg_enrolled_public": "60", "kg_enrolled_inclusive": "60"}
    with pytest.raises(EntryRefused) as caught:
        save_values(editor, demo_round, unit, [FieldInput(code, text) for code, text in entered.items()])
    assert caught.value.errors == {
        "kg_enrolled": PUBLIC_TOO_MANY,
        "kg_enrolled_public": PUBLIC_TOO_MANY,
        "kg_enrolled_inclusive": "普惠性幼儿园在园幼儿数不能大于在园幼儿数",
    }
    entered["kg_enrolled"] = "80"
    report = save_values(editor, demo_round, unit, [FieldInput(code, text) for code, text in entered.items()])
    assert sorted(report.changed) == sorted(entered) and report.warnings == {}


def test_a_missing_side_is_not_checked(demo_round: Round, user: Any) -> None:
    school = school_of(user)
    unit = Unit.objects.get(code=school)
    editor = user("jiangbei-school")
    save_values(
        editor, demo_round, unit, [FieldInput("kg_enrolled", ""), FieldInput("kg_enrolled_inclusive", "")]
    )
    report = save_values(editor, demo_round, unit, [FieldInput("kg_enrolled_public", "999")])
    assert (
        report.changed == ["kg_enrolled_public"] and stored(demo_round, school, "kg_enrolled_public") == 999
    )


def test_stored_values_failing_a_check_do_not_block_other_fields(demo_round: Round, user: Any) -> None:
    school = school_of(user)
    enrolled = stored(demo_round, school, "kg_enrolled")
    assert enrolled is not None
    DataValue.objects.filter(
        round=demo_round, unit_id=school, element="kg_enrolled_public", period=demo_round.period
    ).update(value=enrolled + 1)  # as an import might have left it
    report = save_values(
        user("jiangbei-school"), demo_round, Unit.objects.get(code=school), [FieldInput("classes", "9")]
    )
    assert report.changed == ["classes"]
    assert report.warnings == {"kg_enrolled_public": PUBLIC_TOO_MANY}


def test_a_warning_check_saves_and_reports_the_warning(demo_round: Round, user: Any) -> None:
    collected = stored(demo_round, JIANGBEI, "edu_surcharge_collected")
    assert collected is not None
    shown = stored(demo_round, JIANGBEI, "edu_surcharge_to_edu")
    more = f"{collected + 100:g}"
    client = login("jiangbei")
    data = {"v-edu_surcharge_to_edu": more, "o-edu_surcharge_to_edu": f"{shown:g}"}
    htmx = client.post(save_url(demo_round, JIANGBEI), data, **HTMX)
    assert htmx.status_code == 200
    html = htmx.content.decode()
    assert "已保存 1 项" in html and f"教育费附加和地方教育附加用于教育的金额：{SURCHARGE}" in html
    assert stored(demo_round, JIANGBEI, "edu_surcharge_to_edu") == collected + 100

    data = {"v-edu_surcharge_to_edu": f"{collected + 200:g}", "o-edu_surcharge_to_edu": more}
    plain = client.post(save_url(demo_round, JIANGBEI), data, follow=True)
    assert plain.status_code == 200 and SURCHARGE in plain.content.decode()  # a message after the redirect

    answer = api_put(
        user("jiangbei"),
        demo_round,
        JIANGBEI,
        [{"element": "edu_surcharge_to_edu", "value": collected + 300}],
    )
    assert answer.status_code == 200, answer.content
    assert answer.json() == {
        "changed": ["edu_surcharge_to_edu"],
        "unchanged": [],
        "warnings": {"edu_surcharge_to_edu": SURCHARGE},
    }
    assert stored(demo_round, JIANGBEI, "edu_surcharge_to_edu") == collected + 300


def test_the_preview_is_not_blocked_by_checks_and_names_them(demo_round: Round, user: Any) -> None:
    school = school_of(user)
    client = login("jiangbei-school")
    data = {"v-kg_enrolled_public": too_many_public(demo_round, school), "o-kg_enrolled_public": ""}
    response = client.post(reverse("unit_preview", args=[demo_round.pk, school]), data)
    assert response.status_code == 200
    shown = response.content.decode()
    assert "未通过的校验规则" in shown and PUBLIC_TOO_MANY in shown and "含未保存的修改" in shown

"""Publishing a round's results, in the store: the choice's checks, the one guard on final scores,
what the public sees of the frozen results, and what is stored and audited.

Issue 14, item 6: only a closed round whose final scores are set is published; the office
chooses grades, scores, the ranking and documents, under the metadata of a government
information-disclosure page (索引号, 发布机构, 成文日期, 发布日期, 主题分类).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.utils import timezone

from dudao.engine.results import MET
from dudao.store.accounts.models import Unit
from dudao.store.audit.models import AuditEntry
from dudao.store.rounds import publication, services
from dudao.store.rounds.models import Publication, Round, RoundUnit, SchemeVersion
from dudao.store.rounds.publication import Choice

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 30)
CLOSED = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)


def _unit(code: str, name: str, parent: Unit | None, level: str) -> Unit:
    unit, _ = Unit.objects.update_or_create(
        code=code, defaults={"name": name, "parent": parent, "level": level}
    )
    return unit


@pytest.fixture
def closed_round(db: None, monkeypatch: pytest.MonkeyPatch) -> Round:
    """A closed round of two districts, its results frozen: 甲区 ranked first, 乙区 second.

    Its scheme is a stand-in, so the final-score layer (which reads the scheme) is asked nothing:
    every final score is set, unless a test says otherwise; the layer is tested on the demo
    (tests/web/test_publication.py)."""
    monkeypatch.setattr(publication, "missing_final_scores", lambda round: [])
    city = _unit("990000", "测试市", None, "city")
    scheme = SchemeVersion.objects.create(code="pub-test", version=1, title="测试方案", text="-", digest="-")
    round = Round.objects.create(
        name="公开测试轮次",
        scheme=scheme,
        period=2025,
        scope=city,
        evaluates="district",
        deadline=dt.date(2026, 5, 1),
        state=Round.State.CLOSED,
        closed_at=CLOSED,
        results={
            "scheme": {"code": "pub-test", "title": "测试方案", "version": 1, "rank_by": "grade"},
            "period": 2025,
            "data": {"title": "测试数据", "label": ""},
            "units": [_result("990101", "甲区", 1, 91.5, "优秀"), _result("990102", "乙区", 2, 70.0, "合格")],
        },
    )
    for code, name in (("990101", "甲区"), ("990102", "乙区")):
        RoundUnit.objects.create(round=round, unit=_unit(code, name, city, "district"))
    return round


def _result(code: str, name: str, rank: int, total: float, grade: str) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "rank": rank,
        "total": total,
        "base_total": total - 1,
        "bonus": 1.0,
        "grade": grade,
        "unranked": None,
        "unranked_zh": None,
        "unranked_en": None,
        "rules": [],
        "areas": [{"code": "A1", "name": "保障", "points": total / 2, "max_points": 50.0}],
        "items": [{"code": "A1.1", "status": MET, "value": 12.5, "explanation": {"text": "数据"}}],
    }


def _good(round: Round, **changes: Any) -> Choice:
    choice = dataclasses.replace(publication.defaults(round, TODAY), **changes)
    return choice


def test_the_proposal_is_valid_and_everything_but_the_letters_is_shown(closed_round: Round) -> None:
    choice = publication.defaults(closed_round, TODAY)
    assert choice.index_number == f"990000/2026-{closed_round.pk:05d}"
    assert choice.publisher == "测试市人民政府教育督导室"
    assert (choice.written_on, choice.published_on) == ("2026-06-01", "2026-06-30")
    assert (
        choice.documents == ("summary",) and choice.show_grades and choice.show_scores and choice.show_ranking
    )
    assert publication.check(closed_round, choice, TODAY) == []


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"index_number": ""}, "index_number", "请填写索引号"),
        ({"index_number": "第12号"}, "index_number", "应如“500000/2026-00001”"),
        ({"publisher": " "}, "publisher", "请填写发布机构"),
        ({"publisher": "督" * 201}, "publisher", "最多 200 个字符"),
        ({"written_on": "2026-13-01"}, "written_on", "应为 YYYY-MM-DD"),
        ({"published_on": "2026-07-01"}, "published_on", "晚于今天（2026-06-30）"),
        (
            {"written_on": "2026-06-20", "published_on": "2026-06-10"},
            "published_on",
            "早于成文日期 2026-06-20",
        ),
        ({"written_on": "2026-05-31"}, "written_on", "早于轮次关闭、结果冻结的日期 2026-06-01"),
        ({"topic": "体育"}, "topic", "不在可选的分类中"),
        ({"documents": ("self-evaluation",)}, "documents", "没有这种可公开的文书"),
        (
            {"show_grades": False, "show_scores": False, "show_ranking": False, "documents": ()},
            "show",
            "请至少选择公开一项",
        ),
    ],
)
def test_each_problem_in_a_choice_is_located_at_its_field(
    closed_round: Round, changes: dict[str, Any], field: str, words: str
) -> None:
    found = publication.check(closed_round, _good(closed_round, **changes), TODAY)
    assert [p.location.field for p in found] == [field]
    assert words in found[0].message_zh and found[0].message_en


def test_an_index_number_is_used_once(closed_round: Round) -> None:
    other = Round.objects.create(
        name="另一轮次",
        scheme=closed_round.scheme,
        period=2024,
        scope=closed_round.scope,
        evaluates="district",
        deadline=dt.date(2025, 5, 1),
    )
    Publication.objects.create(
        round=other,
        index_number="990000/2026-00001",
        publisher="测试",
        written_on=TODAY,
        published_on=TODAY,
        topic="教育/教育督导",
        published_at=timezone.now(),
    )
    found = publication.check(closed_round, _good(closed_round, index_number="990000/2026-00001"), TODAY)
    assert [p.code for p in found] == ["publication-index-number"] and "另一轮次" in found[0].message_zh


@override_settings(INDEX_NUMBER_PATTERN=r"^JY-\d{4}-\d{3}$", INDEX_NUMBER_EXAMPLE="JY-2026-001")
def test_the_index_number_format_is_configurable(closed_round: Round) -> None:
    assert publication.check(closed_round, _good(closed_round, index_number="JY-2026-007"), TODAY) == []
    refused = publication.check(closed_round, _good(closed_round, index_number="990000/2026-00001"), TODAY)
    assert "应如“JY-2026-001”" in refused[0].message_zh


def test_the_public_sees_only_what_was_chosen(closed_round: Round) -> None:
    everything = publication.filtered_results(closed_round.results, Choice())
    first = everything["units"][0]
    assert (first["code"], first["rank"], first["total"], first["grade"]) == ("990101", 1, 91.5, "优秀")
    assert "items" not in first  # never the data nor the explanations
    grades_only = publication.filtered_results(
        closed_round.results, Choice(show_scores=False, show_ranking=False)
    )
    assert [set(u) for u in grades_only["units"]] == [
        {"code", "name", "rank", "unranked", "unranked_zh", "unranked_en", "grade", "rules"}
    ] * 2
    assert all(u["rank"] is None for u in grades_only["units"])
    assert "91.5" not in str(grades_only) and "12.5" not in str(everything)


def test_items_without_a_final_score_refuse_publishing_located(
    closed_round: Round, monkeypatch: pytest.MonkeyPatch
) -> None:
    without = [("990102", f"A1.{n}") for n in range(1, 24)]
    monkeypatch.setattr(publication, "missing_final_scores", lambda round: without)
    missing = publication.unfinished_final_scores(closed_round)
    assert missing[0] == ("990102", "A1.1") and len(missing) == 23
    with pytest.raises(services.RoundRefused) as refused:
        services.publish(None, closed_round, choice=_good(closed_round))
    problems = refused.value.problems
    assert len(problems) == publication.SHOWN_MISSING + 1
    assert problems[0].location.field == "990102/A1.1"
    assert problems[0].message_zh.startswith("乙区（990102）的指标 A1.1 尚无认定分")
    assert "另有 3 处尚无认定分（共 23 处）" in problems[-1].message_zh
    assert not Round.objects.get(pk=closed_round.pk).published and not Publication.objects.exists()


def test_only_a_closed_round_is_published(closed_round: Round) -> None:
    Round.objects.filter(pk=closed_round.pk).update(state=Round.State.OPEN)
    with pytest.raises(services.RoundRefused) as refused:
        services.publish(None, Round.objects.get(pk=closed_round.pk))
    assert [p.code for p in refused.value.problems] == ["publication-round-not-closed"]
    assert "尚未关闭（当前：填报中）" in refused.value.errors["published"]


def test_a_choice_with_problems_is_refused_and_nothing_is_stored(closed_round: Round) -> None:
    with pytest.raises(services.RoundRefused) as refused:
        services.publish(None, closed_round, choice=_good(closed_round, index_number="x", topic="体育"))
    assert set(refused.value.errors) == {"index_number", "topic"}
    assert not Publication.objects.exists() and not AuditEntry.objects.filter(round=closed_round).exists()


def test_publishing_stores_the_choice_and_audits_it_and_withdrawing_keeps_it(
    closed_round: Round, monkeypatch: pytest.MonkeyPatch
) -> None:
    office = get_user_model().objects.create_user("pub-office")
    today = timezone.localdate()
    choice = dataclasses.replace(
        publication.defaults(closed_round), show_scores=False, documents=("summary", "feedback")
    )
    # The frozen results here are hand-made, not a scheme's: the findings (which read the scheme)
    # have nothing to say about them; their refusals are tested on the demo (tests/web).
    monkeypatch.setattr(services, "findings", lambda round, results: [])
    services.publish(office, closed_round, choice=choice)
    stored = Publication.objects.get(round=closed_round)
    assert (stored.show_scores, stored.show_grades, stored.documents) == (
        False,
        True,
        ["summary", "feedback"],
    )
    assert stored.published_on == today and stored.published_by == office
    entry = AuditEntry.objects.get(round=closed_round, after__published=True)
    assert entry.after["publication"] == choice.as_dict()
    services.withdraw(office, Round.objects.get(pk=closed_round.pk), reason="更正")
    assert not Round.objects.get(pk=closed_round.pk).published
    again = publication.defaults(Round.objects.get(pk=closed_round.pk))
    assert again.index_number == choice.index_number and not again.show_scores  # the last choice, proposed

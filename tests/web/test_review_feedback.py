"""What a review save tells the reviewer, and where; and the reason for a cut bonus on the
unit's results page, beside the unit's own note."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from dudao.store.review import services
from dudao.store.rounds.models import Round
from tests.web.conftest import login

pytestmark = pytest.mark.django_db

UNIT, RUBRIC, BONUS = "500104", "A1.2.1", "J2"  # assigned to the demo reviewer; a rubric item; a claim


def test_a_saved_review_says_so_in_the_item_it_saved(demo_round: Round) -> None:
    reviewer = login("reviewer")
    url = reverse("review_unit", args=[demo_round.pk, UNIT])
    saved = reviewer.post(
        url, {"item": RUBRIC, "action": "score", "level": "良", "points": "", "reason": "较好"}
    )
    assert saved.status_code == 302 and saved["Location"].endswith(f"?saved={RUBRIC}#item-{RUBRIC}")
    html = reviewer.get(saved["Location"].split("#")[0]).content.decode()
    item = re.search(rf'<article class="review-item" id="item-{re.escape(RUBRIC)}".*?</article>', html, re.S)
    assert item is not None
    note = re.search(
        r'<ul class="messages" id="saved-note" tabindex="-1" autofocus>(.*?)</ul>', item.group(0), re.S
    )
    assert note is not None and "已记录评审等级" in note.group(1)
    assert html.count("已记录评审等级") == 1  # said once, in the item, not also at the top


def test_a_refusal_is_shown_in_the_item_too(demo_round: Round) -> None:
    reviewer = login("reviewer")
    url = reverse("review_unit", args=[demo_round.pk, UNIT])
    refused = reviewer.post(
        url, {"item": "A1.1.1", "action": "score", "points": "0.3", "reason": ""}, follow=True
    )
    html = refused.content.decode()
    item = re.search(r'<article class="review-item" id="item-A1\.1\.1".*?</article>', html, re.S)
    assert item is not None
    note = re.search(r'id="saved-note"[^>]*>(.*?)</ul>', item.group(0), re.S)
    assert note is not None and 'class="error"' in note.group(1) and "理由" in note.group(1)  # the refusal itself


def test_an_unknown_saved_item_leaves_the_messages_at_the_top(demo_round: Round) -> None:
    reviewer = login("reviewer")
    url = reverse("review_unit", args=[demo_round.pk, UNIT])
    reviewer.post(url, {"item": RUBRIC, "action": "score", "level": "良", "points": "", "reason": "较好"})
    html = reviewer.get(url, {"saved": "no-such-item"}).content.decode()
    assert "已记录评审等级" in html and 'id="saved-note"' not in html


def test_the_cut_bonus_shows_its_reason_and_author_on_the_unit_page(demo_round: Round, user: Any) -> None:
    services.decide_bonus(demo_round, UNIT, BONUS, by=user("reviewer"), accepted=0.5, reason="佐证只支持一半")
    for username in ("office", "reviewer"):
        page = login(username).get(reverse("unit_results", args=[demo_round.pk, UNIT]))
        html = page.content.decode()
        assert page.status_code == 200, username
        row = re.search(
            rf"<tr><th scope=\"row\"><span class=\"muted small\">{BONUS}</span>.*?</tr>", html, re.S
        )
        assert row is not None, username
        assert "评审认定：" in row.group(0) and "0.50（佐证只支持一半） — 评审专家：渝中区" in row.group(0)

"""Every page and every API endpoint, for every role, on its own unit and on another unit.

The expectations are written out here by hand, from the roles table of the issue, not computed
from :mod:`dudao.web.access`: a change to the rules that opens or closes a door fails here.
A new page or endpoint without an expectation fails too (the lists are checked against the
URL resolver and the OpenAPI document).

Allowed means the rules let the request through: the answer is anything but 403 (and, for a
visitor who is not logged in, anything but a redirect to the login page). What happens next
(a page, a field message, a 409) is the other tests' business.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from dudao.store.entry.models import Blob, Evidence
from dudao.store.rounds.models import Round
from dudao.web.api.urls import api
from dudao.web.demo import DEMO_PASSWORD

JB, YZ = (
    "500105",
    "500103",
)  # Jiangbei (the editors' own) and Yuzhong (yuzhong's own, assigned to the reviewer)
ACCOUNTS = (
    "anonymous",
    "public",
    "admin",
    "office",
    "reviewer",
    "jiangbei",
    "jiangbei-approver",
    "jiangbei-school",
    "yuzhong",
)
SCHOOL = "school"  # stands for Jiangbei's first school, the school editor's own

# Who passes each rule, per target unit (the school editor's school is SCHOOL).
SEE_UNIT = {
    JB: {"admin", "office", "jiangbei", "jiangbei-approver"},
    YZ: {"admin", "office", "reviewer", "yuzhong"},
    SCHOOL: {"admin", "office", "jiangbei", "jiangbei-approver", "jiangbei-school"},
}
EDIT_UNIT = {
    JB: {"admin", "jiangbei"},
    YZ: {"admin", "yuzhong"},
    SCHOOL: {"admin", "jiangbei", "jiangbei-school"},
}
SUBMIT_UNIT = {JB: {"admin", "jiangbei-approver"}, YZ: {"admin"}, SCHOOL: {"admin", "jiangbei-approver"}}
RETURN_UNIT = {JB: {"admin", "office"}, YZ: {"admin", "office"}, SCHOOL: {"admin", "office"}}
# Documents. A school is no evaluated unit (the page then says 404), but the rules are asked first:
# the school editor is refused even their own school's. Reviewers read the self-evaluation of the
# units assigned to them; a unit reads its feedback letter only once the round is closed.
SELF_EVALUATION = {
    JB: {"admin", "office", "jiangbei", "jiangbei-approver"},
    YZ: {"admin", "office", "reviewer", "yuzhong"},
    SCHOOL: {"admin", "office", "jiangbei", "jiangbei-approver"},
}
FEEDBACK_OPEN = {JB: {"admin", "office"}, YZ: {"admin", "office"}, SCHOOL: {"admin", "office"}}
FEEDBACK_CLOSED = {
    JB: {"admin", "office", "jiangbei", "jiangbei-approver"},
    YZ: {"admin", "office", "yuzhong"},
    SCHOOL: {"admin", "office", "jiangbei", "jiangbei-approver"},
}
OFFICE = {"admin", "office"}
# Review: a reviewer reviews only the units assigned to them (Yuzhong); the office reconciles and
# sets final scores but does not review; units never reach either.
REVIEW_UNIT = {JB: {"admin"}, YZ: {"admin", "reviewer"}, SCHOOL: {"admin"}}
FINALIZE = {JB: OFFICE, YZ: OFFICE, SCHOOL: OFFICE}
# Field verification: the office everywhere; a reviewer in the units assigned to them (Yuzhong).
# The evaluated units do not see their draw (visits are unannounced) nor the findings.
VERIFY = {JB: OFFICE, YZ: OFFICE | {"reviewer"}, SCHOOL: OFFICE}
DRAW = {JB: OFFICE, YZ: OFFICE, SCHOOL: OFFICE}
# A unit across years: whoever reaches the unit in the tree (a school editor: their school), not a
# reviewer (whose reach is one round's assignment) nor the public (published results are on /public/).
HISTORY = {
    JB: {"admin", "office", "jiangbei", "jiangbei-approver"},
    YZ: {"admin", "office", "yuzhong"},
    SCHOOL: {"admin", "office", "jiangbei", "jiangbei-approver", "jiangbei-school"},
}
IN_ROUND = {"admin", "office", "reviewer", "jiangbei", "jiangbei-approver", "jiangbei-school", "yuzhong"}
# Problem lists and rectification: the office everywhere; a district's editor and approver on their
# own (its schools are within it); a reviewer on the units assigned; the unit answers its tasks.
SEE_PROBLEMS = {
    JB: OFFICE | {"jiangbei", "jiangbei-approver"},
    YZ: OFFICE | {"reviewer", "yuzhong"},
    SCHOOL: OFFICE | {"jiangbei", "jiangbei-approver"},
}
EDIT_PROBLEMS = {JB: OFFICE, YZ: OFFICE, SCHOOL: OFFICE}
RECTIFY = {
    JB: {"admin", "jiangbei", "jiangbei-approver"},
    YZ: {"admin", "yuzhong"},
    SCHOOL: {"admin", "jiangbei", "jiangbei-approver"},
}
LOGGED_IN = set(ACCOUNTS) - {"anonymous"}
EVERYONE = set(ACCOUNTS)


@dataclass(frozen=True)
class Route:
    name: str
    method: str
    allowed: set[str] | dict[str, set[str]]  # by target unit when a dict
    data: dict[str, Any] | None = None
    login_redirect_refuses: bool = True  # for a visitor: a redirect to the login page means refused
    url: dict[str, str] | None = None  # more of the URL's arguments
    closed: bool = False  # ask with the round closed

    @property
    def label(self) -> str:
        more = [*(self.url or {}).values(), *(["closed"] if self.closed else [])]
        return "-".join([self.name, *more])


PAGES = (
    Route("home", "get", EVERYONE),
    Route("login", "get", EVERYONE),
    Route("login_done", "get", EVERYONE, login_redirect_refuses=False),  # a visitor is sent to log in
    Route("logout", "post", EVERYONE, login_redirect_refuses=False),  # logging out lands on the login page
    Route("published", "get", EVERYONE),
    Route("published_round", "get", EVERYONE),
    # A published document the office did not choose is a 404 once the rules have let everyone in.
    Route("public_summary", "get", EVERYONE, url={"format": "none"}),
    Route("public_feedback", "get", EVERYONE, url={"code": JB, "format": "none"}),
    Route("rounds", "get", LOGGED_IN),
    Route("round_create", "get", OFFICE),
    Route("schemes", "get", OFFICE),
    Route("round", "get", IN_ROUND),
    Route("round_state", "post", OFFICE, {"state": "bogus"}),
    Route("round_publish", "post", OFFICE),
    Route("round_publish", "get", OFFICE),
    Route("round_close", "get", OFFICE),
    Route("round_close", "post", OFFICE, {"confirm": "not the name"}),
    Route("round_withdraw", "post", OFFICE, {"reason": ""}),
    Route("round_results", "get", OFFICE),
    Route("round_results_xlsx", "get", OFFICE),
    Route("round_misses", "get", OFFICE),
    Route("round_misses_xlsx", "get", OFFICE),
    Route("round_board_xlsx", "get", OFFICE),
    # A unit's own results: whoever sees the unit (a school is no evaluated unit: 404 after the rules).
    Route("unit_results", "get", SEE_UNIT),
    Route("unit_results_xlsx", "get", SEE_UNIT),
    Route("audit", "get", OFFICE),
    Route("login_locks", "get", OFFICE),
    Route("login_unlock", "post", OFFICE, {"username": "nobody"}),
    Route("unit", "get", SEE_UNIT),
    Route("unit_save", "post", EDIT_UNIT, {"v-nothing": "1", "o-nothing": ""}),
    Route("unit_preview", "post", SEE_UNIT, {}),
    Route("value_history", "get", SEE_UNIT),
    Route("unit_narrative", "post", EDIT_UNIT, {"area": "nowhere", "n-nowhere": "x"}),
    Route("unit_self_score", "post", EDIT_UNIT, {"item": "nowhere", "s-nowhere": "x"}),
    Route("evidence_upload", "post", EDIT_UNIT, {"item": "nowhere"}),
    Route("evidence_file", "get", SEE_UNIT),
    Route("evidence_delete", "post", EDIT_UNIT),
    Route("unit_submit", "post", SUBMIT_UNIT),
    Route("unit_return", "post", RETURN_UNIT, {}),
    # The format "none" is refused by the page (404) once the rules have let the request through.
    Route("documents", "get", OFFICE),
    Route("summary_document", "get", OFFICE, url={"format": "none"}),
    Route("document_zip", "get", OFFICE, url={"kind": "feedback", "format": "none"}),
    Route("unit_document", "get", SELF_EVALUATION, url={"kind": "self-evaluation", "format": "none"}),
    Route("unit_document", "get", FEEDBACK_OPEN, url={"kind": "feedback", "format": "none"}),
    Route("unit_document", "get", FEEDBACK_CLOSED, url={"kind": "feedback", "format": "none"}, closed=True),
    Route(
        "unit_document",
        "get",
        SELF_EVALUATION,
        url={"kind": "self-evaluation", "format": "none"},
        closed=True,
    ),
    # Data exchange: the office's page, template and exports; a unit's own template and upload.
    Route("exchange", "get", OFFICE),
    Route("round_template", "get", OFFICE),
    Route("round_export", "get", OFFICE, url={"format": "none"}),
    Route("unit_upload", "get", EDIT_UNIT),
    Route("unit_template", "get", EDIT_UNIT),
    Route("quality", "get", OFFICE),
    Route("quality_workbook", "get", OFFICE),
    # A unit's narrative report: read by whoever sees the unit, uploaded by whoever enters its data.
    Route("unit_report", "get", SEE_UNIT),
    Route("unit_report_upload", "post", EDIT_UNIT, {}),
    Route("survey", "get", OFFICE),
    Route("survey_upload", "post", OFFICE, {}),
    Route("survey_apply", "post", OFFICE),
    Route("survey_decide", "post", OFFICE, {"count": "1", "note": ""}, url={"response_id": "0"}),
    Route("survey_export", "get", OFFICE),
    Route("survey_qr", "get", OFFICE, url={"code": JB, "format": "svg"}),
    Route("survey_poster", "get", OFFICE, url={"code": JB}),
    Route("survey_invitations", "post", OFFICE, {"group": "nobody", "count": "1"}, url={"code": JB}),
    # the public survey form: no login (404 where the round has no survey)
    Route("survey_start", "get", EVERYONE, url={"code": JB}),
    Route("survey_form", "get", EVERYONE, url={"code": JB, "group": "public"}),
    Route("survey_form", "post", EVERYONE, {}, url={"code": JB, "group": "public"}),
    Route("survey_done", "get", EVERYONE, url={"code": JB, "group": "public"}),
    Route("review_assignments", "get", OFFICE),
    Route("scheme_diff", "get", OFFICE),
    Route("round_whatif", "get", OFFICE),
    Route("review_queue", "get", {"admin", "reviewer"}),
    Route("review_unit", "get", REVIEW_UNIT),
    Route("review_unit", "post", REVIEW_UNIT, {"item": "nowhere", "action": "flag", "note": ""}),
    Route("final_scores", "get", FINALIZE),
    Route("final_scores", "post", FINALIZE, {"item": "nowhere", "action": "final", "points": "x"}),
    Route("verification", "get", {"admin", "office", "reviewer"}),
    Route("verification_unit", "get", VERIFY),
    Route("verification_draw", "post", DRAW, {"method": "bogus"}),
    Route("verification_finding", "post", VERIFY, {"item": "nowhere"}),
    Route("verification_score", "post", VERIFY),
    Route("verification_photo", "get", VERIFY),
    Route("unit_history", "get", HISTORY),
    Route("problems_board", "get", IN_ROUND - {"jiangbei-school"}),
    Route("problems_board_xlsx", "get", IN_ROUND - {"jiangbei-school"}),
    Route("problems_draft", "post", OFFICE, {"share": "abc"}),
    Route("problems_apply", "post", OFFICE),
    Route("problem_list", "get", SEE_PROBLEMS),
    Route("problem_list_xlsx", "get", SEE_PROBLEMS),
    Route("problem_add", "post", EDIT_PROBLEMS, {"title": ""}),
    Route("problem_issue", "post", EDIT_PROBLEMS, {"issued_on": "bad"}),
    # no problem 1 yet: a 404 once the rules have let the request through
    Route("problem_task", "get", SEE_PROBLEMS, url={"position": "1"}),
    Route("problem_edit", "post", EDIT_PROBLEMS, url={"position": "1"}),
    Route("problem_remove", "post", EDIT_PROBLEMS, url={"position": "1"}),
    Route("task_plan", "post", RECTIFY, url={"position": "1"}),
    Route("task_progress", "post", RECTIFY, url={"position": "1"}),
    Route("task_submit", "post", RECTIFY, url={"position": "1"}),
    Route("task_decide", "post", EDIT_PROBLEMS, url={"position": "1"}),
    Route("task_file", "get", SEE_PROBLEMS, url={"position": "1", "file_id": "0"}),
    Route("reminders", "get", IN_ROUND),
    Route("reminders_send", "post", OFFICE),
)
# The admin guards itself: only system administrators get past its login.
ADMIN_ONLY = {"admin"}

# API endpoints: (method, OpenAPI path) → who passes, and the JSON body to send.
API: dict[tuple[str, str], tuple[set[str] | dict[str, set[str]], Any]] = {
    ("get", "/api/rounds"): (IN_ROUND, None),
    ("get", "/api/rounds/{round_id}"): (IN_ROUND, None),
    ("get", "/api/rounds/{round_id}/units"): (IN_ROUND, None),
    ("get", "/api/rounds/{round_id}/units/{code}/values"): (SEE_UNIT, None),
    ("put", "/api/rounds/{round_id}/units/{code}/values"): (
        EDIT_UNIT,
        {"values": [{"element": "x", "value": 1}]},
    ),
    ("post", "/api/rounds/{round_id}/units/{code}/preview"): (SEE_UNIT, {"values": []}),
    ("post", "/api/rounds/{round_id}/units/{code}/submit"): (SUBMIT_UNIT, None),
    ("post", "/api/rounds/{round_id}/units/{code}/return"): (RETURN_UNIT, {"fields": {}}),
    ("get", "/api/rounds/{round_id}/units/{code}/evidence"): (SEE_UNIT, None),
    ("post", "/api/rounds/{round_id}/units/{code}/evidence"): (EDIT_UNIT, "multipart"),
    ("get", "/api/rounds/{round_id}/results"): (OFFICE, None),
    ("get", "/api/rounds/{round_id}/results/misses"): (OFFICE, None),
    ("get", "/api/rounds/{round_id}/units/{code}/result"): (SEE_UNIT, None),
    ("get", "/api/rounds/{round_id}/units/{code}/items/{item}/schools"): (SEE_UNIT, None),
    ("post", "/api/rounds/{round_id}/publish"): (OFFICE, {"index_number": "bad"}),
    ("post", "/api/rounds/{round_id}/withdraw"): (OFFICE, {"reason": ""}),
    ("get", "/api/public/rounds"): (EVERYONE, None),
    ("get", "/api/public/rounds/{round_id}/results"): (EVERYONE, None),
    ("post", "/api/tokens"): (LOGGED_IN - {"public"}, {"name": "matrix"}),  # published results need none
    ("get", "/api/tokens"): (LOGGED_IN, None),
    ("delete", "/api/tokens/{token_id}"): (LOGGED_IN, None),
    ("get", "/api/rounds/{round_id}/survey"): (OFFICE, None),
    ("get", "/api/rounds/{round_id}/survey/exclusions"): (OFFICE, None),
    ("post", "/api/rounds/{round_id}/survey/responses/{response_id}/decision"): (
        OFFICE,
        {"count": True, "note": "x"},
    ),
    ("post", "/api/rounds/{round_id}/survey/apply"): (OFFICE, None),
    ("put", "/api/rounds/{round_id}/units/{code}/review/{item}"): (
        REVIEW_UNIT,
        {"points": 0, "reason": "matrix"},
    ),
    ("get", "/api/rounds/{round_id}/units/{code}/layers"): (FINALIZE, None),
    ("put", "/api/rounds/{round_id}/units/{code}/bonus/{item}"): (REVIEW_UNIT, {"accepted": 0, "reason": "x"}),
    ("put", "/api/rounds/{round_id}/units/{code}/flag/{item}"): (REVIEW_UNIT, {"flagged": False}),
    ("post", "/api/rounds/{round_id}/units/{code}/evidence-requests/{item}"): (REVIEW_UNIT, {"reason": ""}),
    ("put", "/api/rounds/{round_id}/units/{code}/reconcile/{item}"): (FINALIZE, {"method": "mean", "reason": ""}),
    ("get", "/api/rounds/{round_id}/reviewers"): (OFFICE, None),
    ("post", "/api/rounds/{round_id}/reviewers"): (OFFICE, {"reviewer": "nobody", "unit": "x"}),
    ("delete", "/api/rounds/{round_id}/reviewers/{reviewer}/{code}"): ({JB: OFFICE}, None),
    ("get", "/api/reviewers/conflicts"): (OFFICE, None),
    ("post", "/api/reviewers/conflicts"): (OFFICE, {"reviewer": "nobody", "unit": "x", "reason": ""}),
    ("delete", "/api/reviewers/conflicts/{conflict_id}"): (OFFICE, None),
    ("put", "/api/rounds/{round_id}/units/{code}/final/{item}"): (
        FINALIZE,
        {"points": 0, "reason": "matrix"},
    ),
    ("get", "/api/rounds/{round_id}/final/missing"): (OFFICE, None),
    ("get", "/api/rounds/{round_id}/units/{code}/draws"): (VERIFY, None),
    ("post", "/api/rounds/{round_id}/units/{code}/draws"): (DRAW, {"method": "bogus", "size": 1}),
    ("get", "/api/rounds/{round_id}/units/{code}/findings"): (VERIFY, None),
    ("post", "/api/rounds/{round_id}/units/{code}/findings"): (VERIFY, "multipart"),
    ("post", "/api/rounds/{round_id}/units/{code}/findings/{finding_id}/score"): (VERIFY, None),
}


def _named_patterns(resolver: URLResolver, prefix: str = "") -> list[tuple[str, str]]:
    found = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            found += _named_patterns(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.append((prefix + str(pattern.pattern), pattern.name))
    return found


def test_every_page_and_endpoint_has_an_expectation() -> None:
    pages = {
        name
        for route, name in _named_patterns(get_resolver())
        if not route.startswith(("admin/", "api/", "i18n/"))
    }
    assert pages == {r.name for r in PAGES}
    documented = {(m, p) for p, ops in api.get_openapi_schema()["paths"].items() for m in ops}
    assert documented == set(API)


def _client(account: str) -> Client:
    client = Client()
    if account != "anonymous":
        assert client.login(username=account, password=DEMO_PASSWORD)
    return client


def _school(round: Round) -> str:
    from dudao.store.accounts.models import Profile

    return Profile.objects.get(user__username="jiangbei-school").unit_id  # type: ignore[return-value]


def _evidence(round: Round, code: str) -> int:
    blob, _ = Blob.objects.get_or_create(
        sha256="0" * 64, defaults={"size": 9, "kind": "pdf", "content_type": "application/pdf"}
    )
    if not default_storage.exists(blob.relative_path):
        default_storage.save(blob.relative_path, ContentFile(b"%PDF-1.4\n"))
    return Evidence.objects.create(round=round, unit_id=code, item="A1.1.1", blob=blob, filename="x.pdf").pk


def _refused(route: Route, account: str, status: int, location: str) -> bool:
    if status == 403:
        return True
    return route.login_redirect_refuses and account == "anonymous" and status == 302 and "/login/" in location


def _targets(allowed: set[str] | dict[str, set[str]]) -> list[tuple[str, set[str]]]:
    if isinstance(allowed, dict):
        return list(allowed.items())
    return [("", allowed)]


@pytest.mark.parametrize("route", PAGES, ids=lambda r: r.label)
def test_page_rules(route: Route, demo_round: Round) -> None:
    if route.name.startswith(("published_", "public_")):
        demo_round.published = True  # only whether the rules let everyone in is at stake here
        demo_round.save(update_fields=["published"])
    if route.closed:
        demo_round.state = Round.State.CLOSED
        demo_round.save(update_fields=["state"])
    wrong = []
    for target, allowed in _targets(route.allowed):
        code = _school(demo_round) if target == SCHOOL else target
        for account in ACCOUNTS:
            kwargs: dict[str, Any] = {}
            if "<int:round_id>" in _route_of(route.name):
                kwargs["round_id"] = demo_round.pk
            if code:
                kwargs["code"] = code
            if route.name.startswith("evidence_") and route.name != "evidence_upload":
                kwargs["evidence_id"] = _evidence(demo_round, code)
            if route.name == "value_history":
                kwargs["element"] = "edu_budget"
            if route.name == "verification_score":
                kwargs["finding_id"] = 0  # none: a 404 once the rules have let the request through
            if route.name == "verification_photo":
                kwargs["photo_id"] = 0  # none: a 404 once the rules have let the request through
            kwargs.update(route.url or {})
            url = reverse(route.name, kwargs=kwargs)
            client = _client(account)
            response = getattr(client, route.method)(url, route.data or {})
            if response.streaming:  # read a served file through, which closes it
                b"".join(response.streaming_content)
            refused = _refused(route, account, response.status_code, response.get("Location", ""))
            assert response.status_code < 500, (route.name, account, target, response.status_code)
            if refused == (account in allowed):
                wrong.append(f"{account} on {target or '-'}: {response.status_code}")
    assert wrong == [], f"{route.name}: " + "; ".join(wrong)


def _route_of(name: str) -> str:
    return next(route for route, n in _named_patterns(get_resolver()) if n == name)


def test_admin_is_for_system_administrators_only(demo_round: Round) -> None:
    for account in ACCOUNTS:
        response = _client(account).get("/admin/")
        assert (response.status_code == 200) == (account in ADMIN_ONLY), (account, response.status_code)


@pytest.mark.parametrize("endpoint", sorted(API), ids=lambda e: f"{e[0]} {e[1]}")
def test_api_rules(endpoint: tuple[str, str], demo_round: Round) -> None:
    from dudao.store.accounts.models import ApiToken

    method, path = endpoint
    allowed_by, body = API[endpoint]
    demo_round.published = True
    demo_round.state = Round.State.CLOSED
    demo_round.results = {"units": []}
    if "public" in path:
        demo_round.save()
    wrong = []
    for target, allowed in _targets(allowed_by):
        code = _school(demo_round) if target == SCHOOL else target
        for account in ACCOUNTS:
            client = Client(enforce_csrf_checks=False)
            headers = {}
            if account != "anonymous":
                user = type(demo_round.created_by).objects.get(username=account)  # type: ignore[arg-type]
                if path == "/api/tokens" and method == "post":
                    client.force_login(user)  # tokens are issued to a browser session only
                else:
                    _, key = ApiToken.issue(user, "matrix")
                    headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
            token_id = (
                ApiToken.objects.filter(user__username=account).values_list("pk", flat=True).first() or 0
            )
            url = path.format(
                round_id=demo_round.pk,
                code=code,
                token_id=token_id,
                item="A6.2.2",
                response_id=0,
                finding_id=0,
                reviewer="nobody",
                conflict_id=0,
            )
            if body == "multipart":
                upload = SimpleUploadedFile("x.pdf", b"%PDF-1.4\n", content_type="application/pdf")
                response = client.post(url, {"item": "nowhere", "file": upload}, **headers)
            elif body is None:
                response = getattr(client, method)(url, **headers)
            else:
                response = getattr(client, method)(url, body, content_type="application/json", **headers)
            assert response.status_code < 500, (path, account, response.status_code, response.content[:300])
            refused = response.status_code in (401, 403)
            if refused == (account in allowed):
                wrong.append(f"{account} on {target or '-'}: {response.status_code}")
    assert wrong == [], f"{method.upper()} {path}: " + "; ".join(wrong)

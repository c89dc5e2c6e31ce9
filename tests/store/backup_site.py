"""A site's database and media folder, filled or read, in a process of its own.

``python -m tests.store.backup_site fill DATABASE_URL DATA_DIR`` migrates an empty database, loads
the demo round and attaches evidence files and a narrative report; ``… snapshot DATABASE_URL
DATA_DIR`` prints every table's rows (as :func:`tests.store.roundtrip.rows` reads them) and every
media file's SHA-256 as one JSON object, leaving out the web's own tables (sessions and the admin's
log), which ``dudao backup`` does not hold. Django runs with the web's settings to load the demo.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import sys
from pathlib import Path
from typing import Any

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
PDF = "%PDF-1.4\n% 自评报告 江北区\n".encode() + bytes(range(256)) * 16
REPORT = "江北区 2022 年义务教育优质均衡发展自评报告\n一、基本情况\n全区共有学校 60 所。\n"


WEB_TABLES = ("django_session", "django_admin_log")


def _setup(database_url: str, data_dir: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DUDAO_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "dudao.web.settings"
    import django

    django.setup()


def fill() -> None:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from dudao import store
    from dudao.store.accounts.models import Unit
    from dudao.store.entry.evidence import store_blob
    from dudao.store.entry.models import Evidence, NarrativeReport
    from dudao.store.rounds.models import Publication
    from dudao.store.verification.draws import DrawRequest, make_draw
    from dudao.store.verification.findings import FindingInput, Photo, record_finding
    from dudao.web.demo import load_demo

    store.migrate()
    round, _ = load_demo()
    office = get_user_model().objects.get(username="office")
    jiangbei = Unit.objects.get(code="500105")
    with transaction.atomic():
        for name, data, kind, content_type in (
            ("校舍照片.png", PNG, "png", "image/png"),
            ("自评报告.pdf", PDF, "pdf", "application/pdf"),
        ):
            blob = store_blob(data, hashlib.sha256(data).hexdigest(), kind, content_type)
            Evidence.objects.create(
                round=round, unit=jiangbei, item="A6.1.1", blob=blob, filename=name, uploaded_by=office
            )
        text = REPORT.encode()
        blob = store_blob(text, hashlib.sha256(text).hexdigest(), "txt", "text/plain")
        NarrativeReport.objects.create(
            round=round, unit=jiangbei, blob=blob, filename="自评报告.txt", uploaded_by=office
        )
        # What the office chose to publish of the round, and its disclosure metadata (the demo
        # round stays open: only its publication's row is at stake here).
        Publication.objects.create(
            round=round,
            show_scores=False,
            documents=["summary", "feedback"],
            index_number="500000/2026-00001",
            publisher="重庆市人民政府教育督导室",
            written_on=dt.date(2026, 6, 1),
            published_on=dt.date(2026, 6, 2),
            topic="教育/教育督导",
            published_by=office,
            published_at=dt.datetime(2026, 6, 2, 9, 30, 15, 123456, tzinfo=dt.UTC),
        )
    # Field verification: a draw, a redraw (the first kept), and a finding with a photo.
    first = make_draw(office, round, jiangbei, DrawRequest("stratified", 4, 20221213))
    make_draw(office, round, jiangbei, DrawRequest("simple", 3, 7, reason="一所学校停课"))
    school = first.replaced_by.schools.first().school_id
    photo = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8
    record_finding(
        office,
        round,
        jiangbei,
        FindingInput("A6.1.1", "major", "现场查看：班额超标", school, "1", "入园率与现场不符"),
        [Photo("现场.jpg", io.BytesIO(photo), len(photo))],
    )
    _fill_survey(round, office, jiangbei)


def _fill_survey(round: Any, office: Any, jiangbei: Any) -> None:
    """The survey's tables: a questionnaire, an invitation, a counted answer and an excluded one."""
    from dudao.samples import bundled_survey_path
    from dudao.store.survey import services

    survey, problems = services.set_questionnaire(
        office, round, bundled_survey_path().read_text(encoding="utf-8"), "national_example.yaml"
    )
    assert survey is not None, problems
    (invitation,) = services.make_invitations(office, survey, jiangbei, "public", 1)
    answers = {"q-role": ["在读学生家长"], "q-p_all": ["比较满意"], "q-p_open": ["希望增加体育活动时间"]}
    for device in ("phone-1", "phone-1"):
        services.take_answer(
            survey,
            jiangbei.code,
            "public",
            answers,
            device=device,
            address="10.1.1.1",
            invitation=invitation.token,
        )
    services.apply_to_round(office, survey)


def snapshot() -> dict[str, Any]:
    from django.conf import settings
    from django.db import connection

    from tests.store.roundtrip import rows

    media = Path(settings.MEDIA_ROOT)
    files = {
        p.relative_to(media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(media.rglob("*"))
        if p.is_file()
    }
    tables = rows(connection)
    tables.pop("django_migrations")  # when each migration was applied: the restore's own
    for web_table in WEB_TABLES:  # the web's own, not in a backup by design (docs/operations.md)
        tables.pop(web_table, None)
    return {"tables": tables, "files": files}


if __name__ == "__main__":
    _setup(sys.argv[2], sys.argv[3])
    if sys.argv[1] == "fill":
        fill()
    else:
        print(json.dumps(snapshot(), ensure_ascii=False))

"""``dudao remind``, run as a daily job runs it (on the test database, which the store leaves as
it is): it sends what is due once, lists it, and says so when nothing is mailed."""

from __future__ import annotations

from datetime import timedelta

from typer.testing import CliRunner

from dudao.cli.app import app
from dudao.store.rectification.models import Reminder
from dudao.store.rounds.models import Round

runner = CliRunner()


def test_the_daily_job_sends_what_is_due_once(demo_round: Round) -> None:
    day = f"{demo_round.deadline - timedelta(days=1):%Y-%m-%d}"
    listed = runner.invoke(app, ["remind", "--date", day, "--dry-run"])
    assert listed.exit_code == 0 and "（未发送）" in listed.output and "江北区" in listed.output
    assert not Reminder.objects.exists()
    sent = runner.invoke(app, ["remind", "--date", day])
    assert sent.exit_code == 0, sent.output
    count = Reminder.objects.count()
    assert count > 0 and f"已发送提醒 {count} 条" in sent.output and "仅系统内可见" in sent.output
    again = runner.invoke(app, ["remind", "--date", day])
    assert again.exit_code == 0 and "已发送提醒 0 条" in again.output and Reminder.objects.count() == count


def test_a_date_that_is_not_one_is_refused(demo_round: Round) -> None:
    done = runner.invoke(app, ["remind", "--date", "2023-13-01"])
    assert done.exit_code == 2 and "YYYY-MM-DD" in done.output

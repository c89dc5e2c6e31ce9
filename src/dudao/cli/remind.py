"""``dudao remind``: send the reminders due today (催报 and 整改提醒), for a daily job (cron).

What is due, and how each reminder is recorded and mailed, is
:mod:`dudao.store.rectification.reminders`; a reminder already sent today is not sent again, so
the job may run more than once a day, and beside the office's button on the reminders page.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.markup import escape

from dudao.cli.common import Exit, err, out
from dudao.cli.rounds import DataDirOption, database_errors, open_store


def remind(
    day: Annotated[
        str | None,
        typer.Option(
            "--date", help="按这一天计算（YYYY-MM-DD，默认今天）/ the day to remind as of (default: today)"
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="只列出到期的提醒，不发送 / list what is due, send nothing")
    ] = False,
    data_dir: DataDirOption = None,
) -> None:
    """发送今日到期的催报和整改提醒 / send the reminders due today (in the app; mailed once SMTP is set)."""
    try:
        today = date.fromisoformat(day) if day else None
    except ValueError:
        err.print(f"[red]--date “{escape(day or '')}” 不是有效日期，请按 YYYY-MM-DD 填写 / not a date[/red]")
        raise Exit(2) from None
    open_store(data_dir)
    from django.conf import settings

    from dudao.store.rectification.reminders import due_reminders, send_reminders

    with database_errors(data_dir):
        if dry_run:
            due = due_reminders(today)
            for d in due:
                out.print(f"{escape(d.unit.name)}：{escape(d.subject)}")
            out.print(f"到期提醒 {len(due)} 条（未发送）/ {len(due)} due, none sent")
            return
        sent = send_reminders(today=today)
    mailed = sum(1 for r in sent if r.emailed_to)
    failed = [r for r in sent if r.email_error]
    for reminder in sent:
        out.print(f"{escape(reminder.unit.name)}：{escape(reminder.subject)}")
    how = "" if getattr(settings, "REMINDER_EMAIL", False) else "（未配置邮件服务器，仅系统内可见）"
    out.print(f"已发送提醒 {len(sent)} 条，其中邮件 {mailed} 条{how} / sent {len(sent)}, {mailed} by e-mail")
    for reminder in failed:
        where = f"{escape(reminder.unit.name)}：{escape(reminder.email_error)}"
        err.print(f"[yellow]邮件未发出 / not mailed：{where}[/yellow]")
    if failed:
        raise Exit(1)

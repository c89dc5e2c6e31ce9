"""The survey as an Excel workbook: the rates with their intervals, every answer sheet (counted or
not, with the reason), and the open answers."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from dudao.store.survey.models import Reason, Survey
from dudao.store.survey.questionnaire import Kind
from dudao.store.survey.services import questionnaire_of, results


def _sheet(book: Workbook, title: str, header: list[str]) -> Worksheet:
    sheet = book.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    return sheet


def workbook(survey: Survey) -> bytes:
    """The workbook's bytes (xlsx)."""
    questionnaire = questionnaire_of(survey)
    names = {g.code: g.name for g in questionnaire.groups}
    units = dict(survey.round.entries.values_list("unit__code", "unit__name"))
    book = Workbook()
    book.remove(book.active)
    label = "（示例问卷）" if questionnaire.sample else ""
    rates = _sheet(
        book,
        "满意率",
        [
            "单位代码",
            "单位",
            "调查对象",
            "维度",
            "满意率(%)",
            "95%置信下限(%)",
            "95%置信上限(%)",
            "有效样本(人)",
            "满意回答",
            "有效回答",
            "样本不足",
        ],
    )
    for (unit, group, _aspect), rate in sorted(results(survey).items()):
        low, high = rate.interval
        rates.append(
            [
                unit,
                units.get(unit, ""),
                names.get(group, group),
                rate.aspect_name,
                rate.percent(),
                round(low * 100, 2),
                round(high * 100, 2),
                rate.respondents,
                rate.satisfied,
                rate.valid,
                "是" if rate.too_small else "",
            ]
        )
    questions = [(g, q) for g in questionnaire.groups for q in g.questions]
    sheets = _sheet(
        book,
        "答卷",
        [
            "编号",
            "提交时间",
            "单位代码",
            "调查对象",
            "是否计入",
            "不计入原因",
            "说明",
            *[f"{g.code}.{q.code}" for g, q in questions],
        ],
    )
    for r in survey.responses.order_by("pk").iterator():
        row = [
            r.pk,
            r.submitted_at.replace(tzinfo=None),
            r.unit_id,
            names.get(r.group, r.group),
            "计入" if r.counted else "不计入",
            Reason(r.reason).label if r.reason else "",
            r.detail,
        ]
        for g, q in questions:
            answer = r.answers.get(q.code) if g.code == r.group else None
            row.append("、".join(answer) if isinstance(answer, list) else answer)
        sheets.append(row)
    texts = _sheet(book, "开放题", ["编号", "单位代码", "调查对象", "题目", "回答", "是否计入"])
    for r in survey.responses.order_by("pk").iterator():
        answered = questionnaire.group(r.group)
        for q in answered.questions if answered else ():
            if q.kind is Kind.TEXT and r.answers.get(q.code):
                texts.append(
                    [
                        r.pk,
                        r.unit_id,
                        names.get(r.group, r.group),
                        q.text,
                        r.answers[q.code],
                        "计入" if r.counted else "不计入",
                    ]
                )
    book.properties.title = f"{survey.title}{label}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

"""The office's forms: a new round, a scheme upload, the audit log's filters.

Every bad input becomes a message on its field, saying what is accepted; a scheme file's
problems are listed with their line and column.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.errors import Problem, Severity
from dudao.samples import BUNDLED_SCHEMES
from dudao.scheme import load_scheme_text
from dudao.store.accounts.models import Unit
from dudao.store.audit.models import Action
from dudao.store.rounds.models import Round, SchemeVersion

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

MAX_SCHEME_BYTES = 1024 * 1024
SHOWN_PROBLEMS = 10
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: StrOrPromise, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=_DATE,
        error_messages={"invalid": gettext_lazy("请按“年-月-日”填写日期，如 2024-06-30")},
    )


def problem_text(problem: Problem) -> str:
    """One scheme problem as its place and its Chinese message.

    >>> from dudao.errors import Location
    >>> problem_text(Problem.of("yaml-syntax", Location("s.yaml", 4, 1), detail="缺少冒号"))
    '第 4 行第 1 列（s.yaml:4:1）：YAML 格式错误：缺少冒号'
    """
    where = str(problem.location)
    if problem.location.line:
        return _("第 %(line)d 行第 %(column)d 列（%(where)s）：%(message)s") % {
            "line": problem.location.line,
            "column": problem.location.column,
            "where": where,
            "message": problem.message_zh,
        }
    return _("%(where)s：%(message)s") % {"where": where, "message": problem.message_zh}


def problem_messages(problems: list[Problem]) -> list[str]:
    """The errors among ``problems`` as field messages (the first few, and how many more)."""
    errors = [p for p in problems if p.severity is Severity.ERROR]
    messages = [problem_text(p) for p in errors[:SHOWN_PROBLEMS]]
    if len(errors) > SHOWN_PROBLEMS:
        messages.append(_("另有 %(n)d 处错误未列出") % {"n": len(errors) - SHOWN_PROBLEMS})
    return messages


@dataclass(frozen=True)
class SchemeText:
    """A checked scheme file: its text and where it came from."""

    text: str
    source: str


def read_scheme_file(upload: UploadedFile[Any]) -> SchemeText:
    """The text of an uploaded scheme, checked; raises ValidationError listing its problems."""
    if upload.size is not None and upload.size > MAX_SCHEME_BYTES:
        raise forms.ValidationError(_("方案文件不能超过 1 MB"))
    try:
        raw: bytes = upload.read()
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise forms.ValidationError(_("方案文件须为 UTF-8 编码的 YAML 文本")) from error
    source = upload.name or "upload.yaml"
    scheme, problems = load_scheme_text(text, source)
    messages = problem_messages(problems)
    if scheme is None or messages:
        raise forms.ValidationError(messages or [_("方案文件无法读取")])
    return SchemeText(text, f"upload:{source}")


class SchemeUploadForm(forms.Form):
    scheme_file = forms.FileField(
        label=gettext_lazy("方案文件（YAML）"),
        help_text=gettext_lazy("同一方案代码与版本号的方案只能在未被开放的轮次使用前替换。"),
    )

    def clean_scheme_file(self) -> SchemeText:
        return read_scheme_file(self.cleaned_data["scheme_file"])


def scheme_choices() -> list[tuple[str, str]]:
    """Stored versions first, then the bundled samples that are not stored yet."""
    stored = [(f"stored:{v.pk}", str(v)) for v in SchemeVersion.objects.all()]
    bundled = [(f"bundled:{code}", _("内置示例方案：%(code)s") % {"code": code}) for code in BUNDLED_SCHEMES]
    return [("", _("— 请选择 —")), *stored, *bundled]


class RoundForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("轮次名称"), max_length=300)
    scheme = forms.ChoiceField(label=gettext_lazy("评价方案"), required=False)
    scheme_file = forms.FileField(
        label=gettext_lazy("或上传方案文件（YAML）"),
        required=False,
        help_text=gettext_lazy("上传后以文件为准，方案会先校验并保存为新版本。"),
    )
    scope = forms.CharField(
        label=gettext_lazy("评价范围（上级单位代码）"),
        max_length=32,
        help_text=gettext_lazy("评价该单位之下、方案规定层级的全部单位，如 500000（重庆市）。"),
    )
    period = forms.IntegerField(
        label=gettext_lazy("数据年度"),
        required=False,
        min_value=1990,
        max_value=2100,
        help_text=gettext_lazy("留空则使用方案中的数据年度。"),
    )
    deadline = _date(gettext_lazy("填报截止日期"))
    review_deadline = _date(gettext_lazy("评审截止日期"), required=False)
    previous = forms.ModelChoiceField(
        Round.objects.none(),
        label=gettext_lazy("上一轮（接续整改）"),
        required=False,
        empty_label=gettext_lazy("不接续"),
        help_text=gettext_lazy(
            "选择已关闭的上一轮：其未完成整改的问题转入本轮的问题清单，"
            "本轮的“上一轮督导问题整改”指标可据其整改台账评分。"
        ),
        error_messages={"invalid_choice": gettext_lazy("没有这个已关闭的轮次；请从列表中选择")},
    )
    load_prior = forms.BooleanField(
        label=gettext_lazy("载入上一年度的内置示例数据（示例数据）"),
        required=False,
        help_text=gettext_lazy("用于对比上年数据；仅对内置示例单位有效。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice = self.fields["scheme"]
        assert isinstance(choice, forms.ChoiceField)
        choice.choices = scheme_choices()
        previous = self.fields["previous"]
        assert isinstance(previous, forms.ModelChoiceField)
        closed = Round.objects.filter(state=Round.State.CLOSED).defer("results")
        previous.queryset = closed.order_by("-period", "-created_at")
        top = Unit.objects.filter(parent__isnull=True).order_by("code").first()
        if top is not None:
            self.fields["scope"].initial = top.code

    def clean_scheme_file(self) -> SchemeText | None:
        upload = self.cleaned_data.get("scheme_file")
        return read_scheme_file(upload) if upload else None

    def clean_scope(self) -> Unit:
        code = self.cleaned_data["scope"].strip()
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise forms.ValidationError(
                _("单位代码“%(code)s”不存在，请填写已登记的单位代码") % {"code": code}
            )
        return unit

    def clean_deadline(self) -> date:
        deadline: date = self.cleaned_data["deadline"]
        today = timezone.localdate()
        if deadline <= today:
            raise forms.ValidationError(_("截止日期须晚于今天（%(today)s）") % {"today": today.isoformat()})
        return deadline

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("scheme_file") and not data.get("scheme") and "scheme_file" not in self.errors:
            self.add_error("scheme", _("请选择一个评价方案，或上传方案文件"))
        deadline, review = data.get("deadline"), data.get("review_deadline")
        if deadline and review and review < deadline:
            self.add_error("review_deadline", _("评审截止日期不能早于填报截止日期"))
        return data


class AuditFilter(forms.Form):
    round = forms.ModelChoiceField(
        label=gettext_lazy("轮次"),
        queryset=Round.objects.all(),
        required=False,
        empty_label=gettext_lazy("全部轮次"),
        error_messages={"invalid_choice": gettext_lazy("请选择列表中的轮次")},
    )
    unit = forms.CharField(label=gettext_lazy("单位代码"), max_length=32, required=False)
    user = forms.CharField(label=gettext_lazy("用户"), max_length=150, required=False)
    action = forms.ChoiceField(
        label=gettext_lazy("操作"), choices=[("", gettext_lazy("全部操作")), *Action.choices], required=False
    )
    date_from = _date(gettext_lazy("起始日期"), required=False)
    date_to = _date(gettext_lazy("截止日期"), required=False)

    def clean_unit(self) -> str:
        code: str = self.cleaned_data["unit"].strip()
        if code and not Unit.objects.filter(code=code).exists():
            raise forms.ValidationError(_("单位代码“%(code)s”不存在") % {"code": code})
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("截止日期不能早于起始日期"))
        return data

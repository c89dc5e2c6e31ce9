"""Stale forms 过期表单: a save from a page older than the stored row is refused, never applied.

Every field the entry form edits carries what it showed when the page was built: a value and
its comment (``o-`` / ``oc-``), a narrative's :func:`digest` (``on-``), a self-score's level
(``os-``); the API sends ``original`` and ``original_comment``. A save is refused for a field
when the stored row has moved away from what the form showed and the save would change it to
something else again. The refusal is a :class:`Conflict`: what is stored now, by whom and when,
so that the person can keep theirs (saving again does: the page now carries the stored row as
its original) or take the stored one. Nothing is overwritten unseen, and nothing typed is lost:
the page keeps what was typed beside what is stored.

>>> digest("第一行\\r\\n第二行") == digest("第一行\\n第二行")
True
>>> len(digest(""))
16
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _


def show(value: float | None) -> str:
    """A stored number as the form shows it (and ``o-`` carries it): no exponent, no trailing ``.0``.

    >>> show(138980.0), show(85.5), show(None), show(0.1 + 0.2)
    ('138980', '85.5', '', '0.3')
    """
    if value is None:
        return ""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return format(value, ".12g")


def normalize(text: str) -> str:
    """A text as stored: browsers send a textarea's line breaks as CRLF.

    >>> normalize("a\\r\\nb\\rc")
    'a\\nb\\nc'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def digest(text: str) -> str:
    """What a form carries for a long text it showed (``on-``): a short hash of the text."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Conflict:
    """A field someone changed after the form was loaded: the row as stored now.

    ``key`` is the form key (an element code, ``narrative:<area>``, ``self:<item>``); ``stored``
    what the field holds now as the form's input takes it ("" for empty), ``shown`` the same for
    reading (是/否 for a yes/no value); ``comment`` a value's stored comment when that changed too
    (None otherwise).
    """

    key: str
    stored: str
    shown: str
    who: str
    when: datetime | None
    comment: str | None = None

    @property
    def kind(self) -> str:
        return self.key.split(":", 1)[0] if ":" in self.key else "value"

    @property
    def message(self) -> str:
        words = {
            "who": self.who or "—",
            "when": timezone.localtime(self.when).strftime("%Y-%m-%d %H:%M") if self.when else "—",
            "now": self.shown or _("空"),
        }
        if self.kind == "narrative":
            return (
                _(
                    "自评说明已被 %(who)s 于 %(when)s 修改，您的修改未保存。现存内容见下方；"
                    "再次保存将以您的内容覆盖，也可点“采用现存内容”。"
                )
                % words
            )
        if self.kind == "self":
            return (
                _(
                    "自评等级已被 %(who)s 于 %(when)s 改为“%(now)s”，您的修改未保存；"
                    "再次保存将以您的选择覆盖，也可点“采用现存等级”。"
                )
                % words
            )
        if self.comment is not None:
            words["comment"] = self.comment or _("空")
            return (
                _(
                    "此项已被 %(who)s 于 %(when)s 改为 %(now)s（备注：%(comment)s），您的修改未保存；"
                    "再次保存将以您的填写覆盖，也可点“采用现存值”。"
                )
                % words
            )
        return (
            _(
                "此项已被 %(who)s 于 %(when)s 改为 %(now)s，您的修改未保存；"
                "再次保存将以您的填写覆盖，也可点“采用现存值”。"
            )
            % words
        )


def who_changed(row: Any) -> str:
    """The account that last saved ``row`` (a value, narrative or self-score), or ""."""
    user = getattr(row, "updated_by", None)
    return str(user.get_username()) if user is not None else ""

"""The English catalog: complete, compiled, placeholder-safe, and what English readers see.

The interface is written in Chinese (the msgids); ``src/dudao/web/locale/en`` translates it, for
the web and for the store's messages it shows (``src/dudao/store``). When a test here fails because
a string is missing, run (from ``src/dudao/web``)
``django-admin makemessages -l en --no-obsolete --symlinks`` with a link ``store`` to ``../store``
(or add the entry by hand), translate the new entries in ``django.po`` and run
``django-admin compilemessages``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from dudao.store.rounds.models import Round
from dudao.web.demo import JIANGBEI
from dudao.web.pages.ranking import _rule_text
from tests.web.conftest import login

WEB = Path(__file__).resolve().parents[2] / "src" / "dudao" / "web"
STORE = WEB.parent / "store"
MESSAGES = WEB / "locale" / "en" / "LC_MESSAGES"
HOW = "add the msgids to src/dudao/web/locale/en/LC_MESSAGES/django.po (see this module's docstring), translate, then compilemessages"

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
PERCENT = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]")
BRACES = re.compile(r"\{\w*\}")
GETTEXT = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}


@pytest.fixture(scope="module")
def po() -> polib.POFile:
    return polib.pofile(str(MESSAGES / "django.po"))


def _catalog(entries: polib.POFile | polib.MOFile) -> dict[tuple[str, str], object]:
    return {
        (e.msgid, e.msgid_plural): (dict(e.msgstr_plural) if e.msgid_plural else e.msgstr)
        for e in entries
        if e.msgid
    }


def test_every_entry_is_translated_and_none_is_fuzzy(po: polib.POFile) -> None:
    assert len(po) > 400
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated msgids {untranslated[:5]}: translate them, then compilemessages"
    assert not fuzzy, f"fuzzy msgids {fuzzy[:5]}: check the translations and remove the fuzzy flag"
    assert not po.metadata_is_fuzzy and po.metadata["Language"] == "en"
    assert po.metadata["Plural-Forms"].startswith("nplurals=2;")


def test_compiled_catalog_matches_the_po_file(po: polib.POFile) -> None:
    mo = polib.mofile(str(MESSAGES / "django.mo"))
    assert _catalog(mo) == _catalog(po), "django.mo is stale: run `django-admin compilemessages`"


def test_placeholders_survive_translation(po: polib.POFile) -> None:
    def directives(text: str) -> list[str]:
        return sorted(m.group(0) for m in PERCENT.finditer(text))

    for entry in po:
        targets = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for target in targets:
            assert directives(target) == directives(entry.msgid), (entry.msgid, target)
            if "python-brace-format" in entry.flags:
                assert sorted(BRACES.findall(target)) == sorted(BRACES.findall(entry.msgid)), entry.msgid
            assert CJK.search(target) is None, (entry.msgid, target)


def _template_msgids(text: str) -> Iterator[str]:
    """The msgids of a template, as makemessages writes them (``%`` doubled, variables as %(x)s)."""
    for m in re.finditer(r"\{%\s*(?:translate|trans)\s+(?:\"([^\"]*)\"|'([^']*)')", text):
        yield (m.group(1) if m.group(1) is not None else m.group(2)).replace("%", "%%")
    for m in re.finditer(r"\b_\((?:\"([^\"]*)\"|'([^']*)')\)", text):
        yield (m.group(1) if m.group(1) is not None else m.group(2)).replace("%", "%%")
    block = r"\{%\s*blocktranslate\b([^%]*)%\}(.*?)\{%\s*endblocktranslate\s*%\}"
    for m in re.finditer(block, text, flags=re.S):
        for part in re.split(r"\{%\s*plural\s*%\}", m.group(2)):
            yield re.sub(r"\{\{\s*(\w+)\s*\}\}", r"%(\1)s", part.replace("%", "%%"))


def _python_msgids(source: str) -> Iterator[str]:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and node.args:
            func, first = node.func, node.args[0]
            name = getattr(func, "id", None) or getattr(func, "attr", "")
            if name in GETTEXT and isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield first.value


def test_template_literals_are_found_by_the_scan() -> None:
    text = (
        '{% translate "保存" %}{% translate \'语言\' %}{{ x|default:_("空") }}'
        "{% blocktranslate count n=k %}共 {{ n }} 条{% plural %}共 {{ n }} 条{% endblocktranslate %}"
    )
    assert list(_template_msgids(text)) == ["保存", "语言", "空", "共 %(n)s 条", "共 %(n)s 条"]
    python = '_("已保存 %(n)d 项") % {"n": 1}\nlabel = gettext_lazy("状态")\nf("不是")'
    assert sorted(_python_msgids(python)) == sorted(["已保存 %(n)d 项", "状态"])


def test_every_marked_string_in_the_web_app_is_in_the_catalog(po: polib.POFile) -> None:
    known = {e.msgid for e in po} | {e.msgid_plural for e in po if e.msgid_plural}
    found: dict[str, str] = {}
    for path in sorted((WEB / "templates").rglob("*.html")):
        for msgid in _template_msgids(path.read_text(encoding="utf-8")):
            found.setdefault(msgid, str(path.relative_to(WEB)))
    for path in sorted([*WEB.rglob("*.py"), *STORE.rglob("*.py")]):
        if "migrations" not in path.parts:
            for msgid in _python_msgids(path.read_text(encoding="utf-8")):
                found.setdefault(msgid, str(path.relative_to(WEB.parent)))
    assert len(found) > 400
    missing = {msgid: where for msgid, where in found.items() if msgid not in known}
    assert not missing, f"not in django.po: {missing}; {HOW}"


def _english(client: Client, url: str) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, url
    assert response["Content-Language"] == "en"
    return response.content.decode()


@pytest.mark.django_db
def test_login_page_follows_accept_language() -> None:
    chinese = Client().get(reverse("login")).content.decode()
    assert "用户登录" in chinese and "用户名" in chinese and 'lang="zh-hans"' in chinese
    page = _english(Client(), reverse("login"))
    assert 'lang="en"' in page
    for words in ("Sign in", "Username", "Password", "Education Supervision Evaluation System"):
        assert words in page
    assert "用户登录" not in page and "用户名" not in page
    # The only Chinese left: the language's own name in the selector and the brand's seal.
    rest = page.replace("简体中文", "").replace('<span class="seal">督</span>', "")
    assert CJK.findall(rest) == []


@pytest.mark.django_db
def test_the_language_selector_switches_to_english_and_back() -> None:
    client = login("office")
    response = client.post("/i18n/setlang/", {"language": "en", "next": reverse("rounds")})
    assert response.status_code == 302 and response["Location"] == reverse("rounds")
    page = client.get(reverse("rounds")).content.decode()
    assert "<h1>Evaluation rounds</h1>" in page and "New round" in page
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": reverse("rounds")})
    assert "<h1>评价轮次</h1>" in client.get(reverse("rounds")).content.decode()


def test_rounds_list_in_english(demo_round: Round) -> None:
    client = login("office")
    page = _english(client, reverse("rounds"))
    for words in ("<h1>Evaluation rounds</h1>", "New round", "Round name", "Data entry progress", "Sign out"):
        assert words in page
    assert demo_round.name in page  # data stays as entered
    assert "新建轮次" not in page
    assert "新建轮次" in client.get(reverse("rounds")).content.decode()


def test_board_in_english(demo_round: Round) -> None:
    client = login("office")
    page = _english(client, reverse("round", args=[demo_round.pk]))
    for words in ("All units", "Unit code", "Submitted at", "Close round and freeze results", "Audit log"):
        assert words in page
    assert '"tooltip": "{b}: {c} ({d}%)"' in page and '"Submitted"' in page  # the chart's words too
    assert "填报进度" not in page and "江北区" in page
    chinese = client.get(reverse("round", args=[demo_round.pk])).content.decode()
    assert "全部单位" in chinese and "All units" not in chinese
    assert '"tooltip": "{b}\\uff1a{c}\\uff08{d}%\\uff09"' in chinese


def test_results_chart_axis_in_english(demo_round: Round) -> None:
    page = _english(login("office"), reverse("round_results", args=[demo_round.pk]))
    assert '"axis": "Total"' in page and "Current scores" in page


def test_unit_entry_page_in_english(demo_round: Round) -> None:
    client = login("jiangbei")
    url = reverse("unit", args=[demo_round.pk, JIANGBEI])
    page = _english(client, url)
    for words in (
        "Save data",
        "Score estimate",
        "Self-evaluation statement",
        "Evidence",
        "3 values are still missing:",
        "Last year (2020)",
        "Not entered",
    ):
        assert words in page, words
    assert "Vetoes, downgrades and other" in page  # the one group the app names itself
    assert "保存填报数据" not in page and "江北区" in page
    chinese = client.get(url).content.decode()
    assert "保存填报数据" in chinese and "否决、降等情形及其他" in chinese and "Save data" not in chinese


def test_refusals_come_in_english(demo_round: Round) -> None:
    client = login("jiangbei")
    response = client.post(
        reverse("unit_save", args=[demo_round.pk, JIANGBEI]),
        {"v-edu_budget": "lots", "o-edu_budget": ""},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    page = response.content.decode()
    assert "is not a number; enter a number such as 1234 or 85.5" in page
    api = client.get("/api/rounds/999999", HTTP_ACCEPT_LANGUAGE="en").json()
    assert api["error"]["message"] == "No such round: 999999"


def test_rule_kinds_and_area_headers_follow_the_language() -> None:
    rule = {"type": "veto", "type_zh": "一票否决", "reason": "发生重大安全事故"}
    with translation.override("en"):
        assert _rule_text(rule) == "Veto: 发生重大安全事故"
    with translation.override("zh-hans"):
        assert _rule_text(rule) == "一票否决：发生重大安全事故"

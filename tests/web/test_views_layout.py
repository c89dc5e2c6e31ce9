"""Views never import views: a page family's module is not another's helper library.

The view modules are those under ``pages/views/`` and the entry page's three (``values``,
``extras``, ``status``); what they share lives beside them (``pages/http.py``, the entry page's
``page``, ``parts``, ``preview`` and ``responses``), and none of those imports a view either.
"""

from __future__ import annotations

import ast
from pathlib import Path

PAGES = Path(__file__).resolve().parents[2] / "src" / "dudao" / "web" / "pages"
ENTRY_VIEWS = {"values", "extras", "status"}


def _views() -> set[str]:
    names = {f"dudao.web.pages.views.{p.stem}" for p in (PAGES / "views").glob("*.py") if p.stem != "__init__"}
    return names | {f"dudao.web.pages.entry.{name}" for name in ENTRY_VIEWS}


def _imported(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{path}: a relative import"
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_views_and_their_helpers_import_no_view() -> None:
    views = _views()
    assert {"dudao.web.pages.views.documents", "dudao.web.pages.entry.values"} <= views
    helpers = [p for p in (PAGES / "entry").glob("*.py") if p.stem not in ("urls", "__init__")]
    helpers += [PAGES / "http.py", PAGES / "document_links.py", PAGES / "ranking.py", PAGES / "office_forms.py"]
    modules = [p for p in (PAGES / "views").glob("*.py") if p.stem != "__init__"] + helpers
    offenders = {
        str(path.relative_to(PAGES)): sorted(_imported(path) & views) for path in modules if _imported(path) & views
    }
    assert offenders == {}


def test_the_entry_page_is_one_package() -> None:
    assert not list((PAGES / "views").glob("entry*.py"))
    assert {p.stem for p in (PAGES / "entry").glob("*.py")} == {
        "__init__", "urls", "page", "parts", "preview", "responses", *ENTRY_VIEWS,
    }

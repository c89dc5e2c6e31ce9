"""No code path updates or deletes an audit entry (issue #16, part 2, item 3).

The ORM and the database refuse it at run time (``tests/web/test_audit_append_only.py``); this
scan of every module under ``src/`` finds the attempts themselves: a change or delete method
(``update``, ``delete``, ``save``, ``bulk_update``, …) called on ``AuditEntry``, on its querysets,
or on a name bound to one (an entry ``record()`` returned, ``AuditEntry.objects.filter(…)``),
and SQL text that updates, deletes or truncates the audit table. The scanner is tested on code
that does each of these, so that a clean result means something.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
# The migration that installs the triggers names UPDATE and DELETE in their text.
TRIGGERS = SRC / "dudao" / "store" / "audit" / "migrations"
CHANGES = frozenset(
    {"update", "delete", "save", "bulk_update", "update_or_create", "_update", "_raw_delete"}
    | {"aupdate", "adelete", "asave", "abulk_update", "aupdate_or_create"}
)
SQL_CHANGE = re.compile(
    r"\b(update|delete\s+from|truncate)\b[^;]*\baudit_auditentry\b", re.IGNORECASE | re.DOTALL
)
ENTRY_SOURCES = ("AuditEntry", "record")  # what makes a name an audit entry or a queryset of them


def _root(node: ast.expr) -> ast.expr:
    """The start of a chain: ``AuditEntry`` in ``AuditEntry.objects.filter(x=1).first()``."""
    while True:
        if isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            return node


def _entry_names(tree: ast.AST) -> set[str]:
    """Names bound anywhere in the module to an expression that starts at an entry source."""
    names: set[str] = set()
    changed = True
    while changed:  # a name bound from a name bound from AuditEntry counts too
        changed = False
        for node in ast.walk(tree):
            targets: list[ast.expr] = []
            value: ast.expr | None = None
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, ast.AnnAssign | ast.NamedExpr) and node.value is not None:
                targets, value = [node.target], node.value
            elif isinstance(node, ast.For | ast.comprehension):
                targets, value = [node.target], node.iter
            elif isinstance(node, ast.withitem) and node.optional_vars is not None:
                targets, value = [node.optional_vars], node.context_expr
            if value is None:
                continue
            root = _root(value)
            if isinstance(root, ast.Name) and (root.id in ENTRY_SOURCES or root.id in names):
                for target in targets:
                    for name in ast.walk(target):
                        if isinstance(name, ast.Name) and name.id not in names:
                            names.add(name.id)
                            changed = True
    return names


def changes_to_the_log(source: str, filename: str = "<source>") -> list[str]:
    """Every place in ``source`` that would update or delete an audit entry, as ``file:line text``."""
    tree = ast.parse(source, filename)
    names = _entry_names(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in CHANGES:
            root = _root(node.func.value)
            if isinstance(root, ast.Name) and (root.id in ENTRY_SOURCES or root.id in names):
                found.append(f"{filename}:{node.lineno} {ast.unparse(node)}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL_CHANGE.search(node.value):
            found.append(f"{filename}:{node.lineno} SQL {node.value[:80]!r}")
    return found


def test_no_module_under_src_updates_or_deletes_an_audit_entry() -> None:
    modules = [p for p in SRC.rglob("*.py") if TRIGGERS not in p.parents]
    assert len(modules) > 200  # the whole tree, not an empty glob
    found = [hit for path in modules for hit in changes_to_the_log(path.read_text("utf-8"), str(path))]
    assert found == []


def test_the_code_that_writes_the_log_is_scanned() -> None:
    """The scan reads the modules that use the log: the names it tracks are bound there."""
    users = [
        p for p in SRC.rglob("*.py") if "AuditEntry" in p.read_text("utf-8") and TRIGGERS not in p.parents
    ]
    assert len(users) >= 3
    bound = set().union(*(_entry_names(ast.parse(p.read_text("utf-8"))) for p in users))
    assert "entries" in bound  # the audit page's queryset (web/pages/views/rounds.py)


ATTEMPTS = {
    "chained update": "AuditEntry.objects.filter(pk=1).update(target='x')",
    "manager delete": "AuditEntry.objects.all().delete()",
    "bulk_update": "AuditEntry.objects.bulk_update(rows, ['target'])",
    "update_or_create": "AuditEntry.objects.update_or_create(pk=1)",
    "save of a fetched entry": "entry = AuditEntry.objects.get(pk=1)\nentry.target = 'x'\nentry.save()",
    "delete of a recorded entry": "made = record(user, 'round')\nmade.delete()",
    "through two names": "rows = AuditEntry.objects.filter(pk=1)\nsome = rows.exclude(pk=2)\nsome.delete()",
    "in a loop": "for e in AuditEntry.objects.all():\n    e.delete()",
    "walrus": "if (e := AuditEntry.objects.first()):\n    e.save()",
    "async": "await AuditEntry.objects.filter(pk=1).adelete()",
    "raw update": "cursor.execute('UPDATE audit_auditentry SET target = 1')",
    "raw delete": "cursor.execute('delete from audit_auditentry where id = %s', [1])",
    "raw truncate": "cursor.execute('TRUNCATE audit_auditentry')",
}


def test_the_scan_finds_each_kind_of_attempt() -> None:
    for name, source in ATTEMPTS.items():
        assert changes_to_the_log(source), name


def test_the_scan_lets_reads_and_other_models_pass() -> None:
    source = (
        "entries = AuditEntry.objects.filter(round=r).order_by('-at')\n"
        "record(user, 'value', after=1)\n"
        "DataValue.objects.filter(pk=1).delete()\n"
        "value.save()\n"
        "cursor.execute('SELECT * FROM audit_auditentry')\n"
    )
    assert changes_to_the_log(source) == []

"""The catalogue of problems: every code raised is catalogued, every catalogued code is raised,
and docs/problems.md is the catalogue's own text."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from dudao.errors import Location, Problem, Severity
from dudao.problems import CATALOGUE, kind_of, markdown

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "dudao"
CODE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)+$|^required$")
# Calls that take a problem code among their first arguments: Problem itself and the helpers
# that build one (a method named problem/_problem/error/_error/_rejected, FormulaError).
MAKERS = re.compile(r"^(Problem|of|problem|_problem|error|_error|_rejected|FormulaError|Reason)$")


def _sources() -> list[Path]:
    return [p for p in SOURCE.rglob("*.py") if "migrations" not in p.parts and p != SOURCE / "problems.py"]


def codes_passed_to_makers() -> dict[str, set[str]]:
    """Every string literal shaped like a code that is given to a maker of problems."""
    found: dict[str, set[str]] = {}
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if not MAKERS.match(name):
                continue
            for argument in [*node.args[:3], *(k.value for k in node.keywords if k.arg == "code")]:
                literal = isinstance(argument, ast.Constant) and isinstance(argument.value, str)
                if literal and CODE.match(argument.value):
                    found.setdefault(argument.value, set()).add(str(path.relative_to(SOURCE)))
    return found


def string_literals() -> set[str]:
    """Every string in the source, and each f-string's opening text (``f"deleted-{noun}"``
    gives ``deleted-``), so that a code made from a prefix counts as raised."""
    literals: set[str] = set()
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                literals.add(f"{node.values[0].value}*")
    return literals


def raised(code: str, literals: set[str]) -> bool:
    return code in literals or any(
        literal.endswith("-*") and code.startswith(literal[:-1]) for literal in literals
    )


def test_every_code_given_to_a_maker_of_problems_is_catalogued() -> None:
    found = codes_passed_to_makers()
    missing = {code: sorted(files) for code, files in found.items() if kind_of(code) is None}
    assert not missing, f"add these codes to src/dudao/problems.py: {missing}"


def test_the_scan_sees_the_makers() -> None:
    """The scan is not vacuous: it finds codes in the scheme checks, the data loaders and the reader."""
    found = codes_passed_to_makers()
    assert {"points-sum", "unknown-unit", "report-pdf-no-text", "formula-arity"} <= set(found)
    assert len(found) > 60


def test_every_catalogued_code_is_raised_somewhere() -> None:
    literals = string_literals()
    never = sorted(code for code in CATALOGUE if not raised(code, literals))
    assert not never, f"catalogued but never raised (remove them, or raise them): {never}"


def test_a_problem_with_a_code_not_catalogued_is_refused() -> None:
    with pytest.raises(ValueError, match="not in the catalogue"):
        Problem("no-such-code", "无", "none")
    Problem("check-teachers-ratio", "单位 1：师生比不符", "unit 1: check teachers-ratio fails")  # a family


def test_a_problem_of_the_catalogue_fills_its_templates_and_takes_its_severity() -> None:
    made = Problem.of("element-unused", Location("s.yaml", 3, 5), element="pupils")
    assert made.severity is Severity.WARNING
    assert made.message_zh == "数据项“pupils”未被使用"
    assert made.message_en == "element 'pupils' is not used"


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_each_entry_is_complete(code: str) -> None:
    kind = CATALOGUE[code]
    assert (CODE.match(code) or code.endswith("-*")) and kind.zh and kind.en and kind.severity in ("error", "warning")
    assert re.search(r"[\u4e00-\u9fff]", kind.zh), "the Chinese message is Chinese"
    names = {name: "x" for name in kind.fields}
    kind.zh.format(**names), kind.en.format(**names)  # both templates take the same fields


def test_docs_problems_md_is_written_from_the_catalogue() -> None:
    written = (ROOT / "docs" / "problems.md").read_text(encoding="utf-8")
    assert written == markdown(), "run: python -m dudao.problems --write docs/problems.md"
    for code in CATALOGUE:
        assert f"`{code}`" in written

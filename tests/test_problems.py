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
    return [p for p in SOURCE.rglob("*.py") if "migrations" not in p.parts and "problems" not in p.relative_to(SOURCE).parts[:1]]


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
    assert not missing, f"add these codes to the catalogue (src/dudao/problems/): {missing}"


def test_the_scan_sees_the_makers() -> None:
    """The scan is not vacuous: it finds codes in the scheme checks, the data loaders and the reader."""
    found = codes_passed_to_makers()
    assert {"points-sum", "unknown-unit", "report-pdf-no-text", "formula-arity"} <= set(found)
    assert len(found) > 60


CJK = re.compile(r"[\u4e00-\u9fff]")
# Where a Problem may be made from texts that are not the catalogue's own: the catalogue, the
# error tree, and a formula's error turned into a problem (its texts came from the catalogue).
OWN_TEXTS_ALLOWED = {"errors.py"}  # and the catalogue, src/dudao/problems/, left out of _sources
# Values that share a code's spelling but are not problems: a publication guard's finding is
# worded through Django's gettext (store/rounds/guards.py).
NOT_PROBLEMS = {"Finding", "_"}


def _strings_in(node: ast.AST) -> list[str]:
    return [
        part.value
        for part in ast.walk(node)
        if isinstance(part, ast.Constant) and isinstance(part.value, str)
    ]


def _calls() -> list[tuple[str, ast.Call]]:
    found = []
    for path in _sources():
        where = str(path.relative_to(SOURCE))
        if where in OWN_TEXTS_ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                found.append((f"{where}:{node.lineno}", node))
    return found


def _name(call: ast.Call) -> str:
    return call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")


def test_no_problem_is_written_with_its_own_message() -> None:
    """Every message comes from the catalogue: no ``Problem(code, "中文…", "English…")``, no
    ``FormulaError(code, "…")``, and no helper given a code and Chinese text of its own."""
    own = []
    for where, call in _calls():
        name = _name(call)
        if name in NOT_PROBLEMS:
            continue
        messages = call.args[1:3]
        if name in ("Problem", "FormulaError") and any(
            isinstance(m, (ast.Constant, ast.JoinedStr)) for m in messages
        ):
            own.append(where)
            continue
        positional = [a for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        has_code = any(kind_of(a.value) is not None for a in positional if CODE.match(a.value))
        if has_code and any(CJK.search(text) for arg in call.args for text in _strings_in(arg)):
            own.append(where)
    assert not own, f"make these problems with Problem.of from the catalogue (src/dudao/problems/): {own}"


def test_the_scan_for_own_messages_sees_one() -> None:
    tree = ast.parse('Problem("points-sum", "子项之和不对", "children do not add up", where)')
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call))
    assert _name(call) == "Problem" and isinstance(call.args[1], ast.Constant)


def test_every_variant_named_and_every_severity_given_is_catalogued() -> None:
    """``variant="…"`` names a wording the code has; ``severity=`` is one the code allows."""
    wrong = []
    for where, call in _calls():
        if _name(call) not in ("of", "problem", "_problem", "error", "_error"):
            continue
        codes = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        kind = next((kind_of(c) for c in codes if CODE.match(c) and kind_of(c)), None)
        if kind is None:
            continue
        for keyword in call.keywords:
            named = keyword.value.value if isinstance(keyword.value, ast.Constant) else ""
            if keyword.arg == "variant" and named and named not in {n for n, _, _ in kind.variants}:
                wrong.append(f"{where}: {kind.code} has no variant {named!r}")
            if keyword.arg == "severity" and not kind.also:
                wrong.append(f"{where}: {kind.code} is always {kind.severity}")
    assert not wrong, wrong


def test_a_severity_the_catalogue_does_not_allow_is_refused() -> None:
    with pytest.raises(ValueError, match="catalogued as warning"):
        Problem("element-unused", "数据项 x 未被任何公式使用", "element x is not used by any formula")
    with pytest.raises(ValueError, match="catalogued as error"):
        Problem.of("grades-missing", severity=Severity.WARNING)
    failing = Problem.of("check-c1", severity=Severity.WARNING, unit="500105", check="c1", message="超了")
    assert failing.severity is Severity.WARNING  # a scheme's check says which it is


def test_a_variant_gives_its_own_wording_and_an_unknown_one_is_refused() -> None:
    made = Problem.of("formula-type", variant="if-branches")
    assert made.message_zh == "if() 两个分支的类型应相同"
    with pytest.raises(ValueError, match="no variant"):
        Problem.of("formula-type", variant="no-such-wording")


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
    assert made.message_zh == "数据项 pupils 未被任何公式使用"
    assert made.message_en == "element pupils is not used by any formula"


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_each_entry_is_complete(code: str) -> None:
    kind = CATALOGUE[code]
    assert (
        (CODE.match(code) or code.endswith("-*"))
        and kind.zh
        and kind.en
        and kind.severity in ("error", "warning")
    )
    assert re.search(r"[\u4e00-\u9fff]", kind.zh), "the Chinese message is Chinese"
    names = {name: "x" for name in kind.fields}
    kind.zh.format(**names), kind.en.format(**names)  # both templates take the same fields
    for _, zh, en in kind.variants:
        assert re.search(r"[\u4e00-\u9fff]", zh)
        zh.format(**names), en.format(**names)
    assert len({name for name, _, _ in kind.variants}) == len(kind.variants)


def test_docs_problems_md_is_written_from_the_catalogue() -> None:
    written = (ROOT / "docs" / "problems.md").read_text(encoding="utf-8")
    assert written == markdown(), "run: python -m dudao.problems --write docs/problems.md"
    for code in CATALOGUE:
        assert f"`{code}`" in written

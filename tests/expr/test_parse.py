from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dudao.errors import FormulaError
from dudao.expr import ast
from dudao.expr.parse import parse
from dudao.expr.printer import to_text
from tests.helpers import UPDATE, read_golden, write_golden


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a + b * c", "a + b * c"),
        ("(a + b) * c", "(a + b) * c"),
        ("a - (b - c)", "a - (b - c)"),
        ("a / b / c", "a / b / c"),
        ("not a and b or c", "not a and b or c"),
        ("not (a and b)", "not (a and b)"),
        ("x ≥ 85", "x >= 85"),
        ("a × b ÷ c", "a * b / c"),
        ("[3至5岁常住人口数] * 100", "[3至5岁常住人口数] * 100"),
        ("【3至5岁常住人口数】", "[3至5岁常住人口数]"),
        (
            "sum（在园幼儿数，where = stage == “primary”）",
            'sum(在园幼儿数, where = stage == "primary")',
        ),
        ("if(a > 1, 2, 3)", "if(a > 1, 2, 3)"),
        ("-a * -b", "-a * -b"),
        ("1.5e3 + .5", "1.5e3 + .5"),
    ],
)
def test_parse_and_print(text: str, expected: str) -> None:
    tree = parse(text)
    assert to_text(tree) == expected
    assert parse(to_text(tree)) == tree


def test_spans_point_into_the_text() -> None:
    text = "growth(edu_budget) + 1"
    tree = parse(text)
    assert isinstance(tree, ast.Arithmetic)
    start, end = tree.left.span
    assert text[start:end] == "growth(edu_budget)"


def test_keywords_must_come_last() -> None:
    with pytest.raises(FormulaError) as caught:
        parse("sum(where = x, y)")
    assert caught.value.code == "formula-syntax"
    assert (caught.value.line, caught.value.column) == (1, 16)


ERROR_CASES = [
    "a +",
    "a + * b",
    "(a",
    "a $ b",
    "sum(x",
    "1 2",
    "a < b < c",
    "",
    "x ≥",
    "在园幼儿数 ＞ 1",
]


def test_error_messages_are_pinned() -> None:
    """Golden file: formula → the exact message and caret users see."""
    cases = []
    for text in ERROR_CASES:
        with pytest.raises(FormulaError) as caught:
            parse(text)
        error = caught.value
        cases.append(
            (
                text,
                f"{error.line}:{error.column} [{error.code}] {error.message_zh} / "
                f"{error.message_en}\n{error.excerpt()}",
            )
        )
    if UPDATE:
        write_golden("parse_errors.txt", cases)
    assert cases == read_golden("parse_errors.txt")


# -- property tests --------------------------------------------------------------------

names = st.sampled_from(["a", "b", "在园幼儿数", "x_1", "3至5岁人口", "pupils"])
leaves = st.one_of(
    st.builds(lambda v: ast.Number(float(v)), st.integers(0, 10**6)),
    st.builds(lambda v: ast.Number(v), st.floats(0, 1e6, allow_nan=False, allow_infinity=False)),
    st.builds(ast.Name, names),
    st.builds(ast.String, st.text(st.characters(blacklist_characters='"\n'), max_size=5)),
    st.builds(ast.Boolean, st.booleans()),
)


def _extend(children: st.SearchStrategy[ast.Node]) -> st.SearchStrategy[ast.Node]:
    return st.one_of(
        st.builds(ast.Arithmetic, st.sampled_from("+-*/"), children, children),
        st.builds(ast.Compare, st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), children, children),
        st.builds(
            lambda op, xs: ast.Logical(op, tuple(xs)),
            st.sampled_from(["and", "or"]),
            st.lists(children, min_size=2, max_size=3),
        ),
        st.builds(ast.Not, children),
        st.builds(ast.Negate, children),
        st.builds(
            lambda f, xs: ast.Call(f, tuple(xs)),
            st.sampled_from(["sum", "if", "min", "cv"]),
            st.lists(children, max_size=3),
        ),
        st.builds(lambda x, w: ast.Call("cv", (x,), (("where", w),)), children, children),
    )


trees = st.recursive(leaves, _extend, max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(trees)
def test_print_parse_round_trip(tree: ast.Node) -> None:
    assert parse(to_text(tree)) == tree


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab(),.+-*/<>=! "[]0123456789在园否xyz_')), max_size=30))
def test_random_text_never_crashes(text: str) -> None:
    try:
        parse(text)
    except FormulaError as error:
        assert 1 <= error.column <= len(text.split("\n")[error.line - 1]) + 1
        assert "^" in error.excerpt()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_unicode_never_crashes(text: str) -> None:
    with contextlib.suppress(FormulaError):
        parse(text)

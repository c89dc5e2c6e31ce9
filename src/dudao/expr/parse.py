"""Parse formula text into the syntax tree (:mod:`dudao.expr.ast`).

>>> parse("sum(kg_enrolled) / pop_3_5 * 100")  # doctest: +ELLIPSIS
Arithmetic(op='*', left=Arithmetic(op='/', ...), right=Number(value=100.0))
"""

from __future__ import annotations

import math
from functools import cache
from importlib.resources import files
from typing import Any

import lark

from dudao.errors import FormulaError
from dudao.expr import ast
from dudao.limits import MAX_FORMULA_CHARS, MAX_FORMULA_DEPTH, MAX_NUMBER_CHARS

_OPERATOR_SPELLINGS = {"≥": ">=", "≤": "<=", "≠": "!=", "×": "*", "÷": "/"}

_TOKEN_WORDS = {  # in the order they are listed in "expected …" messages
    "$END": ("公式结尾", "the end of the formula"),
    "_RPAR": ("“)”", "')'"),
    "NUMBER": ("数字", "a number"),
    "STRING": ("字符串", "a string"),
    "NAME": ("名称", "a name"),
    "BRACKETED": ("[名称]", "a [name]"),
    "_LPAR": ("“(”", "'('"),
    "_COMMA": ("“,”", "','"),
    "COMP_OP": ("比较运算符", "a comparison"),
    "ADD_OP": ("“+”或“-”", "'+' or '-'"),
    "MUL_OP": ("“*”或“/”", "'*' or '/'"),
    "MINUS": ("“-”", "'-'"),
    "PLUS": ("“+”", "'+'"),
    "EQUAL": ("“=”", "'='"),
    "_AND": ("and", "and"),
    "_OR": ("or", "or"),
    "_NOT": ("not", "not"),
    "_TRUE": ("true", "true"),
    "_FALSE": ("false", "false"),
}


@cache
def _parser() -> lark.Lark:
    grammar = files("dudao.expr").joinpath("grammar.lark").read_text(encoding="utf-8")
    return lark.Lark(grammar, parser="lalr", propagate_positions=True, maybe_placeholders=False)


def parse(text: str) -> ast.Node:
    """Parse ``text``; raise :class:`FormulaError` with position and caret on bad syntax, and on
    a formula too long or nested too deep to be one a person wrote (:mod:`dudao.limits`)."""
    if not text.strip():
        raise FormulaError.of("formula-empty", text, 0)
    if len(text) > MAX_FORMULA_CHARS:
        raise FormulaError.of(
            "formula-too-long", text[:200], 0, count=f"{len(text):,}", limit=f"{MAX_FORMULA_CHARS:,}"
        )
    try:
        tree = _parser().parse(text)
    except lark.UnexpectedCharacters as exc:
        position = exc.pos_in_stream or 0
        char = text[position] if position < len(text) else ""
        raise FormulaError.of(
            "formula-syntax",
            text,
            position,
            variant="character",
            char=char,
        ) from None
    except lark.UnexpectedToken as exc:
        raise _unexpected_token(text, exc) from None
    except lark.UnexpectedEOF as exc:  # pragma: no cover - LALR reports UnexpectedToken($END)
        raise FormulaError.of("formula-syntax", text, len(text), variant="ends-early") from exc
    _check_depth(tree, text)
    return _Builder(text).build(tree)


def _check_depth(tree: Any, text: str) -> None:
    """Refuse nesting deeper than :data:`MAX_FORMULA_DEPTH`, walking without recursion (the
    builder and every later stage recurse, so 2,000 nested ``-`` would exhaust the stack)."""
    stack: list[tuple[Any, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, lark.Tree):
            continue
        if depth > MAX_FORMULA_DEPTH:
            raise FormulaError.of("formula-too-deep", text, _span(node)[0], limit=MAX_FORMULA_DEPTH)
        # a chain a + b + … is one tree for lark but a nest of binary nodes once built
        step = len(node.children) // 2 if node.data == "arith" else 1
        stack.extend((child, depth + max(step, 1)) for child in node.children)


def _unexpected_token(text: str, exc: lark.UnexpectedToken) -> FormulaError:
    token = exc.token
    at_end = token.type == "$END"
    offset = len(text) if at_end else (token.start_pos or 0)
    order = list(_TOKEN_WORDS)
    expected = sorted(exc.expected, key=lambda n: (order.index(n) if n in order else len(order), n))
    zh = "、".join(_TOKEN_WORDS.get(name, (name, name))[0] for name in expected[:8])
    en = ", ".join(_TOKEN_WORDS.get(name, (name, name))[1] for name in expected[:8])
    if at_end:
        return FormulaError.of(
            "formula-syntax", text, offset, variant="ends-early-expected", expected_zh=zh, expected_en=en
        )
    return FormulaError.of("formula-syntax", text, offset, token=str(token), expected_zh=zh, expected_en=en)


class _Builder:
    """Turns lark's parse tree into :mod:`dudao.expr.ast` nodes with spans."""

    def __init__(self, text: str) -> None:
        self.text = text

    def build(self, tree: Any) -> ast.Node:
        if isinstance(tree, lark.Token):  # a bare atom that lark did not wrap
            raise AssertionError(f"unexpected token {tree!r}")
        handler = getattr(self, f"_{tree.data}")
        node: ast.Node = handler(tree, _span(tree))
        return node

    def _number(self, tree: Any, span: ast.Span) -> ast.Node:
        token = tree.children[0]
        value = float(token) if len(token) <= MAX_NUMBER_CHARS else math.inf
        if not math.isfinite(value):
            raise FormulaError.of("formula-number", self.text, span[0], limit=MAX_NUMBER_CHARS)
        return ast.Number(value, text=str(token), span=span)

    def _string(self, tree: Any, span: ast.Span) -> ast.Node:
        return ast.String(str(tree.children[0])[1:-1], span=span)

    def _true(self, tree: Any, span: ast.Span) -> ast.Node:
        return ast.Boolean(True, span=span)

    def _false(self, tree: Any, span: ast.Span) -> ast.Node:
        return ast.Boolean(False, span=span)

    def _name(self, tree: Any, span: ast.Span) -> ast.Node:
        token = str(tree.children[0])
        if token[0] in "[【":
            token = token[1:-1].strip()
        return ast.Name(token, span=span)

    def _call(self, tree: Any, span: ast.Span) -> ast.Node:
        name = str(tree.children[0])
        args: list[ast.Node] = []
        keywords: list[tuple[str, ast.Node]] = []
        if len(tree.children) > 1 and tree.children[1] is not None:
            for child in tree.children[1].children:
                if isinstance(child, lark.Tree) and child.data == "keyword":
                    keywords.append((str(child.children[0]), self.build(child.children[1])))
                else:
                    if keywords:
                        raise FormulaError.of(
                            "formula-syntax",
                            self.text,
                            _span(child)[0],
                            variant="positional-after-keyword",
                        )
                    args.append(self.build(child))
        return ast.Call(name, tuple(args), tuple(keywords), span=span)

    def _neg(self, tree: Any, span: ast.Span) -> ast.Node:
        return ast.Negate(self.build(tree.children[0]), span=span)

    def _not_(self, tree: Any, span: ast.Span) -> ast.Node:
        return ast.Not(self.build(tree.children[0]), span=span)

    def _and_(self, tree: Any, span: ast.Span) -> ast.Node:
        return ast.Logical("and", tuple(self.build(c) for c in tree.children), span=span)

    def _or_(self, tree: Any, span: ast.Span) -> ast.Node:
        return ast.Logical("or", tuple(self.build(c) for c in tree.children), span=span)

    def _compare(self, tree: Any, span: ast.Span) -> ast.Node:
        left, op, right = tree.children
        return ast.Compare(
            _OPERATOR_SPELLINGS.get(str(op), str(op)), self.build(left), self.build(right), span
        )

    def _arith(self, tree: Any, span: ast.Span) -> ast.Node:
        children = tree.children
        node = self.build(children[0])
        for op, operand in zip(children[1::2], children[2::2], strict=True):
            right = self.build(operand)
            node = ast.Arithmetic(
                _OPERATOR_SPELLINGS.get(str(op), str(op)),
                node,
                right,
                span=(node.span[0], right.span[1]),
            )
        return node


def _span(tree: Any) -> ast.Span:
    meta = tree.meta
    if getattr(meta, "empty", True):
        return ast.NO_SPAN
    return (meta.start_pos, meta.end_pos)

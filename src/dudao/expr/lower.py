"""Lower a syntax tree to typed IR: resolve names, check types and levels.

Every failure raises :class:`~dudao.errors.FormulaError` pointing at the offending part of
the formula, so ``dudao check`` can report ``file:line:col`` with a caret.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from dudao.errors import FormulaError, suggestion
from dudao.expr import ast, ir
from dudao.expr.functions import AGGREGATE_WHEN_SINGLE, ARGUMENT_TYPES, FUNCTIONS, Kind
from dudao.expr.ir import Level, Type

SCHOOL_ATTRIBUTES = ("stage", "school_type")

_ARITHMETIC = {"+": "add", "-": "sub", "*": "mul", "/": "div"}
_COMPARE = {"==": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge"}
_TYPE_ZH = {Type.NUMBER: "数值", Type.BOOL: "是非", Type.TEXT: "文本"}


@dataclass(frozen=True)
class Symbol:
    """What a name in a formula refers to."""

    kind: str  # "element" | "indicator"
    code: str
    level: Level
    type: Type
    aggregate: str | None = None  # elements: how a school value rolls up


class Namespace(Protocol):
    def resolve(self, name: str) -> Symbol | None: ...

    def known(self) -> Iterable[str]:
        """Every name that resolves (for "did you mean" when one does not)."""
        ...


def arity_text(least: int, most: int | None) -> tuple[str, str]:
    """How many arguments a function takes, said naturally in Chinese and English.

    >>> arity_text(2, 2)
    ('需要 2 个参数', 'takes 2 arguments')
    >>> arity_text(1, 2)
    ('需要 1 或 2 个参数', 'takes 1 or 2 arguments')
    >>> arity_text(1, None)
    ('至少需要 1 个参数', 'takes at least 1 argument')
    >>> arity_text(1, 3)
    ('需要 1 到 3 个参数', 'takes 1 to 3 arguments')
    """

    def plural(n: int) -> str:
        return "argument" if n == 1 else "arguments"

    if most is None:
        return f"至少需要 {least} 个参数", f"takes at least {least} {plural(least)}"
    if most == least:
        return f"需要 {least} 个参数", f"takes {least} {plural(least)}"
    if most == least + 1:
        return f"需要 {least} 或 {most} 个参数", f"takes {least} or {most} arguments"
    return f"需要 {least} 到 {most} 个参数", f"takes {least} to {most} arguments"


def lower(node: ast.Node, names: Namespace, text: str, level: Level = Level.UNIT) -> ir.Node:
    """Lower ``node`` (parsed from ``text``) for evaluation at ``level``."""
    return _Lowerer(names, text).lower(node, level)


class _Lowerer:
    def __init__(self, names: Namespace, text: str) -> None:
        self.names = names
        self.text = text

    def error(self, node: ast.Node, code: str, /, *, variant: str = "", **fields: Any) -> FormulaError:
        return FormulaError.of(code, self.text, node.span[0], variant=variant, **fields)

    def expect(self, node: ast.Node, lowered: ir.Node, want: Type, what: tuple[str, str]) -> None:
        """Require type ``want``; ``what`` names the place, in Chinese and English."""
        if lowered.type is not want:
            raise self.error(
                node,
                "formula-type",
                what_zh=what[0],
                what_en=what[1],
                want_zh=_TYPE_ZH[want],
                want_en=want.value,
                got_zh=_TYPE_ZH[lowered.type],
                got_en=lowered.type.value,
            )

    def lower(self, node: ast.Node, level: Level) -> ir.Node:
        match node:
            case ast.Number(value=value):
                return ir.Const(value, Type.NUMBER)
            case ast.String(value=value):
                return ir.Const(value, Type.TEXT)
            case ast.Boolean(value=value):
                return ir.Const(value, Type.BOOL)
            case ast.Name():
                return self.name(node, level)
            case ast.Negate(operand=operand):
                inner = self.lower(operand, level)
                self.expect(operand, inner, Type.NUMBER, ("负号的运算对象", "the operand of unary minus"))
                return ir.Op("neg", (inner,), Type.NUMBER)
            case ast.Not(operand=operand):
                inner = self.lower(operand, level)
                self.expect(operand, inner, Type.BOOL, ("not 的运算对象", "the operand of not"))
                return ir.Op("not", (inner,), Type.BOOL)
            case ast.Arithmetic(op=op, left=left, right=right):
                a, b = self.lower(left, level), self.lower(right, level)
                self.expect(left, a, Type.NUMBER, (f"“{op}”的左边", f"the left side of {op!r}"))
                self.expect(right, b, Type.NUMBER, (f"“{op}”的右边", f"the right side of {op!r}"))
                return ir.Op(_ARITHMETIC[op], (a, b), Type.NUMBER)
            case ast.Compare(op=op, left=left, right=right):
                return self.compare(node, op, left, right, level)
            case ast.Logical(op=op, operands=operands):
                lowered = [self.lower(o, level) for o in operands]
                for source, item in zip(operands, lowered, strict=True):
                    self.expect(source, item, Type.BOOL, (f"{op} 的运算对象", f"each operand of {op}"))
                return ir.Op(op, tuple(lowered), Type.BOOL)
            case ast.Call():
                return self.call(node, level)
        raise AssertionError(f"unknown syntax node {node!r}")

    def name(self, node: ast.Name, level: Level) -> ir.Node:
        if node.name in SCHOOL_ATTRIBUTES:
            if level is not Level.SCHOOL:
                raise self.error(node, "formula-level", variant="school-attribute", name=node.name)
            return ir.Attribute(node.name)
        symbol = self.names.resolve(node.name)
        if symbol is None:
            zh, en = suggestion(node.name, self.names.known())
            raise FormulaError.of(
                "unknown-name", self.text, node.span[0], name=node.name, suggestion_zh=zh, suggestion_en=en
            )
        if symbol.kind == "indicator":
            if symbol.level is Level.SCHOOL and level is Level.UNIT:
                raise self.error(node, "formula-level", variant="school-indicator", name=node.name)
            if symbol.level is Level.UNIT and level is Level.SCHOOL:
                raise self.unit_in_school(node)
            return ir.IndicatorRef(symbol.code, 0, symbol.level, symbol.type)
        if symbol.level is Level.SCHOOL and level is Level.UNIT:
            if symbol.aggregate is None:
                raise self.error(node, "formula-level", variant="no-aggregate", name=node.name)
            value = ir.Input(symbol.code, 0, Level.SCHOOL, symbol.type)
            return ir.Aggregate(symbol.aggregate, (value,), None)
        if symbol.level is Level.UNIT and level is Level.SCHOOL:
            raise self.unit_in_school(node)
        return ir.Input(symbol.code, 0, symbol.level, symbol.type)

    def unit_in_school(self, node: ast.Name) -> FormulaError:
        return self.error(node, "formula-level", name=node.name)

    def compare(self, node: ast.Node, op: str, left: ast.Node, right: ast.Node, level: Level) -> ir.Node:
        a, b = self.lower(left, level), self.lower(right, level)
        if a.type is not b.type:
            raise self.error(
                node,
                "formula-type",
                variant="compare",
                a_zh=_TYPE_ZH[a.type],
                a_en=a.type.value,
                b_zh=_TYPE_ZH[b.type],
                b_en=b.type.value,
            )
        if a.type is not Type.NUMBER and op not in ("==", "!="):
            raise self.error(
                node, "formula-type", variant="equality-only", type_zh=_TYPE_ZH[a.type], type_en=a.type.value
            )
        return ir.Op(_COMPARE[op], (a, b), Type.BOOL)

    def call(self, node: ast.Call, level: Level) -> ir.Node:
        function = FUNCTIONS.get(node.function)
        if function is None:
            zh, en = suggestion(node.function, FUNCTIONS)
            if not zh:
                zh, en = f"，可用：{'、'.join(sorted(FUNCTIONS))}", f"; known: {', '.join(sorted(FUNCTIONS))}"
            raise FormulaError.of(
                "unknown-function",
                self.text,
                node.span[0],
                function=node.function,
                suggestion_zh=zh,
                suggestion_en=en,
            )
        count = len(node.args)
        if count < function.min_args or (function.max_args is not None and count > function.max_args):
            expected_zh, expected_en = arity_text(function.min_args, function.max_args)
            raise FormulaError.of(
                "formula-arity",
                self.text,
                node.span[0],
                function=function.name,
                expected_zh=expected_zh,
                expected_en=expected_en,
                count=count,
            )
        aggregate = function.kind is Kind.AGGREGATE or (node.function in AGGREGATE_WHEN_SINGLE and count == 1)
        keywords = dict(node.keywords)
        allowed = {"where"} if aggregate else set()
        for key, value in node.keywords:
            if key not in allowed:
                raise self.error(value, "formula-keyword", function=function.name, keyword=key)
        if aggregate:
            return self.aggregate(node, level, keywords.get("where"))
        args = [self.lower(a, level) for a in node.args]
        if function.kind is Kind.PERIOD:
            return self.period(node, args[0])
        return self.scalar(node, args)

    def aggregate(self, node: ast.Call, level: Level, where: ast.Node | None) -> ir.Node:
        if level is Level.SCHOOL:
            raise self.error(node, "formula-level", variant="nested-aggregate", function=node.function)
        args = [self.lower(a, Level.SCHOOL) for a in node.args]
        want = ARGUMENT_TYPES.get(node.function)
        for source, arg in zip(node.args, args, strict=True):
            if want is not None:
                self.expect(
                    source,
                    arg,
                    want,
                    (f"{node.function}() 的参数", f"the argument of {node.function}()"),
                )
            if arg.level is not Level.SCHOOL:
                raise self.error(
                    source, "formula-level", variant="aggregate-argument", function=node.function
                )
        lowered_where = None
        if where is not None:
            lowered_where = self.lower(where, Level.SCHOOL)
            self.expect(where, lowered_where, Type.BOOL, ("where 条件", "the where filter"))
        return ir.Aggregate(node.function, tuple(args), lowered_where)

    def period(self, node: ast.Call, arg: ir.Node) -> ir.Node:
        if node.function != "prev":
            self.expect(
                node.args[0],
                arg,
                Type.NUMBER,
                (f"{node.function}() 的参数", f"the argument of {node.function}()"),
            )
        previous = ir.shift(arg, -1)
        if node.function == "prev":
            return previous
        if node.function == "growth":
            change = ir.Op("sub", (arg, previous), Type.NUMBER)
            ratio = ir.Op("div", (change, previous), Type.NUMBER)
            return ir.Op("mul", (ratio, ir.Const(100.0, Type.NUMBER)), Type.NUMBER)
        return ir.Op("sub", (arg, previous), Type.NUMBER)  # pp_change

    def scalar(self, node: ast.Call, args: list[ir.Node]) -> ir.Node:
        name = node.function
        want = ARGUMENT_TYPES.get(name)
        if want is not None:
            for source, arg in zip(node.args, args, strict=True):
                self.expect(source, arg, want, (f"{name}() 的参数", f"the argument of {name}()"))
        if name == "if":
            self.expect(node.args[0], args[0], Type.BOOL, ("if() 的条件", "the condition of if()"))
            if args[1].type is not args[2].type:
                raise self.error(node.args[2], "formula-type", variant="if-branches")
            return ir.Op("if", tuple(args), args[1].type)
        if name == "coalesce":
            first = args[0].type
            for source, arg in zip(node.args, args, strict=True):
                self.expect(source, arg, first, ("coalesce() 的各参数", "each argument of coalesce()"))
            return ir.Op("coalesce", tuple(args), first)
        if name == "is_missing":
            return ir.Op("is_missing", tuple(args), Type.BOOL)
        if name == "round" and len(args) == 2 and not isinstance(args[1], ir.Const):
            raise self.error(node.args[1], "formula-type", variant="round-digits")
        return ir.Op(name, tuple(args), Type.NUMBER)

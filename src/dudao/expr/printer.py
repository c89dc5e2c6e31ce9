"""Print a syntax tree back to formula text; ``parse(to_text(node)) == node``.

>>> from dudao.expr.parse import parse
>>> to_text(parse("(a - b) - (c - d) * 2"))
'a - b - (c - d) * 2'
"""

from __future__ import annotations

import re

from dudao.expr import ast

_PLAIN_NAME = re.compile(r"[A-Za-z_\u3400-\u9fff][A-Za-z0-9_\u3400-\u9fff]*\Z")
_KEYWORDS = {"and", "or", "not", "true", "false"}

# Higher binds tighter.
_PRECEDENCE = {"or": 1, "and": 2, "not": 3, "compare": 4, "+": 5, "-": 5, "*": 6, "/": 6}
_ATOM = 8


def to_text(node: ast.Node) -> str:
    return _print(node)


def _precedence(node: ast.Node) -> int:
    match node:
        case ast.Logical(op=op):
            return _PRECEDENCE[op]
        case ast.Not():
            return _PRECEDENCE["not"]
        case ast.Compare():
            return _PRECEDENCE["compare"]
        case ast.Arithmetic(op=op):
            return _PRECEDENCE[op]
        case ast.Negate():
            return 7
        case _:
            return _ATOM


def _wrap(node: ast.Node, minimum: int) -> str:
    text = _print(node)
    return f"({text})" if _precedence(node) < minimum else text


def _print(node: ast.Node) -> str:
    match node:
        case ast.Number(value=value, text=text):
            return text if text and float(text) == value else _number(value)
        case ast.String(value=value):
            return f'"{value}"'
        case ast.Boolean(value=value):
            return "true" if value else "false"
        case ast.Name(name=name):
            plain = _PLAIN_NAME.match(name) and name not in _KEYWORDS
            return name if plain else f"[{name}]"
        case ast.Call(function=function, args=args, keywords=keywords):
            parts = [_print(a) for a in args] + [f"{k} = {_print(v)}" for k, v in keywords]
            return f"{function}({', '.join(parts)})"
        case ast.Negate(operand=operand):
            return f"-{_wrap(operand, 7)}"
        case ast.Not(operand=operand):
            return f"not {_wrap(operand, _PRECEDENCE['not'])}"
        case ast.Arithmetic(op=op, left=left, right=right):
            level = _PRECEDENCE[op]
            return f"{_wrap(left, level)} {op} {_wrap(right, level + 1)}"
        case ast.Compare(op=op, left=left, right=right):
            level = _PRECEDENCE["compare"]
            return f"{_wrap(left, level + 1)} {op} {_wrap(right, level + 1)}"
        case ast.Logical(op=op, operands=operands):
            level = _PRECEDENCE[op]
            return f" {op} ".join(_wrap(o, level + 1) for o in operands)
    raise AssertionError(f"unknown node {node!r}")


def _number(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)

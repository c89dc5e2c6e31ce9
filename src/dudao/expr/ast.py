"""The syntax tree of a formula, as parsed: untyped, with source spans.

Spans are ``(start, end)`` character offsets into the formula text. They are left out of
equality, so two trees that print the same compare equal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Span = tuple[int, int]
NO_SPAN: Span = (0, 0)


@dataclass(frozen=True)
class Number:
    value: float
    text: str = field(default="", compare=False, repr=False)
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class String:
    value: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Boolean:
    value: bool
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Name:
    """An identifier: a code, a Chinese name or an alias. ``[…]`` brackets are not kept."""

    name: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Call:
    function: str
    args: tuple[Node, ...]
    keywords: tuple[tuple[str, Node], ...] = ()
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Negate:
    operand: Node
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Not:
    operand: Node
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Arithmetic:
    """``+ - * /`` — always binary; chains are left-associative."""

    op: str
    left: Node
    right: Node
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Compare:
    op: str
    left: Node
    right: Node
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Logical:
    """``and`` / ``or`` over two or more operands."""

    op: str
    operands: tuple[Node, ...]
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


Node = Number | String | Boolean | Name | Call | Negate | Not | Arithmetic | Compare | Logical

"""The typed intermediate representation (IR) every backend evaluates.

Formulas are parsed (:mod:`.parse`), then lowered (:mod:`.lower`) into these nodes, which
carry their type and the level they are computed at. Names are resolved, period functions
are turned into period offsets on inputs, and aggregates are explicit.

The IR is small on purpose: a backend implements :class:`Op` names from
:data:`SCALAR_OPS`, :class:`Aggregate` functions from :data:`AGGREGATES`, and reads
:class:`Input`, :class:`Attribute` and :class:`Column` values.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum


class Type(str, Enum):
    NUMBER = "number"
    BOOL = "bool"
    TEXT = "text"


class Level(str, Enum):
    """Where a value lives: at the evaluated unit (区县), or at each school (学校)."""

    UNIT = "unit"
    SCHOOL = "school"


Value = float | bool | str | None


@dataclass(frozen=True)
class Const:
    value: Value
    type: Type

    @property
    def level(self) -> Level | None:
        return None


@dataclass(frozen=True)
class Input:
    """An element's value at ``period + offset`` (offset 0 is the evaluated period)."""

    element: str
    offset: int
    level: Level
    type: Type


@dataclass(frozen=True)
class Attribute:
    """A school attribute: ``stage`` or ``school_type``."""

    name: str
    type: Type = Type.TEXT
    level: Level = Level.SCHOOL


@dataclass(frozen=True)
class IndicatorRef:
    """An indicator used by another formula, at a period offset.

    The plan builder turns it into a :class:`Column` (offset 0) or inlines the indicator's
    formula shifted by the offset.
    """

    code: str
    offset: int
    level: Level
    type: Type


@dataclass(frozen=True)
class Column:
    """A value computed earlier in the plan, read by name."""

    name: str
    level: Level
    type: Type


@dataclass(frozen=True)
class Op:
    name: str
    args: tuple[Node, ...]
    type: Type

    @property
    def level(self) -> Level | None:
        levels = {a.level for a in self.args} - {None}
        return Level.SCHOOL if Level.SCHOOL in levels else (Level.UNIT if levels else None)


@dataclass(frozen=True)
class Aggregate:
    """Roll school values up to their unit: ``function(args…, where=filter)``."""

    function: str
    args: tuple[Node, ...]
    where: Node | None
    type: Type = Type.NUMBER

    @property
    def level(self) -> Level:
        return Level.UNIT


Node = Const | Input | Attribute | IndicatorRef | Column | Op | Aggregate

SCALAR_OPS = frozenset(
    {
        "add", "sub", "mul", "div", "neg",
        "eq", "ne", "lt", "le", "gt", "ge",
        "and", "or", "not",
        "if", "min", "max", "abs", "round", "floor", "ceil",
        "coalesce", "is_missing", "count_true",
    }
)  # fmt: skip
AGGREGATES = frozenset({"sum", "avg", "min", "max", "count", "count_if", "share_if", "cv"})


def shift(node: Node, offset: int) -> Node:
    """Move every period-dependent input of ``node`` by ``offset`` periods (``prev``)."""
    match node:
        case Input() | IndicatorRef():
            return replace(node, offset=node.offset + offset)
        case Op(args=args):
            return replace(node, args=tuple(shift(a, offset) for a in args))
        case Aggregate(args=args, where=where):
            return replace(
                node,
                args=tuple(shift(a, offset) for a in args),
                where=None if where is None else shift(where, offset),
            )
        case Column():
            raise AssertionError("columns are created after shifting")
        case _:
            return node


def children(node: Node) -> tuple[Node, ...]:
    match node:
        case Op(args=args):
            return args
        case Aggregate(args=args, where=where):
            return args if where is None else (*args, where)
        case _:
            return ()


def walk(node: Node) -> list[Node]:
    """Every node of the tree, parents before children."""
    out = [node]
    for child in children(node):
        out.extend(walk(child))
    return out

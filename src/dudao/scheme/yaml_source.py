"""Read YAML keeping the position of every value, so problems can say ``file:line:col``.

A scheme may come from anyone, so the YAML is bounded before it is built (:mod:`dudao.limits`):
its size, how deep mappings and lists nest, and how many values it holds once every alias is
expanded (a "billion laughs" file is ten lines that expand to 10⁹ values). Only the standard
tags are read (``!!str``, ``!!int``, ``!!float``, ``!!bool``, ``!!null``, ``!!timestamp``,
``!!map``, ``!!seq``); a value its tag cannot hold (``!!float abc``) or another tag
(``!!python/name:…``) is a problem at its place, never a traceback.

>>> node, problems = read_yaml("code: 1.10\\nflag: on\\n", "s.yaml")
>>> node.get("code").value, node.get("code").text, node.get("flag").text
(1.1, '1.10', 'on')
>>> laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\\n" + "".join(
...     f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\\n" for i in range(9))
>>> print(read_yaml(laughs, "s.yaml")[1][0].code)
yaml-too-large
>>> print(read_yaml("x: !!float abc", "s.yaml")[1][0])
s.yaml:1:4: error[yaml-value] “abc”不是 !!float 类型的值 / 'abc' is not a valid !!float value
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from dudao.errors import Location, Problem
from dudao.limits import MAX_SCHEME_DEPTH, limit, too_large

Scalar = str | int | float | bool | None


@dataclass(frozen=True)
class YNode:
    """A YAML value with its position. ``value`` is a scalar, a list or a dict of YNodes."""

    value: Scalar | list[YNode] | dict[str, YNode]
    location: Location
    style: str | None = None  # the scalar's quote style: None, "'", '"', "|", ">"
    text: str = ""  # a scalar as written: `1.10` reads as the number 1.1, but a code keeps "1.10"
    key_locations: dict[str, Location] = field(default_factory=dict)

    def get(self, key: str) -> YNode | None:
        if isinstance(self.value, dict):
            return self.value.get(key)
        return None


_STANDARD = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(_STANDARD + name for name in ("str", "int", "float", "bool", "null", "timestamp"))
_TAG_OF: dict[type[yaml.Node], str] = {
    yaml.MappingNode: _STANDARD + "map",
    yaml.SequenceNode: _STANDARD + "seq",
}


def read_yaml(text: str, file: str) -> tuple[YNode | None, list[Problem]]:
    """Parse ``text``; return the tree, or None with a located problem."""
    bounded = _bounds_problem(text, file)
    if bounded is not None:
        return None, [bounded]
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        detail = exc.problem or str(exc)
        return None, [Problem.of("yaml-syntax", Location(file, line, column), detail=detail)]
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks nearly every error
        return None, [Problem.of("yaml-syntax", Location(file), detail=exc)]
    if root is None:
        return None, [Problem.of("yaml-empty", Location(file, 1, 1))]
    problems: list[Problem] = []
    return _convert(root, file, problems), problems


def _location(node: yaml.Node, file: str) -> Location:
    return Location(file, node.start_mark.line + 1, node.start_mark.column + 1)


def _bounds_problem(text: str, file: str) -> Problem | None:
    """Why ``text`` is refused before it is built: too large, nested too deep, or too many
    values once its aliases are expanded; None when it is within :mod:`dudao.limits`."""
    most_bytes, most_nodes = limit("MAX_SCHEME_BYTES"), limit("MAX_SCHEME_NODES")
    if len(text) > most_bytes:
        return too_large(
            file, len(text), "MAX_SCHEME_BYTES", what_zh="方案文件", what_en="the scheme", characters=True
        )
    total, depth = 0, 0
    starts: list[tuple[str | None, int]] = []  # the open collections: (anchor, total at start)
    sizes: dict[str, int] = {}  # anchor → values it stands for
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            mark = event.start_mark
            where = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_SCHEME_DEPTH:
                    return Problem.of("yaml-too-deep", where, limit=MAX_SCHEME_DEPTH)
                starts.append((event.anchor, total))
                total += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
                anchor, start = starts.pop()
                if anchor is not None:
                    sizes[anchor] = total - start
            elif isinstance(event, yaml.ScalarEvent):
                total += 1
                if event.anchor is not None:
                    sizes[event.anchor] = 1
            elif isinstance(event, yaml.AliasEvent):
                total += sizes.get(event.anchor or "", 1)
            if total > most_nodes:
                return Problem.of("yaml-too-large", where, limit=f"{most_nodes:,}")
    except yaml.YAMLError:
        return None  # compose reports it, located
    return None


def _convert(node: yaml.Node, file: str, problems: list[Problem]) -> YNode:
    where = _location(node, file)
    expected = _TAG_OF.get(type(node))
    if (node.tag != expected) if expected else (node.tag not in _SCALAR_TAGS):
        tag = node.tag.replace(_STANDARD, "!!")
        problems.append(Problem.of("yaml-tag", where, tag=tag))
        return YNode(None, where)
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, YNode] = {}
        keys: dict[str, Location] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            key_where = _location(key_node, file)
            if key in mapping:
                problems.append(Problem.of("yaml-duplicate-key", key_where, key=key, line=keys[key].line))
            mapping[key] = _convert(value_node, file, problems)
            keys[key] = key_where
        return YNode(mapping, where, key_locations=keys)
    if isinstance(node, yaml.SequenceNode):
        return YNode([_convert(child, file, problems) for child in node.value], where)
    assert isinstance(node, yaml.ScalarNode)
    try:
        value = _scalar(node)
    except (yaml.YAMLError, ValueError, OverflowError):
        tag = node.tag.replace(_STANDARD, "!!")
        text = str(node.value)[:80]
        problems.append(Problem.of("yaml-value", where, text=text, tag=tag))
        value = None
    return YNode(value, where, style=node.style, text=str(node.value))


def _scalar(node: yaml.ScalarNode) -> Scalar:
    loader = yaml.SafeLoader("")
    try:
        value = loader.construct_object(node)
    finally:
        loader.dispose()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(node.value)  # dates: keep the text

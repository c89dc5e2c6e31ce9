"""Read YAML keeping the position of every value, so problems can say ``file:line:col``."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from dudao.errors import Location, Problem

Scalar = str | int | float | bool | None


@dataclass(frozen=True)
class YNode:
    """A YAML value with its position. ``value`` is a scalar, a list or a dict of YNodes."""

    value: Scalar | list[YNode] | dict[str, YNode]
    location: Location
    style: str | None = None  # the scalar's quote style: None, "'", '"', "|", ">"
    key_locations: dict[str, Location] = field(default_factory=dict)

    def get(self, key: str) -> YNode | None:
        if isinstance(self.value, dict):
            return self.value.get(key)
        return None


def read_yaml(text: str, file: str) -> tuple[YNode | None, list[Problem]]:
    """Parse ``text``; return the tree, or None with a located problem."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        detail = exc.problem or str(exc)
        return None, [
            Problem(
                "yaml-syntax",
                f"YAML 格式错误：{detail}",
                f"malformed YAML: {detail}",
                Location(file, line, column),
            )
        ]
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks nearly every error
        return None, [
            Problem("yaml-syntax", f"YAML 格式错误：{exc}", f"malformed YAML: {exc}", Location(file))
        ]
    if root is None:
        return None, [Problem("yaml-empty", "文件为空", "the file is empty", Location(file, 1, 1))]
    problems: list[Problem] = []
    return _convert(root, file, problems), problems


def _location(node: yaml.Node, file: str) -> Location:
    return Location(file, node.start_mark.line + 1, node.start_mark.column + 1)


def _convert(node: yaml.Node, file: str, problems: list[Problem]) -> YNode:
    where = _location(node, file)
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, YNode] = {}
        keys: dict[str, Location] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            key_where = _location(key_node, file)
            if key in mapping:
                problems.append(
                    Problem(
                        "yaml-duplicate-key",
                        f"键“{key}”重复出现（首次在第 {keys[key].line} 行）",
                        f"duplicate key {key!r} (first at line {keys[key].line})",
                        key_where,
                    )
                )
            mapping[key] = _convert(value_node, file, problems)
            keys[key] = key_where
        return YNode(mapping, where, key_locations=keys)
    if isinstance(node, yaml.SequenceNode):
        return YNode([_convert(child, file, problems) for child in node.value], where)
    assert isinstance(node, yaml.ScalarNode)
    return YNode(_scalar(node), where, style=node.style)


def _scalar(node: yaml.ScalarNode) -> Scalar:
    loader = yaml.SafeLoader("")
    try:
        value = loader.construct_object(node)
    finally:
        loader.dispose()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(node.value)  # dates and other tags: keep the text

"""The words a unit writes itself: its narrative per area, and its rectification plans.

From files, a prose file is YAML, one block per unit::

    "500105":
      narratives:                 # 各一级指标的主要做法（单位自己的叙述）
        A1: 在区委领导下，不断健全党委统一领导……
      plans:                      # 整改措施，按指标代码
        A5.2.2: 2023年起将公办园非在编教师工资纳入区级财政保障……

Problems come back located (``file:line:col``) and name what would be accepted; nothing is
used from a file that has errors.

>>> prose, problems = read_prose('"500105": {narratives: {A1: 做法}, plans: {A9.9: 措施}}', "p.yaml",
...                              areas={"A1"}, items={"A1.1"})
>>> prose.narrative("500105", "A1"), [p.code for p in problems]
('做法', ['prose-unknown-item'])
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dudao.errors import Location, Problem, Severity
from dudao.scheme.yaml_source import YNode, read_yaml

SECTIONS = ("narratives", "plans")


@dataclass(frozen=True)
class Prose:
    """Narratives ``{unit: {area: text}}`` and plans ``{unit: {item: text}}``."""

    narratives: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    plans: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def narrative(self, unit: str, area: str) -> str:
        return self.narratives.get(unit, {}).get(area, "")

    def plan(self, unit: str, item: str) -> str:
        return self.plans.get(unit, {}).get(item, "")


def load_prose(path: Path, areas: set[str], items: set[str]) -> tuple[Prose | None, list[Problem]]:
    """Read a prose file; ``areas`` and ``items`` are the scheme's codes it may name."""
    if not path.is_file():
        variant = "not-a-file" if path.exists() else ""
        return None, [Problem.of("prose-file", Location(str(path)), variant=variant, path=path)]
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem.of("prose-encoding", Location(str(path)), byte=exc.start)]
    return read_prose(text, str(path), areas, items)


def read_prose(text: str, file: str, areas: set[str], items: set[str]) -> tuple[Prose | None, list[Problem]]:
    root, problems = read_yaml(text, file)
    if root is None:
        return None, problems
    if not isinstance(root.value, dict):
        return None, [_problem("prose-shape", root)]
    narratives: dict[str, dict[str, str]] = {}
    plans: dict[str, dict[str, str]] = {}
    for unit, block in root.value.items():
        if not isinstance(block.value, dict):
            problems.append(_problem("prose-shape", block, variant="unit", unit=unit))
            continue
        for key, section in block.value.items():
            if key not in SECTIONS:
                problems.append(_problem("prose-section", section, section=key))
                continue
            known, target = (areas, narratives) if key == "narratives" else (items, plans)
            target[str(unit)] = _texts(section, known, key, problems)
    if any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    return Prose(narratives, plans), problems


def _texts(section: YNode, known: set[str], key: str, problems: list[Problem]) -> dict[str, str]:
    if not isinstance(section.value, dict):
        problems.append(_problem("prose-shape", section, variant="section", section=key))
        return {}
    texts: dict[str, str] = {}
    for code, node in section.value.items():
        if code not in known:
            sample = "、".join(sorted(known)[:6])
            problems.append(
                _problem(
                    "prose-unknown-area" if key == "narratives" else "prose-unknown-item",
                    node,
                    code=code,
                    known=sample,
                )
            )
            continue
        if not isinstance(node.value, str) or not node.value.strip():
            problems.append(_problem("prose-text", node, code=code))
            continue
        texts[code] = node.value.strip()
    return texts


def _problem(code: str, node: YNode, /, variant: str = "", **fields: Any) -> Problem:
    return Problem.of(code, node.location, variant=variant, **fields)

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
        message = "不是文件" if path.exists() else "文件不存在"
        return None, [
            Problem("prose-file", f"{message}：{path}", f"not a readable file: {path}", Location(str(path)))
        ]
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [
            Problem(
                "prose-encoding",
                f"文件不是 UTF-8 编码（第 {exc.start} 字节）：请另存为 UTF-8",
                f"the file is not UTF-8 (byte {exc.start}); save it as UTF-8",
                Location(str(path)),
            )
        ]
    return read_prose(text, str(path), areas, items)


def read_prose(text: str, file: str, areas: set[str], items: set[str]) -> tuple[Prose | None, list[Problem]]:
    root, problems = read_yaml(text, file)
    if root is None:
        return None, problems
    if not isinstance(root.value, dict):
        return None, [
            _problem(
                "prose-shape",
                "顶层应为“单位代码: {narratives, plans}”",
                "the top level must map unit codes to {narratives, plans}",
                root,
            )
        ]
    narratives: dict[str, dict[str, str]] = {}
    plans: dict[str, dict[str, str]] = {}
    for unit, block in root.value.items():
        if not isinstance(block.value, dict):
            problems.append(
                _problem(
                    "prose-shape",
                    f"单位 {unit} 下应为 narratives 和 plans",
                    f"unit {unit}: expected narratives and plans",
                    block,
                )
            )
            continue
        for key, section in block.value.items():
            if key not in SECTIONS:
                problems.append(
                    _problem(
                        "prose-section",
                        f"未知的部分“{key}”，可用：narratives、plans",
                        f"unknown section {key!r}; use narratives or plans",
                        section,
                    )
                )
                continue
            known, target = (areas, narratives) if key == "narratives" else (items, plans)
            target[str(unit)] = _texts(section, known, key, problems)
    if any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    return Prose(narratives, plans), problems


def _texts(section: YNode, known: set[str], key: str, problems: list[Problem]) -> dict[str, str]:
    if not isinstance(section.value, dict):
        problems.append(
            _problem("prose-shape", f"{key} 下应为“代码: 文字”", f"{key}: expected code: text pairs", section)
        )
        return {}
    texts: dict[str, str] = {}
    what = "一级指标" if key == "narratives" else "指标"
    for code, node in section.value.items():
        if code not in known:
            sample = "、".join(sorted(known)[:6])
            problems.append(
                _problem(
                    "prose-unknown-area" if key == "narratives" else "prose-unknown-item",
                    f"方案中没有{what}“{code}”（可用：{sample} …），已忽略",
                    f"the scheme has no {'area' if key == 'narratives' else 'item'} {code!r}; ignored",
                    node,
                    Severity.WARNING,
                )
            )
            continue
        if not isinstance(node.value, str) or not node.value.strip():
            problems.append(_problem("prose-text", f"“{code}”的内容应为文字", f"{code}: expected text", node))
            continue
        texts[code] = node.value.strip()
    return texts


def _problem(code: str, zh: str, en: str, node: YNode, severity: Severity = Severity.ERROR) -> Problem:
    return Problem(code, zh, en, node.location, severity)

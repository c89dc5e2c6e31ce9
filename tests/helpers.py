"""Shared test helpers: tiny schemes from text, golden files."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from dudao.engine.dataset import Dataset, Unit
from dudao.errors import has_errors
from dudao.scheme import Scheme, load_scheme_text

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("DUDAO_UPDATE_GOLDEN") == "1"

ELEMENTS = """
elements:
  - {code: a, name: 甲数, level: unit}
  - {code: b, name: 乙数, level: unit}
  - {code: flag, name: 是否达标, level: unit, type: bool}
  - {code: pupils, name: 学生数, level: school}
  - {code: books, name: 图书册数, level: school}
  - {code: ok, name: 学校达标, level: school, type: bool, aggregate: count}
"""


def scheme_text(
    items: str = "",
    indicators: str = "",
    rules: str = "",
    head: str = "",
    elements: str = ELEMENTS,
    total: float = 10,
) -> str:
    default_items = """
items:
  - code: A
    name: 甲
    points: 10
    children:
      - {code: A1, name: 一, points: 10, rule: {type: threshold, value: a, op: ">=", target: 1}}
"""
    return (
        f"scheme: {{code: t, title: 测试方案, period: 2021, total: {total}, bonus_cap: 2, "
        f"grades: [{{name: 优秀, min: 90}}, {{name: 良好, min: 80}}, {{name: 合格, min: 60}}, "
        f"{{name: 不合格, min: 0}}]{head}}}\n"
        + elements
        + (f"indicators:\n{indicators}\n" if indicators else "")
        + (items or default_items)
        + (f"rules:\n{rules}\n" if rules else "")
    )


def make_scheme(**parts: str) -> Scheme:
    scheme, problems = load_scheme_text(scheme_text(**parts), "test.yaml")
    assert scheme is not None and not has_errors(problems), [str(p) for p in problems]
    return scheme


def make_dataset(
    units: list[tuple[str, str, str, str, str]], values: list[tuple[str, str, int, float | None]]
) -> Dataset:
    frame = pd.DataFrame(values, columns=["unit", "element", "period", "value"])
    frame["value"] = frame["value"].astype("float64")
    frame["period"] = frame["period"].astype("int64")
    frame["line"] = range(2, len(frame) + 2)
    return Dataset(tuple(Unit(*u) for u in units), frame, source="test")


def read_golden(name: str) -> list[tuple[str, str]]:
    """Cases of a golden file: blocks ``input`` / ``---`` / ``expected``, separated by ``===``."""
    path = GOLDEN / name
    if not path.exists():
        return []
    cases = []
    for block in path.read_text(encoding="utf-8").split("\n===\n"):
        if block.strip():
            given, expected = block.split("\n---\n", 1)
            cases.append((given.strip("\n"), expected.rstrip("\n")))
    return cases


def write_golden(name: str, cases: list[tuple[str, str]]) -> None:
    text = "\n===\n".join(f"{given}\n---\n{expected}" for given, expected in cases)
    (GOLDEN / name).write_text(text + "\n", encoding="utf-8")


def assert_golden(name: str, text: str) -> None:
    """``text`` equals the golden file ``name`` byte for byte (``DUDAO_UPDATE_GOLDEN=1`` rewrites it).

    A mismatch names the first line that differs, so a large file's change is found at once.
    """
    path = GOLDEN / name
    data = text.encode("utf-8")
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    assert path.exists(), f"no golden file {path}; write it with DUDAO_UPDATE_GOLDEN=1"
    expected = path.read_bytes()
    if data != expected:
        got, want = text.splitlines(), expected.decode("utf-8").splitlines()
        line = next((i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b), min(len(got), len(want)))
        shown = (want[line] if line < len(want) else "<end>", got[line] if line < len(got) else "<end>")
        raise AssertionError(
            f"{name} differs from line {line + 1}:\n  golden: {shown[0]}\n  now:    {shown[1]}\n"
            "rerun with DUDAO_UPDATE_GOLDEN=1 if the change is intended, and review the diff"
        )

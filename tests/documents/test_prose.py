"""A unit's own words from a prose file: problems come back located, and nothing is half-read."""

from __future__ import annotations

from pathlib import Path

from dudao.documents.prose import load_prose, read_prose
from dudao.errors import Severity
from dudao.samples import bundled_prose_path

AREAS = {"A1", "A2"}
ITEMS = {"A1.1", "A2.3.3"}


def test_the_bundled_prose_is_jiangbeis_report() -> None:
    prose, problems = load_prose(bundled_prose_path(), {f"A{n}" for n in range(1, 11)}, {"A2.3.3", "A3.3.2"})
    assert problems == [] and prose is not None
    assert set(prose.narratives["500105"]) == {f"A{n}" for n in range(1, 9)}
    assert "15.67亿元" in prose.narrative("500105", "A2")
    assert prose.plan("500105", "A2.3.3").startswith("一是加大回购")
    assert prose.narrative("500103", "A1") == "" and prose.plan("500105", "A1.1") == ""


def test_an_unknown_section_is_an_error_at_its_line() -> None:
    text = '"500105":\n  narratives:\n    A1: 做法\n  plan:\n    A1.1: 措施\n'
    prose, problems = read_prose(text, "p.yaml", AREAS, ITEMS)
    assert prose is None
    [problem] = problems
    assert problem.code == "prose-section" and (problem.location.line, problem.location.column) == (5, 5)
    assert "narratives、plans" in problem.message_zh


def test_an_unknown_code_is_a_warning_and_the_rest_is_kept() -> None:
    text = '"500105":\n  narratives: {A1: 做法, A9: 另一段}\n  plans: {A2.3.3: 措施}\n'
    prose, problems = read_prose(text, "p.yaml", AREAS, ITEMS)
    assert (
        prose is not None
        and prose.narrative("500105", "A1") == "做法"
        and prose.plan("500105", "A2.3.3") == "措施"
    )
    [problem] = problems
    assert problem.severity is Severity.WARNING and problem.code == "prose-unknown-area"
    assert "A9" in problem.message_zh and "A1、A2" in problem.message_zh and problem.location.line == 2


def test_text_must_be_text() -> None:
    prose, problems = read_prose('"500105":\n  narratives:\n    A1: [一, 二]\n', "p.yaml", AREAS, ITEMS)
    assert prose is None and [p.code for p in problems] == ["prose-text"]
    assert problems[0].location.line == 3


def test_bad_yaml_a_missing_file_and_a_wrong_encoding(tmp_path: Path) -> None:
    prose, problems = read_prose('"500105": {narratives: [', "p.yaml", AREAS, ITEMS)
    assert prose is None and problems[0].code == "yaml-syntax" and problems[0].location.line == 1
    prose, problems = load_prose(tmp_path / "none.yaml", AREAS, ITEMS)
    assert prose is None and problems[0].code == "prose-file" and "文件不存在" in problems[0].message_zh
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes('"500105": {narratives: {A1: 做法}}'.encode("gbk"))
    prose, problems = load_prose(gbk, AREAS, ITEMS)
    assert prose is None and problems[0].code == "prose-encoding" and "UTF-8" in problems[0].message_zh
    prose, problems = read_prose("- 一\n- 二\n", "p.yaml", AREAS, ITEMS)
    assert prose is None and problems[0].code == "prose-shape"

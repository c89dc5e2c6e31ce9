"""Comparing two versions of a scheme: a changed standard and a re-weighted area, from the
engine and from ``dudao diff``."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from dudao.cli.app import app
from dudao.engine.scheme_diff import Kind, diff_schemes
from dudao.samples import bundled_scheme_path
from dudao.scheme import load_scheme_text, read_scheme

DISTRICT = "cq-district-2022"


def with_points(text: str, code: str, points: str) -> str:
    """The scheme text with item ``code``'s points set to ``points``."""
    pattern = re.compile(rf"(- code: {re.escape(code)}\n(\s+)name: [^\n]*\n\2points: )[\d.]+")
    changed, count = pattern.subn(rf"\g<1>{points}", text, count=1)
    assert count == 1, code
    return changed


def second_version() -> str:
    """Version 2 of the district scheme: area A1 gains a point from A2 (and the chain under
    each follows), and A1.1.1 asks for 6 meetings a year instead of 4."""
    text = (
        bundled_scheme_path(DISTRICT)
        .read_text(encoding="utf-8")
        .replace("  version: 1\n", "  version: 2\n", 1)
    )
    for code, points in (
        ("A1", "9"),
        ("A1.1", "4"),
        ("A1.1.1", "2"),
        ("A2", "15"),
        ("A2.2", "8"),
        ("A2.2.1", "1"),
    ):
        text = with_points(text, code, points)
    old_rule = 'rule: {type: threshold, value: edu_group_meetings, op: ">=", target: 4}'
    assert old_rule in text
    return text.replace(old_rule, old_rule.replace("target: 4", "target: 6"))


def test_a_scheme_equals_itself() -> None:
    scheme = read_scheme(bundled_scheme_path(DISTRICT))
    found = diff_schemes(scheme, scheme)
    assert found.changes == ()
    assert found.summary_zh == "两个版本的指标、分值、标准与规则完全相同"


def test_a_reweighted_area_and_a_changed_standard() -> None:
    old = read_scheme(bundled_scheme_path(DISTRICT))
    new, problems = load_scheme_text(second_version(), "v2.yaml")
    assert new is not None, problems
    found = diff_schemes(old, new)
    reweighted = {(c.what, c.code, c.before, c.after) for c in found.changes if c.kind is Kind.REWEIGHTED}
    assert reweighted == {
        ("一级指标", "A1", "8", "9"),
        ("二级指标", "A1.1", "3", "4"),
        ("计分项", "A1.1.1", "1", "2"),
        ("一级指标", "A2", "16", "15"),
        ("二级指标", "A2.2", "9", "8"),
        ("计分项", "A2.2.1", "2", "1"),
    }
    (standard,) = [c for c in found.changes if c.kind is Kind.STANDARD]
    assert (standard.code, standard.before, standard.after) == (
        "A1.1.1",
        "区委教育工作领导小组会议次数：≥ 4",
        "区委教育工作领导小组会议次数：≥ 6",
    )
    assert standard.sentence_zh.startswith("计分项 A1.1.1 区委教育工作领导小组")
    assert found.summary_zh == "分值调整 6 处；标准修改 1 处"
    assert [c.code for c in found.changes][:3] == ["A1", "A1.1", "A1.1.1"]  # in the scheme's order


def test_items_removed_and_added_are_listed_where_they_stand() -> None:
    old = read_scheme(bundled_scheme_path(DISTRICT))
    new = read_scheme(bundled_scheme_path("cq-balanced-2022"))
    found = diff_schemes(old, new)
    removed = {c.code for c in found.changes if c.kind is Kind.REMOVED}
    added = {c.code for c in found.changes if c.kind is Kind.ADDED}
    assert set(old.item_by_code) - set(new.item_by_code) <= removed
    assert set(new.item_by_code) - set(old.item_by_code) <= added
    assert all(c.after for c in found.changes if c.kind is Kind.ADDED)  # each says its points


def test_the_command_prints_the_changes_and_json(tmp_path: Path) -> None:
    v2 = tmp_path / "v2.yaml"
    v2.write_text(second_version(), encoding="utf-8")
    runner = CliRunner()
    shown = runner.invoke(app, ["diff", DISTRICT, str(v2)])
    assert shown.exit_code == 0, shown.output
    assert "分值调整 6 处；标准修改 1 处" in shown.output and "A1.1.1" in shown.output
    as_json = runner.invoke(app, ["diff", DISTRICT, str(v2), "--json"])
    body = json.loads(as_json.output)
    assert body["old"]["version"] == 1 and body["new"]["version"] == 2
    standards = [c for c in body["changes"] if c["kind"] == "standard"]
    assert [(c["code"], c["after"]) for c in standards] == [("A1.1.1", "区委教育工作领导小组会议次数：≥ 6")]
    assert (
        standards[0]["sentence_en"]
        == "Scored item A1.1.1: 区委教育工作领导小组会议次数：≥ 4 → 区委教育工作领导小组会议次数：≥ 6"
    )


def test_the_command_names_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    result = CliRunner().invoke(app, ["diff", DISTRICT, str(missing)])
    assert result.exit_code == 1
    assert "找不到文件" in result.output and "cq-balanced-2022" in result.output

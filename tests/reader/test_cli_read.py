"""``dudao read``: a table, JSON or HTML; every user mistake is a message, not a traceback."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dudao.cli.app import app

SEED = (
    Path(__file__).parent.parent.parent
    / "src"
    / "dudao"
    / "samples"
    / "chongqing"
    / "jiangbei_2022_report.txt"
)
runner = CliRunner()


def test_read_json_and_html_without_data(tmp_path: Path) -> None:
    done = runner.invoke(app, ["read", str(SEED), "--format", "json"])
    assert done.exit_code == 0, done.output
    reading = json.loads(done.stdout)
    assert reading["offsets"] == "file"
    kg = next(c for c in reading["claims"] if c["text"] == "达124.6%")
    assert (kg["span"], kg["kind"], kg["status"]) == ([3993, 4000], "share", "no_data")  # no data given
    page = tmp_path / "read.html"
    done = runner.invoke(app, ["read", str(SEED), "--out", str(page)])
    assert done.exit_code == 0, done.output
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_read_table_with_the_unit_data() -> None:
    done = runner.invoke(app, ["read", str(SEED), "--unit", "500105"])
    assert done.exit_code == 0, done.output
    assert "一致" in done.stdout and "A9" in done.stdout


def test_mistakes_are_messages(tmp_path: Path) -> None:
    (tmp_path / "r.md").write_text("12所", encoding="utf-8")
    for args, words in (
        (["read", str(tmp_path / "missing.txt")], "找不到报告文件"),
        (["read", str(tmp_path / "r.md")], "不支持的报告格式"),
        (["read", str(SEED), "--unit", "999999"], "单位“999999”不在数据中"),
        (["read", str(SEED), "--format", "xml"], "未知的格式"),
    ):
        done = runner.invoke(app, args)
        assert done.exit_code in (1, 2), args
        assert done.exception is None or isinstance(done.exception, SystemExit), args
        assert words in done.output, (args, done.output)

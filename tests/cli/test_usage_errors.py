"""A mistake on the command line itself is said in Chinese first, then in Typer's English, exit 2."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from dudao.cli.app import app

runner = CliRunner()


@pytest.mark.parametrize(
    ("args", "chinese", "english"),
    [
        (["evaluate", "--nope"], "没有选项 --nope", "No such option: --nope"),
        (["evalute"], "没有命令 evalute；您是否要用 evaluate", "Did you mean 'evaluate'?"),
        (["evaluate", "-p", "二〇二二"], "'--period' / '-p' 的值有误：应为整数", "valid integer"),
        (
            ["evaluate", "-b", "oracle"],
            "“oracle”不是可选的值，可选：python、duckdb、postgres、spark",
            "'oracle' is not one of",
        ),
        (["report", "feedback", "--backend", "excel"], "“excel”不是可选的值", "'excel' is not one of"),
        (["explain", "-u"], "选项 -u 后面缺少它的值", "Option '-u' requires an argument"),
        (["check"], "缺少参数 'file'", "Missing argument 'file'"),
        (["check", "a.yaml", "b.yaml"], "多余的参数", "unexpected extra argument"),
    ],
)
def test_a_command_line_mistake_is_said_in_chinese_first(args: list[str], chinese: str, english: str) -> None:
    result = runner.invoke(app, args)
    output = " ".join(result.output.split())  # the error box wraps long lines
    assert result.exit_code == 2, result.output
    assert chinese in output and english in output
    assert output.index(chinese[:4]) < output.index(english[:8])


def test_a_good_command_line_is_not_touched() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0 and "evaluate" in result.output

"""Mistakes on the command line itself, said in Chinese first.

Typer (Click) words a wrong option, a missing one, a value of the wrong kind or a misspelt command
in English only. :func:`chinese_first` puts a Chinese line before that English message, naming the
option and, for the usual mistakes (a value not among the choices, not a whole number, not a
number), what would be accepted. The English line stays as Typer wrote it.
"""

from __future__ import annotations

import re

from typer._click.exceptions import BadOptionUsage, BadParameter, MissingParameter, NoSuchOption, UsageError

# What Typer says about a value, and the same in Chinese; the first that matches is used.
_VALUE_PROBLEMS = (
    (
        re.compile(r"'(?P<value>[^']*)' is not one of (?P<choices>.+?)\.?$"),
        "“{value}”不是可选的值，可选：{choices}",
    ),
    (re.compile(r"'(?P<value>[^']*)' is not a valid integer|valid integer"), "应为整数"),
    (re.compile(r"'(?P<value>[^']*)' is not a valid float|valid number"), "应为数字"),
    (re.compile(r"(?:File|Path|Directory) '(?P<value>[^']*)' does not exist"), "“{value}”不存在"),
    (re.compile(r"(?:File|Path) '(?P<value>[^']*)' is a directory"), "“{value}”是文件夹，应为文件"),
    (re.compile(r"Directory '(?P<value>[^']*)' is a file"), "“{value}”是文件，应为文件夹"),
)
_QUOTED = re.compile(r"'([^']*)'")


def chinese_first(error: UsageError) -> UsageError:
    """The same mistake with a Chinese line before Typer's English message."""
    english = error.format_message()
    return UsageError(f"{_chinese(error)}\n{english}", ctx=error.ctx)


def _chinese(error: UsageError) -> str:
    if isinstance(error, NoSuchOption):
        offered = f"；您是否要用 {'、'.join(sorted(error.possibilities))}" if error.possibilities else ""
        return f"没有选项 {error.option_name}{offered}（dudao 命令 --help 列出全部选项）"
    if isinstance(error, MissingParameter):
        kind = error.param_type or (error.param.param_type_name if error.param is not None else "")
        return f"缺少{'选项' if kind == 'option' else '参数'} {_hint(error)}".rstrip()
    if isinstance(error, BadOptionUsage) and "requires an argument" in error.message:
        return f"选项 {error.option_name} 后面缺少它的值"
    if isinstance(error, BadParameter):
        return f"{_hint(error) or '参数'} 的值有误：{_value_problem(error.message)}"
    message = error.format_message()
    if message.startswith("No such command"):
        name = _QUOTED.search(message)
        suggestion = _QUOTED.findall(message.partition("Did you mean")[2])
        offered = f"；您是否要用 {'、'.join(suggestion)}" if suggestion else ""
        return f"没有命令 {name.group(1) if name else ''}{offered}（dudao --help 列出全部命令）"
    if message.startswith("Got unexpected extra argument"):
        return "多余的参数；请检查引号与空格（含空格的路径请加引号）"
    return "命令行用法有误"


def _hint(error: BadParameter) -> str:
    if error.param_hint is not None:
        hints = [error.param_hint] if isinstance(error.param_hint, str) else list(error.param_hint)
        return " / ".join(hints)
    return error.param.get_error_hint() if error.param is not None else ""


def _value_problem(message: str) -> str:
    for pattern, chinese in _VALUE_PROBLEMS:
        found = pattern.search(message)
        if found:
            fields = {k: v for k, v in found.groupdict().items() if v is not None}
            if "choices" in fields:
                fields["choices"] = "、".join(_QUOTED.findall(fields["choices"])) or fields["choices"]
            return chinese.format(**fields)
    return "见下行英文说明"

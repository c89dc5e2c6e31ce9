"""The ``dudao`` command: one table of subcommands, each imported only when it runs.

``dudao --help`` lists the commands from :data:`COMMANDS` without importing any of them, and
``dudao check`` imports the scheme loader, not pandas, the engine's backends, the documents or
the web (``tests/cli/test_start.py`` holds it). A command's one-line summary is kept here and
must equal the first line of its docstring (the same test holds that too).
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import get_close_matches
from importlib import import_module
from typing import Any

import typer
from typer._click.exceptions import UsageError
from typer.core import TyperCommand, TyperGroup

from dudao.cli.usage_errors import chinese_first


@dataclass(frozen=True)
class Command:
    """A subcommand: its name, the function that implements it (or the Typer app of a command with
    subcommands of its own, ``dudao units merge``), and its one-line summary."""

    name: str
    target: str  # "module:function" or "module:app"
    summary: str

    def load(self) -> Any:
        module, function = self.target.split(":")
        return getattr(import_module(module), function)

    def docstring(self) -> str:
        """The docstring of the function, or of the app's callback."""
        target = self.load()
        if isinstance(target, typer.Typer):
            target = target.registered_callback.callback if target.registered_callback else None
        return (getattr(target, "__doc__", None) or "").strip()


COMMANDS = (
    Command(
        "check",
        "dudao.cli.check:check",
        "检查评价方案 / check a scheme: points, references, cycles, formulas.",
    ),
    Command(
        "diff",
        "dudao.cli.diff:diff",
        "比较方案版本 / compare two scheme versions: items added, removed, re-weighted, standards changed.",
    ),
    Command(
        "evaluate",
        "dudao.cli.evaluate:evaluate",
        "评价计分、排名 / evaluate a scheme over a dataset: points, grades, ranks.",
    ),
    Command(
        "whatif",
        "dudao.cli.whatif:whatif",
        "方案试算 / what-if: score the data under another scheme version and show who moves and why.",
    ),
    Command(
        "explain",
        "dudao.cli.explain:explain",
        "计分说明 / explain one item's score for one unit: inputs, formula, standard, rule.",
    ),
    Command(
        "report",
        "dudao.cli.report:report",
        "公文：自评报告、督导意见书、汇总报告（DOCX/PDF/HTML）/ official documents from the results.",
    ),
    Command(
        "template",
        "dudao.cli.template:template",
        "填报模板：Excel，按一级指标分表，含数据验证 / write the Excel template to fill in.",
    ),
    Command(
        "import",
        "dudao.cli.import_values:import_values",
        "导入数据：CSV、JSON、Excel 填报模板或 DHIS2 / import values into a round, or check a file.",
    ),
    Command(
        "export",
        "dudao.cli.export:export",
        "导出数据：CSV、JSON、DHIS2 dataValueSets 或 ADX / export values.",
    ),
    Command(
        "quality",
        "dudao.cli.quality:quality",
        "数据质量报告：校验、异常值、完整性、疑似造假线索 / the data-quality report.",
    ),
    Command(
        "read",
        "dudao.cli.read:read",
        "读自评报告：章节、数据陈述及其与数据的核对 / read a narrative report and check its claims.",
    ),
    Command(
        "demo",
        "dudao.cli.demo:demo",
        "演示：内置重庆示例评价轮次，并在网页系统中打开 / the bundled Chongqing round, then the web app.",
    ),
    Command(
        "synth",
        "dudao.cli.synth:synth",
        "生成合成数据（Parquet 快照）/ write synthetic data as a Parquet snapshot.",
    ),
    Command(
        "snapshot",
        "dudao.cli.synth:snapshot",
        "由长表数据生成计算快照（宽表 Parquet）/ build the wide Parquet snapshot of a dataset.",
    ),
    Command(
        "serve",
        "dudao.cli.serve:serve",
        "启动网页系统 / run the web application (migrations are applied first).",
    ),
    Command(
        "remind",
        "dudao.cli.remind:remind",
        "发送今日到期的催报和整改提醒 / send the reminders due today (in the app; mailed once SMTP is set).",
    ),
    Command(
        "units",
        "dudao.cli.units:app",
        "区划调整与历年评价：合并、拆分、单位沿革 / the units tree across years: merge, split, history.",
    ),
    Command(
        "backup",
        "dudao.cli.backup:backup",
        "备份数据库与佐证材料到一个文件 / back up the database and evidence files to one file.",
    ),
    Command(
        "restore",
        "dudao.cli.backup:restore",
        "从备份恢复数据库与佐证材料（全部或全不）/ restore the database and evidence files, all or nothing.",
    ),
)
COMMAND_BY_NAME = {command.name: command for command in COMMANDS}


class LazyGroup(TyperGroup):
    """A group whose commands are imported on first use; listing them in help imports none."""

    _listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return [command.name for command in COMMANDS]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = COMMAND_BY_NAME.get(cmd_name)
        if command is None:
            return None
        if self._listing:  # the group's help needs only the name and the summary
            return TyperCommand(name=command.name, help=command.summary)
        return _loaded(command)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """As Typer's, with the suggestion drawn from the table (Typer looks at loaded commands)."""
        try:
            return self._click_resolve_command(ctx, args)
        except UsageError as error:
            matches = get_close_matches(args[0], list(COMMAND_BY_NAME)) if args else []
            if matches:
                error.message = f"{error.message.rstrip('.')}. Did you mean {', '.join(map(repr, matches))}?"
            raise

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except UsageError as error:
            raise chinese_first(error) from error

    def invoke(self, ctx: Any) -> Any:
        """As Typer's; a mistake on the command line is said in Chinese first (``usage_errors``)."""
        try:
            return super().invoke(ctx)
        except UsageError as error:
            raise chinese_first(error) from error

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


_LOADED: dict[str, Any] = {}


def _loaded(command: Command) -> Any:
    """The click command of ``command``, built by Typer from its function the first time."""
    if command.name not in _LOADED:
        target = command.load()
        if isinstance(target, typer.Typer):  # a command with subcommands
            _LOADED[command.name] = typer.main.get_command(target)
        else:
            single = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
            single.command(command.name)(target)
            _LOADED[command.name] = typer.main.get_command(single)
    return _LOADED[command.name]


app = typer.Typer(
    name="dudao",
    help="督导 dudao — 教育督导评价：方案、计分、排名与说明 / education supervision",
    cls=LazyGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _dudao() -> None:
    """督导 dudao — 教育督导评价：方案、计分、排名与说明 / education supervision"""


def main() -> None:
    app()

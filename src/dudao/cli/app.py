"""The ``dudao`` command."""

from __future__ import annotations

import typer

from dudao.cli.check import check
from dudao.cli.demo import demo
from dudao.cli.evaluate import evaluate
from dudao.cli.explain import explain
from dudao.cli.export import export
from dudao.cli.import_values import import_values
from dudao.cli.quality import quality
from dudao.cli.read import read
from dudao.cli.report import report
from dudao.cli.serve import serve
from dudao.cli.synth import snapshot, synth
from dudao.cli.template import template

app = typer.Typer(
    name="dudao",
    help="督导 dudao — 教育督导评价：方案、计分、排名与说明 / education supervision",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command()(check)
app.command()(evaluate)
app.command()(explain)
app.command()(report)
app.command()(template)
app.command("import")(import_values)
app.command()(export)
app.command()(quality)
app.command()(read)
app.command()(demo)
app.command()(synth)
app.command()(snapshot)
app.command()(serve)


def main() -> None:
    app()

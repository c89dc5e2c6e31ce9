"""``dudao whatif --scheme OLD --against NEW``: the same data scored under two scheme versions,
and who moves and why."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from dudao.cli.common import DataOption, PeriodOption, SchemeOption, out
from dudao.cli.evaluate import run
from dudao.engine.explanation import fmt
from dudao.engine.whatif import UnitMove, compare

AGAINST_HELP = "新方案：文件或内置方案代码 / the other scheme: a file or a bundled code"
HEADERS = ("单位 / unit", "原总分", "新总分", "原名次", "新名次", "原等级", "新等级", "原因 / why")


def whatif(
    against: Annotated[str, typer.Option("--against", help=AGAINST_HELP)],
    scheme: SchemeOption = None,
    data: DataOption = None,
    period: PeriodOption = None,
    every: Annotated[bool, typer.Option("--all", help="列出全部单位（默认只列变动的）/ every unit")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出 / as JSON")] = False,
) -> None:
    """方案试算 / what-if: score the data under another scheme version and show who moves and why."""
    before = run(scheme, data, period, "duckdb", quiet=as_json, show_warnings=False)
    after = run(against, data, period, "duckdb", quiet=as_json, show_warnings=False)
    moves = compare(before, after)
    shown = moves if every else [m for m in moves if m.moved]
    if as_json:
        out.print_json(json.dumps([_as_dict(m) for m in shown], ensure_ascii=False))
        return
    out.print(
        f"原 / old：{before.scheme_title}（v{before.scheme_version}）  新 / new：{after.scheme_title}"
        f"（v{after.scheme_version}）  {len([m for m in moves if m.moved])} / {len(moves)} 个单位变动"
    )
    table = Table()
    for header in HEADERS:
        table.add_column(header, overflow="fold")
    for m in shown:
        b, a = m.before, m.after
        table.add_row(
            f"{m.code} {m.name}",
            fmt(b.total) if b else "—",
            fmt(a.total) if a else "—",
            str(b.rank or "—") if b else "—",
            str(a.rank or "—") if a else "—",
            b.grade if b else "—",
            a.grade if a else "—",
            m.sentence_zh,
        )
    out.print(table)


def _as_dict(move: UnitMove) -> dict[str, object]:
    def side(standing: object) -> dict[str, object] | None:
        if standing is None:
            return None
        return {k: getattr(standing, k) for k in ("total", "grade", "rank")}

    return {
        "code": move.code,
        "name": move.name,
        "before": side(move.before),
        "after": side(move.after),
        "moved": move.moved,
        "items": [{"code": i.code, "name": i.name, "before": i.before, "after": i.after} for i in move.items],
        "rules_gained": list(move.rules_gained),
        "rules_lost": list(move.rules_lost),
        "why_zh": move.sentence_zh,
    }

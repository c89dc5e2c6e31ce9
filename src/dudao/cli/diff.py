"""``dudao diff OLD NEW``: what changed between two versions of a scheme."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from dudao.cli.common import open_scheme, out
from dudao.engine.scheme_diff import KIND_ZH, diff_schemes

OLD_HELP = "原方案：文件或内置方案代码 / the old scheme: a file or a bundled code"
NEW_HELP = "新方案：文件或内置方案代码 / the new scheme: a file or a bundled code"
HEADERS = ("变更 / change", "对象 / what", "代码 / code", "名称 / name", "原 / before", "新 / after")


def diff(
    old: Annotated[str, typer.Argument(help=OLD_HELP)],
    new: Annotated[str, typer.Argument(help=NEW_HELP)],
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出 / as JSON")] = False,
) -> None:
    """比较方案版本 / compare two scheme versions: items added, removed, re-weighted, standards changed."""
    found = diff_schemes(open_scheme(old), open_scheme(new))
    if as_json:
        out.print_json(json.dumps(found.to_dict(), ensure_ascii=False))
        return
    for side, scheme in (("原 / old", found.old), ("新 / new", found.new)):
        out.print(f"{side}：{scheme.label}（{scheme.info.code} v{scheme.info.version}）")
    out.print(found.summary_zh)
    if not found.changes:
        return
    table = Table()
    for header in HEADERS:
        table.add_column(header, overflow="fold")
    for c in found.changes:
        table.add_row(KIND_ZH[c.kind], c.what, c.code, c.name, c.before or "—", c.after or "—")
    out.print(table)

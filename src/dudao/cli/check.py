"""``dudao check FILE``: validate a scheme and report every problem."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from dudao.cli.common import Exit, out, print_problems
from dudao.errors import Severity, has_errors
from dudao.scheme import load_scheme


def check(
    file: Annotated[Path, typer.Argument(help="方案文件 / scheme file (YAML)")],
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出问题 / problems as JSON")] = False,
) -> None:
    """检查评价方案 / check a scheme: points, references, cycles, formulas."""
    scheme, problems = load_scheme(file)
    if as_json:
        out.print_json(
            json.dumps(
                {
                    "file": str(file),
                    "ok": not has_errors(problems),
                    "problems": [p.to_dict() for p in problems],
                },
                ensure_ascii=False,
            )
        )
    else:
        print_problems(problems)
    if scheme is None or has_errors(problems):
        raise Exit(1)
    if not as_json:
        leaves = scheme.leaves
        kinds = sorted({leaf.rule.type for leaf in leaves if leaf.rule is not None})
        warnings = sum(1 for p in problems if p.severity is Severity.WARNING)
        out.print(
            f"[green]✓[/green] {scheme.info.title}（{scheme.info.code} v{scheme.info.version}）检查通过："
            f"{len(scheme.items)} 个一级指标，{len(leaves)} 个计分项（{'、'.join(kinds)}），"
            f"{len(scheme.elements)} 个数据项，{len(scheme.indicators)} 个指标值，"
            f"{len(scheme.rules)} 条否决/降等规则" + (f"，{warnings} 个警告" if warnings else "")
        )

"""``dudao demo``: evaluate the bundled Chongqing round and print the ranking."""

from __future__ import annotations

from collections import Counter
from typing import Annotated

import typer

from dudao.cli.common import BackendOption, out
from dudao.cli.evaluate import run
from dudao.cli.output import ranking_table
from dudao.cli.rounds import DataDirOption
from dudao.cli.serve import HostOption, PortOption, run_server, start_site
from dudao.engine.backends import Backend
from dudao.engine.explanation import fmt

WebOption = Annotated[
    bool, typer.Option("--web/--no-web", help="载入网页系统的示例轮次 / load the round into the web app")
]
ServeOption = Annotated[
    bool, typer.Option("--serve/--no-serve", help="随后启动网页系统 / then serve the web app")
]


def demo(
    backend: BackendOption = Backend.DUCKDB,
    web: WebOption = True,
    serve: ServeOption = True,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    data_dir: DataDirOption = None,
) -> None:
    """演示：内置重庆示例评价轮次，并在网页系统中打开 / the bundled Chongqing round, then the web app."""
    # The bundled data serves both bundled schemes, so elements of the other are expected.
    results = run(None, None, None, backend, show_warnings=False)
    out.print(f"[bold]{results.scheme_title}[/bold]（{results.period} 年数据，{results.data_label}）")
    out.print(
        f"[dim]{results.data_label}：仅江北区部分数据取自其 2022 年自评报告，其余为生成的示例数据。[/dim]"
    )
    fired = [(u, r) for u in results.ranked() for r in u.fired_rules]
    if fired:
        out.print("触发的否决、降等和不得评优规则 / rules fired:")
        for unit, rule in fired:
            change = f"{rule.grade_before}→{rule.grade_after}" if rule.changed else "等次未变"
            out.print(f"  {unit.name}（{unit.code}）：{rule.code} {rule.reason}（{change}）")
    grades = Counter(u.grade for u in results.units)
    out.print("等次分布 / grades：" + "，".join(f"{g} {n} 个" for g, n in grades.items()))
    jiangbei = results.unit("500105")
    out.print(
        f"江北区（500105）：总分 {fmt(jiangbei.total)}，{jiangbei.grade}，{jiangbei.rank_text}。"
        "计分说明 / explain a score: dudao explain --unit 500105 --item A6.1.1"
    )
    out.print(
        "公文 / documents: dudao report self-evaluation --unit 500105（自评报告草稿）、"
        "dudao report feedback（督导意见书）、dudao report summary（汇总报告）"
    )
    out.print(
        "数据交换与质量 / data: dudao template --out 填报模板.xlsx、dudao import 文件 --round 1、"
        "dudao quality --unit 500105；自评报告核对 / reports: dudao read 报告.docx --unit 500105"
    )
    out.print(ranking_table(results))
    if web:
        show_web_demo(data_dir, host, port)
        if serve:
            run_server(host, port, workers=2)


def show_web_demo(data_dir: object, host: str, port: int) -> None:
    """Load the demo round into the web app and print where to log in and as whom."""
    from pathlib import Path

    start_site(Path(str(data_dir)) if data_dir is not None else None)
    from dudao.web.demo import DEMO_PASSWORD, load_demo

    round, accounts = load_demo()
    out.print(f"\n[bold]网页系统 / web app[/bold]：{round.name}")
    out.print(f"  网址 / URL: http://{host}:{port}/")
    out.print(f"  演示账号（密码均为 {DEMO_PASSWORD}）/ demo accounts (password {DEMO_PASSWORD}):")
    for account in accounts:
        unit = f" {account.unit}" if account.unit else ""
        out.print(f"    {account.username:<18} {account.role.label}{unit} — {account.note}")

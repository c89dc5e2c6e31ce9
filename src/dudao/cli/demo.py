"""``dudao demo``: evaluate the bundled Chongqing round and print the ranking."""

from __future__ import annotations

from collections import Counter

from dudao.cli.common import BackendOption, out
from dudao.cli.evaluate import run
from dudao.cli.output import ranking_table
from dudao.engine.explain import fmt


def demo(backend: BackendOption = "duckdb") -> None:
    """演示：内置重庆示例评价轮次 / evaluate the bundled Chongqing sample round."""
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
            out.print(f"  {unit.name}（{unit.code}）：{rule.code} {rule.reason}")
    grades = Counter(u.grade for u in results.units)
    out.print("等次分布 / grades：" + "，".join(f"{g} {n} 个" for g, n in grades.items()))
    jiangbei = results.unit("500105")
    out.print(
        f"江北区（500105）：总分 {fmt(jiangbei.total)}，{jiangbei.grade}，第 {jiangbei.rank} 名。"
        "计分说明 / explain a score: dudao explain --unit 500105 --item A6.1.1"
    )
    out.print(ranking_table(results))

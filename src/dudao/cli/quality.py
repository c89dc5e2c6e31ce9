"""``dudao quality``: the data-quality report of a period — the scheme's checks, ranges and
last-year limits, outliers, completeness and signals of fabricated data — city-wide or for one
unit and the units below it, as a table, JSON or an Excel workbook. From a round of the web
database (``--round``), or from ``--scheme`` and ``--data``. Outliers and signals are leads to
follow up, never verdicts; the command exits 0 whatever it finds."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from dudao.cli.common import (
    DataOption,
    Exit,
    PeriodOption,
    SchemeOption,
    UnitOption,
    atomic_output,
    err,
    open_dataset,
    open_scheme,
    out,
    print_problems,
)
from dudao.cli.rounds import DataDirOption, RoundOption, open_round
from dudao.data import Dataset
from dudao.data.quality import ALL, QualityReport, quality_report, write_workbook
from dudao.data.quality.fabrication import FABRICATION_SIGNALS
from dudao.data.quality.signals import SignalCheck
from dudao.data.quality.xlsx import AGAINST, FAILURE_KINDS, SIGNAL_KINDS
from dudao.scheme import Scheme

FORMATS = ("table", "json", "xlsx")
SHOWN = 20  # findings of each kind in the table; --format xlsx or json has them all


def quality(
    round_id: RoundOption = None,
    scheme: SchemeOption = None,
    data: DataOption = None,
    period: PeriodOption = None,
    unit: UnitOption = None,
    format: Annotated[
        str | None,
        typer.Option("--format", "-f", help="table | json | xlsx；默认按 --out 的扩展名 / default: by --out"),
    ] = None,
    output: Annotated[Path | None, typer.Option("--out", "-o", help="输出文件 / the file to write")] = None,
    report_file: Annotated[
        Path | None,
        typer.Option(
            "--report",
            help="该单位的自评报告（与 --unit 同用）：报告中与数据不符的数字列为线索 / "
            "the unit's narrative report (with --unit): its claims the data disagrees with become signals",
        ),
    ] = None,
    data_dir: DataDirOption = None,
) -> None:
    """数据质量报告：校验、异常值、完整性、疑似造假线索 / the data-quality report."""
    kind = format or {".xlsx": "xlsx", ".json": "json"}.get(output.suffix.lower() if output else "", "table")
    if kind not in FORMATS:
        err.print(f"[red]未知的格式“{escape(kind)}”，可选：{' | '.join(FORMATS)}[/red] / unknown format")
        raise Exit(2)
    if kind == "xlsx" and output is None:
        err.print("[red]--format xlsx 需要 --out 文件.xlsx[/red] / --format xlsx needs --out F.xlsx")
        raise Exit(2)
    if round_id is not None:
        round = open_round(round_id, data_dir)
        from dudao.store.rounds.engine import round_dataset, scheme_of

        the_scheme, dataset, year = scheme_of(round.scheme), round_dataset(round), round.period
    else:
        the_scheme, dataset = open_scheme(scheme), open_dataset(data)
        year = the_scheme.info.period
    if unit is not None and unit not in dataset.unit_by_code:
        err.print(f"[red]没有代码为 {escape(unit)} 的单位[/red] / no unit {escape(unit)}")
        raise Exit(1)
    signals = (*FABRICATION_SIGNALS, *_claims(report_file, unit, the_scheme, dataset, period or year))
    report = quality_report(the_scheme, dataset, period or year, unit=unit, signals=signals)
    if kind == "xlsx":
        assert output is not None
        with atomic_output(output) as temporary:
            write_workbook(report, temporary)
        out.print(f"已写入 {output} / wrote {output}")
    elif kind == "json":
        text = json.dumps(as_json(report), ensure_ascii=False, indent=1)
        if output is None:
            print(text)
        else:
            with atomic_output(output) as temporary:
                temporary.write_text(text, encoding="utf-8")
            out.print(f"已写入 {output} / wrote {output}")
    else:
        print_report(report)


def _claims(
    path: Path | None, unit: str | None, scheme: Scheme, dataset: Dataset, year: int
) -> list[SignalCheck]:
    """The claims signal over ``path`` read for ``unit``; none without a report."""
    if path is None:
        return []
    if unit is None:
        err.print("[red]--report 需要同时指定 --unit（报告属于哪个单位）[/red] / --report needs --unit")
        raise Exit(2)
    from dudao.reader import ReportError, read_report
    from dudao.reader.signal import claims_signal

    try:
        reading = read_report(path, scheme=scheme, dataset=dataset, unit=unit, period=year)
    except ReportError as error:
        print_problems(error.problems)
        raise Exit(1) from None
    return [claims_signal({unit: reading})]


def as_json(report: QualityReport) -> dict[str, Any]:
    """The report as JSON: what it covers, the counts, and every finding."""
    return {
        "scheme": report.scheme_code,
        "period": report.period,
        "unit": report.scope or None,
        "counts": report.counts,
        "completeness": [{**dataclasses.asdict(r), "share": r.share} for r in report.completeness.rows],
        "missing": [dataclasses.asdict(m) for m in report.completeness.missing],
        "failures": [dataclasses.asdict(f) for f in report.failures],
        "outliers": [dataclasses.asdict(o) for o in report.outliers],
        "signals": [dataclasses.asdict(s) for s in report.signals],
        "units": [{**dataclasses.asdict(u), "completeness": u.completeness} for u in report.units],
    }


def print_report(report: QualityReport) -> None:
    total = report.completeness.row(ALL, ALL)
    out.print(
        f"[bold]{escape(report.scheme_title)}[/bold]　{report.period} 年度　{escape(report.scope_name)}"
        f"　完整率 {total.share:.1%}（{total.present}/{total.expected}）"
    )
    counts = Table("类别 / kind", "数量 / count", title="数据质量 / data quality")
    for code, name in FAILURE_KINDS.items():
        counts.add_row(f"校验未通过：{name}", str(report.counts.get(f"failures.{code}", 0)))
    for code, name in AGAINST.items():
        counts.add_row(f"异常值：与{name}相比", str(report.counts.get(f"outliers.{code}", 0)))
    for code, name in SIGNAL_KINDS.items():
        if code != "claims" or report.counts.get("signals.claims"):
            counts.add_row(f"疑似造假线索：{name}", str(report.counts.get(f"signals.{code}", 0)))
    counts.add_row("缺失值 / missing values", str(report.counts.get("missing", 0)))
    out.print(counts)
    sections = [
        ("疑似造假线索（线索，不是结论）/ signals: leads, not verdicts", [s.seen_zh for s in report.signals]),
        (
            "校验未通过 / rule failures",
            [f"{report.unit_name(f.unit)}：{f.message_zh}" for f in report.failures],
        ),
        (
            "异常值（请核实）/ outliers, to confirm",
            [
                f"{report.unit_name(o.unit)}：{o.message_zh}"
                for o in sorted(report.outliers, key=lambda o: -abs(o.score))
            ],
        ),
    ]
    for title, lines in sections:
        if not lines:
            continue
        out.print(f"\n[bold]{title}[/bold]（{len(lines)}）")
        for line in lines[:SHOWN]:
            out.print(f"- {escape(line)}")
        if len(lines) > SHOWN:
            out.print(f"… 另有 {len(lines) - SHOWN} 条，完整列表见 --format xlsx / json")

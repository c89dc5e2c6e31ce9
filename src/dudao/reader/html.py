"""The report as HTML with every claim highlighted by status; all report text is escaped.

Agrees is green with ✓, differs red and bold with ✗ (both values in the title), no data grey
with ?, not mapped underlined: each status shows by more than its colour, and a screen reader
reads the status word after the figure.
The fragment carries its own inline CSS (scoped to ``.dudao-reading``) so it can be embedded in
a page; ``standalone=True`` wraps it in a whole document.

>>> from dudao.reader.reading import read_report
>>> fragment = render_html(read_report("一、概况\\n招生<script>12所。"))
>>> "&lt;script&gt;" in fragment, '<mark class="claim unmapped"' in fragment
(True, True)
>>> render_html(read_report("12所"), standalone=True).startswith("<!DOCTYPE html>")
True
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from dudao.reader.checks import AGREES, DIFFERS, NO_DATA, STATUS_ZH, UNMAPPED

# The sign beside a figure, so a status does not rest on colour alone (GB/T 37668, WCAG 1.4.1);
# not mapped has its dotted underline.
SIGNS = {AGREES: "✓", DIFFERS: "✗", NO_DATA: "?", UNMAPPED: ""}

if TYPE_CHECKING:
    from dudao.reader.reading import ClaimReading, ReportReading

CSS = """
.dudao-reading{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;line-height:1.8;max-width:60em}
.dudao-reading .summary{display:flex;gap:1.5em;flex-wrap:wrap;margin:.5em 0}
.dudao-reading .report-text{white-space:pre-wrap;border-top:1px solid #ccc;padding-top:.5em}
.dudao-reading mark.claim{padding:0 .1em;border-radius:2px;background:none}
.dudao-reading mark.agrees{background:#d4f4dd;color:#0b5d1e}
.dudao-reading mark.differs{background:#fbd5d5;color:#8a1010;font-weight:bold}
.dudao-reading mark.no_data{background:#e8e8e8;color:#444}
.dudao-reading mark.unmapped{text-decoration:underline dotted;color:inherit}
.dudao-reading .legend mark{margin-right:.5em}
.dudao-reading .sign{font-size:.85em;margin-left:.1em;font-weight:bold}
.dudao-reading .legend .sign{margin:0 .2em 0 0}
.dudao-reading .status-word{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);
white-space:nowrap}
.dudao-reading .areas li.uncovered{color:#8a1010}
.dudao-reading .findings li.bad{color:#8a1010}
"""


def render_html(reading: ReportReading, *, standalone: bool = False) -> str:
    """The reading as an HTML fragment, or a whole document with ``standalone=True``."""
    parts = [f'<section class="dudao-reading"><style>{CSS}</style>', _summary(reading)]
    parts.append(_areas(reading))
    parts.append(_findings(reading))
    parts.append(f'<div class="report-text">{_marked(reading)}</div></section>')
    fragment = "".join(parts)
    if not standalone:
        return fragment
    title = escape(reading.path or "自评报告")
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{title} · 报告阅读</title></head><body>{fragment}</body></html>"
    )


def _summary(reading: ReportReading) -> str:
    counts = reading.counts()
    legend = "".join(
        f'<mark class="claim {status}">{_sign(status)}{STATUS_ZH[status]} {counts.get(status, 0)}</mark>'
        for status in (AGREES, DIFFERS, NO_DATA, UNMAPPED)
    )
    where = f"单位 {escape(reading.unit)}，{reading.period}年数据" if reading.unit else "未对照数据"
    return (
        f'<div class="summary"><span>数据陈述 {len(reading.claims)} 处（{where}）</span>'
        f'<span class="legend">{legend}</span></div>'
    )


def _areas(reading: ReportReading) -> str:
    if not reading.covered_areas and not reading.uncovered_areas:
        return ""
    items = [f"<li>{escape(a.code)} {escape(a.name)}</li>" for a in reading.covered_areas]
    items += [
        f'<li class="uncovered">{escape(a.code)} {escape(a.name)}（报告未涉及）</li>'
        for a in reading.uncovered_areas
    ]
    return f'<details class="areas"><summary>一级指标覆盖情况</summary><ul>{"".join(items)}</ul></details>'


def _findings(reading: ReportReading) -> str:
    if not reading.findings:
        return ""
    items = "".join(
        f'<li class="{"ok" if f.ok else "bad"}">{escape(f.message_zh)}</li>' for f in reading.findings
    )
    return f'<details class="findings" open><summary>报告内部核对</summary><ul>{items}</ul></details>'


def _marked(reading: ReportReading) -> str:
    start, end = reading.body
    text = reading.text
    out: list[str] = []
    position = start
    for claim in sorted(reading.claims, key=lambda c: c.claim.start):
        if claim.claim.start < position or claim.claim.end > end:
            continue
        out.append(escape(text[position : claim.claim.start]))
        out.append(
            f'<mark class="claim {claim.status}" title="{escape(_title(claim))}" '
            f'data-start="{claim.claim.start}" data-end="{claim.claim.end}">'
            f"{escape(text[claim.claim.start : claim.claim.end])}{_sign(claim.status)}"
            f'<span class="status-word">（{STATUS_ZH[claim.status]}）</span></mark>'
        )
        position = claim.claim.end
    out.append(escape(text[position:end]))
    return "".join(out)


def _sign(status: str) -> str:
    sign = SIGNS[status]
    return f'<span class="sign" aria-hidden="true">{sign}</span>' if sign else ""


def _title(claim: ClaimReading) -> str:
    status = STATUS_ZH[claim.status]
    if claim.target is None:
        if claim.about == "context":
            return f"{status}：背景数据（单位的基本情况），方案中没有对应的数据项或指标"
        if claim.claim.kind == "target":
            return f"{status}：目标或计划数字，不与实际数据核对"
        return f"{status}：未对应到方案的数据项或指标"
    head = f"{status}：{claim.target.name}（{claim.target.code}，置信度 {claim.confidence:.2f}）"
    comparison = claim.comparison
    if claim.status == DIFFERS:
        return f"{head}；报告：{claim.claim.text}；{comparison.reason}"
    return f"{head}；{comparison.reason}" if comparison.reason else head

"""axe-core in the browser tests: run it on a page, and say what it found in a readable way.

axe-core is vendored (``vendor/``, see ``vendor/README.md``): the tests run offline. It is put in
the page through the DevTools protocol, which the page's Content-Security-Policy does not govern,
so the pages are checked under their real policy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE_VERSION = "4.14.1"
AXE = Path(__file__).parent / "vendor" / f"axe-core-{AXE_VERSION}.min.js"
# GB/T 37668-2019 follows WCAG 2.0: its level A and AA rules.
WCAG_20_AA = ["wcag2a", "wcag2aa"]
BLOCKING = ("serious", "critical")

_RUN = """(tags) => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
  .then((results) => results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    targets: v.nodes.map((n) => n.target.join(" ")),
    summaries: v.nodes.map((n) => n.failureSummary || ""),
  })))"""


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """What axe-core finds on ``page`` as it is now, against WCAG 2.0 A and AA."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = page.evaluate(_RUN, WCAG_20_AA)
    return found


def blocking(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [v for v in violations if v["impact"] in BLOCKING]


def describe(where: str, violations: list[dict[str, Any]]) -> str:
    """One violation a paragraph: its id, impact and help, then each element it names (at most 8)."""
    lines = []
    for v in violations:
        lines.append(f"{where}: {v['id']} ({v['impact']}) — {v['help']} [{v['helpUrl']}]")
        for target, summary in list(zip(v["targets"], v["summaries"], strict=True))[:8]:
            first = summary.splitlines()[1].strip() if summary.count("\n") else summary
            lines.append(f"    {target}  {first}")
        if len(v["targets"]) > 8:
            lines.append(f"    … and {len(v['targets']) - 8} more")
    return "\n".join(lines)

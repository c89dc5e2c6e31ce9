"""Reading a narrative report: precision and recall on the hand-labelled seed, and the time taken.

    .venv/bin/python benchmarks/reader.py [--repeat 20]

The seed is Jiangbei's 2022 self-evaluation report as saved from its web page
(``src/dudao/samples/chongqing/jiangbei_2022_report.txt``), labelled by hand in
``tests/reader/fixtures/jiangbei_2022_claims.yaml``. It times claim extraction alone, the whole
reading (sections, areas, claims, mapping, checks against unit 500105 of the bundled data, with
the scheme already evaluated), and the one-off evaluation of the bundled scheme, beside a plain
``re.findall`` of every number in the same text (the floor under any extractor). Writes the
"reader" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import yaml

from common import ROOT, machine, median_seconds, write_section
from dudao.engine import evaluate
from dudao.reader import read_report
from dudao.reader.claims import extract_claims
from dudao.reader.scoring import score
from dudao.reader.text import text_of
from dudao.samples import bundled_dataset, bundled_scheme_path
from dudao.scheme import read_scheme

FIXTURE = ROOT / "tests" / "reader" / "fixtures" / "jiangbei_2022_claims.yaml"
_NUMBER = re.compile(r"\d+(\.\d+)?")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    labels = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    source = ROOT / labels["source"]
    report = text_of(source)
    text = report.text
    result = score(extract_claims(text, report.start, report.end), labels["claims"])
    baseline_numbers = len(_NUMBER.findall(text))

    scheme, dataset = read_scheme(bundled_scheme_path()), bundled_dataset()
    started = time.perf_counter()
    results = evaluate(scheme, dataset)
    evaluation = time.perf_counter() - started

    baseline = median_seconds(lambda: _NUMBER.findall(text), args.repeat)
    extraction = median_seconds(lambda: extract_claims(text, report.start, report.end), args.repeat)
    plain = median_seconds(lambda: read_report(Path(source)), args.repeat)
    checked = median_seconds(
        lambda: read_report(Path(source), scheme=scheme, dataset=dataset, unit="500105", results=results),
        args.repeat,
    )
    reading = read_report(Path(source), scheme=scheme, dataset=dataset, unit="500105", results=results)
    counts = reading.counts()
    kinds = ", ".join(f"{kind} {share:.0%}" for kind, share in result.kind_accuracy.items())
    lines = [
        "## Reading a narrative report",
        "",
        f"`.venv/bin/python benchmarks/reader.py --repeat {args.repeat}` (median of {args.repeat}), on "
        f"{machine()}. The seed is Jiangbei's 2022 self-evaluation report as saved from its web page "
        f"({len(text):,} characters with the navigation), labelled by hand ({result.labelled} claims).",
        "",
        "| measure | value |",
        "|---|---:|",
        "| claims labelled / extracted / matched | "
        f"{result.labelled} / {result.predicted} / {result.matched} |",
        f"| precision | {result.precision:.3f} |",
        f"| recall | {result.recall:.3f} |",
        f"| kind accuracy (matched claims) | {result.accuracy['kind']:.0%} ({kinds}) |",
        f"| qualifier accuracy | {result.accuracy['qualifier']:.0%} |",
        f"| period accuracy | {result.accuracy['period']:.0%} |",
        f"| claims checked against unit 500105: agree / differ / no data / not mapped | "
        f"{counts.get('agrees', 0)} / {counts.get('differs', 0)} / {counts.get('no_data', 0)} / "
        f"{counts.get('unmapped', 0)} |",
        "",
        "| step | ms |",
        "|---|---:|",
        f'| baseline: `re.findall(r"\\d+(\\.\\d+)?", text)` ({baseline_numbers} numbers, no units, '
        f"no spans) | {baseline * 1000:.2f} |",
        f"| claim extraction alone | {extraction * 1000:.2f} |",
        f"| `read_report(path)`: file, body, sections, claims, internal checks | {plain * 1000:.2f} |",
        f"| `read_report(path, scheme, dataset, unit, results)`: + areas, mapping, checks against the data "
        f"| {checked * 1000:.2f} |",
        f"| one-off: evaluating the bundled scheme over the bundled data (once per scheme and data) "
        f"| {evaluation * 1000:.0f} |",
    ]
    write_section("reader", lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()

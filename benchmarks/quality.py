"""Data quality: the signals of fabricated data against planted anomalies, and what a report costs.

    .venv/bin/python benchmarks/quality.py [--seeds 20] [--repeat 5]

**Precision and recall.** The bundled round (38 districts, ~1,500 schools, 2021) with anomalies
planted by ``dudao.samples.anomalies`` — per seed, 5 groups of 5 schools sharing a copied
value, 5 schools whose counts were rewritten as round numbers, 5 values multiplied or divided by
3, 5 shares moved 3–8 points from their counts — over ``--seeds`` seeds. A flag is a unit a
signal names; it is right when the unit carries that kind's label. A second planting copies any
value ≥ 100, not only values no other school has, to show what the identical-value signal
cannot tell from chance.

**False leads.** The signals on clean generated data: the bundled round (both years), three more
generated cities and a generated province of 20,000 schools.

**Time.** ``quality_report`` (reading the values, checks, outliers, completeness, signals) and
its parts, city and province, beside a baseline measured in the same run: the modified z-score
pass an analyst would write in plain pandas (the period's values joined with the units, the
median per element, level and school type, then the median absolute deviation). Writes the
"quality" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from tempfile import TemporaryDirectory

import pandas as pd

from common import machine, median_seconds, write_section
from dudao.data.quality import (
    FABRICATION_SIGNALS,
    QualityInput,
    find_outliers,
    find_signals,
    quality_report,
    write_workbook,
)
from dudao.engine.dataset import Dataset
from dudao.samples import bundled_dataset, bundled_scheme_path, to_dataset
from dudao.samples.anomalies import KINDS, plant_anomalies
from dudao.samples.generate import generate_chongqing, generate_province
from dudao.scheme import Scheme, read_scheme

NAMES = {
    "identical": "identical values across schools (多校数值相同)",
    "digits": "terminal-digit preference (末位数字偏好)",
    "jump": "implausible jumps (异常跳变)",
    "percentage": "shares that do not match their counts (比率与计数不符)",
}


def scores(scheme: Scheme, dataset: Dataset, seeds: int, distinctive: bool) -> dict[str, Counter[str]]:
    """Per kind: planted, right, missed, flagged clean units, flagged units of another kind."""
    tally: dict[str, Counter[str]] = {kind: Counter() for kind in KINDS}
    for seed in range(seeds):
        planted = plant_anomalies(scheme, dataset, seed=1000 + seed, distinctive=distinctive)
        found: dict[str, set[str]] = {kind: set() for kind in KINDS}
        for signal in find_signals(
            QualityInput(scheme, planted.dataset, planted.period), FABRICATION_SIGNALS
        ):
            found[signal.kind].update(signal.units)
        for kind in KINDS:
            labelled, flagged = planted.units(kind), found[kind]
            tally[kind].update(
                planted=len(labelled),
                right=len(labelled & flagged),
                clean=len(flagged - planted.units()),
                other=len((flagged & planted.units()) - labelled),
            )
    return tally


def clean_leads(scheme: Scheme, province: Dataset) -> list[dict[str, object]]:
    cases = [
        ("bundled round, 2021", bundled_dataset(), 2021),
        ("bundled round, 2020", bundled_dataset(), 2020),
    ]
    cases += [
        (f"generated city, seed {s}", to_dataset(generate_chongqing(s), "city"), 2021) for s in (7, 8, 2023)
    ]
    cases.append(("generated province, 20,000 schools", province, 2021))
    rows = []
    for name, dataset, period in cases:
        signals = find_signals(QualityInput(scheme, dataset, period), FABRICATION_SIGNALS)
        schools = sum(u.level == "school" for u in dataset.units)
        rows.append(
            {
                "data": name,
                "schools": schools,
                "leads": len(signals),
                "kinds": dict(Counter(s.kind for s in signals)),
                "seen": [s.seen_zh for s in signals],
            }
        )
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    return rows


def baseline(dataset: Dataset, period: int) -> pd.DataFrame:
    """The modified z-score an analyst would write: join, median per group, MAD per group."""
    values = dataset.values[dataset.values["period"] == period]
    units = dataset.unit_frame[["level", "school_type"]]
    frame = values.join(units, on="unit").dropna(subset=["value"])
    keys = ["element", "level", "school_type"]
    median = frame.groupby(keys)["value"].transform("median")
    deviation = (frame["value"] - median).abs()
    mad = deviation.groupby([frame[k] for k in keys]).transform("median")
    return frame.assign(score=0.6745 * (frame["value"] - median) / mad)


def timings(scheme: Scheme, name: str, dataset: Dataset, repeat: int) -> dict[str, object]:
    period = scheme.info.period
    report = quality_report(scheme, dataset)
    with TemporaryDirectory() as folder:
        path = Path(folder) / "quality.xlsx"
        row: dict[str, object] = {
            "scale": name,
            "schools": sum(u.level == "school" for u in dataset.units),
            "values": int((dataset.values["period"] == period).sum()),
            "report": median_seconds(lambda: quality_report(scheme, dataset), repeat),
            "read": median_seconds(lambda: QualityInput(scheme, dataset, period).now, repeat),
            "outliers": median_seconds(lambda: find_outliers(_ready(scheme, dataset)), repeat),
            "signals": median_seconds(
                lambda: find_signals(_ready(scheme, dataset), FABRICATION_SIGNALS), repeat
            ),
            "workbook": median_seconds(lambda: write_workbook(report, path), max(1, repeat // 2)),
            "baseline": median_seconds(lambda: baseline(dataset, period), repeat),
            "findings": len(report.failures) + len(report.outliers) + len(report.signals),
        }
    print(json.dumps(row, ensure_ascii=False), flush=True)
    return row


_READY: dict[int, QualityInput] = {}


def _ready(scheme: Scheme, dataset: Dataset) -> QualityInput:
    """The values read once, so a part's time is the part alone."""
    if id(dataset) not in _READY:
        data = QualityInput(scheme, dataset, scheme.info.period)
        data.at(scheme.info.period), data.at(scheme.info.period - 1)  # read them now
        _READY[id(dataset)] = data
    return _READY[id(dataset)]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    scheme = read_scheme(bundled_scheme_path())
    dataset = bundled_dataset()
    distinctive = scores(scheme, dataset, args.seeds, distinctive=True)
    any_value = scores(scheme, dataset, args.seeds, distinctive=False)["identical"]
    print(
        json.dumps({k: dict(v) for k, v in distinctive.items()} | {"identical, any value": dict(any_value)}),
        flush=True,
    )
    province = to_dataset(generate_province(20000, 150, seed=1), source="province")
    clean = clean_leads(scheme, province)
    times = [
        timings(scheme, "city", dataset, args.repeat),
        timings(scheme, "province", province, args.repeat),
    ]
    write_report(args, distinctive, any_value, clean, times)


PLANTING = """
The bundled round (38 districts, ~1,500 schools, 2021) with anomalies planted by
`dudao.samples.anomalies`, over {seeds} seeds; each seed plants, each kind in units of its own:
5 groups of 5 schools sharing a value copied from one of them (a value no other school
reports), 5 schools whose counts were rewritten as round numbers, 5 values ×3 or ÷3 (schools
and districts), 5 reported shares moved 3–8 points from their counts. A flag is a unit a signal
names. **precision** = flagged units carrying that kind's label ÷ all units the signal flagged;
**recall** = labelled units flagged ÷ labelled units. Default thresholds (docs/data-quality.md).
"""
LIMITS = """
The misses of the first planting are copies into a district whose own schools crowd around the
copied value (江北区 has 150 kindergartens: five at 290 with 14 more within ±10 % are less
surprising than five anywhere else). A copied *common* value (say five schools of a district with
120 teachers where eight schools elsewhere have 120) is what chance produces too; the signal
leaves it by design, hence the lower recall of the second planting. The terminal-digit test needs
10 distinct whole counts ≥ 10 in a unit, so it is planted in schools that report that many (no
kindergarten does in this scheme).
"""
SEAM = """
Jiangbei (江北区, 500105) carries real 2021 figures from its report over generated 2020 values.
Where a real figure is a ratio of other elements (教师继续教育经费 at 4 % of payroll), the
generator keeps its drawn 2020 ratio, so a real 4 % can follow a drawn 1.7 %: the jump signal
names that seam, rightly. The bundled seed (2022) draws a 2020 value close enough (×1.86) to
stay under ×2.
"""
TIMES = """
Time per run, median of runs, in one process. **report** = `quality_report` for the whole city
or province (reading the values, checks, plausibility ranges, last-year changes, outliers,
completeness, the four signals); **read**, **outliers**, **signals** = those parts alone;
**workbook** = writing it as xlsx; **baseline** = the plain-pandas modified z-score pass over the
same values (join, median per element, level and school type, median absolute deviation).
"""


def paragraph(text: str, **values: object) -> str:
    return " ".join(text.format(**values).split())


def write_report(
    args: argparse.Namespace,
    tally: dict[str, Counter[str]],
    any_value: Counter[str],
    clean: list[dict[str, object]],
    times: list[dict[str, object]],
) -> None:
    lines = [
        "## Data quality: signals of fabricated data, and the report's cost",
        "",
        f"`.venv/bin/python benchmarks/quality.py --seeds {args.seeds} --repeat {args.repeat}`, on "
        f"{machine()}. " + paragraph(PLANTING, seeds=args.seeds),
        "",
        "| signal | planted units | flagged right | missed | clean units flagged "
        "| units of another kind flagged | precision | recall |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    rows = [(NAMES[kind], tally[kind]) for kind in KINDS]
    rows.append(("identical values, copies of *any* value ≥ 100", any_value))
    for name, t in rows:
        flagged = t["right"] + t["clean"] + t["other"]
        precision = t["right"] / flagged if flagged else 1.0
        lines.append(
            f"| {name} | {t['planted']:,} | {t['right']:,} | {t['planted'] - t['right']:,} | {t['clean']} | "
            f"{t['other']} | {precision:.1%} | {t['right'] / t['planted']:.1%} |"
        )
    lines += [
        "",
        paragraph(LIMITS),
        "",
        "False leads on clean generated data (default thresholds):",
        "",
        "| data | schools | leads | what they saw |",
        "|---|---:|---:|---|",
    ]
    for row in clean:
        kinds = ", ".join(f"{k} {n}" for k, n in row["kinds"].items()) if row["kinds"] else ""  # type: ignore[attr-defined]
        seen = "; ".join(row["seen"])  # type: ignore[call-overload]
        count = f"{row['leads']}{f' ({kinds})' if kinds else ''}"
        lines.append(f"| {row['data']} | {row['schools']:,} | {count} | {seen} |")
    if any("江北区" in text for row in clean for text in row["seen"]):  # type: ignore[attr-defined]
        lines += ["", paragraph(SEAM)]
    lines += [
        "",
        paragraph(TIMES),
        "",
        "| scale | schools | values (2021) | findings | report (s) | read (s) | outliers (s) | signals (s) | "
        "workbook (s) | baseline (s) | report ÷ baseline | outliers ÷ baseline |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for t in times:
        report, base = float(t["report"]), float(t["baseline"])  # type: ignore[arg-type]
        lines.append(
            f"| {t['scale']} | {t['schools']:,} | {t['values']:,} | {t['findings']:,} | {report:.2f} | "
            f"{float(t['read']):.2f} | {float(t['outliers']):.2f} | {float(t['signals']):.2f} | "  # type: ignore[arg-type]
            f"{float(t['workbook']):.2f} | {base:.3f} | {report / base:.0f} | "  # type: ignore[arg-type]
            f"{float(t['outliers']) / base:.1f} |"  # type: ignore[arg-type]
        )
    write_section("quality", lines)


if __name__ == "__main__":
    main()

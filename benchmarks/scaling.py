"""How cost grows with the number of schools: time and peak memory at 1.5k, 20k, 100k, 500k.

    .venv/bin/python benchmarks/scaling.py [--repeat 3]

Each point is a fresh process (``benchmarks/measure.py dudao``) that reads the generated
snapshot and evaluates both bundled schemes' districts on DuckDB. Writes the "scaling" section.
"""

from __future__ import annotations

import argparse

from common import child, snapshot_for, write_section

POINTS = (("city", None), ("province", None), ("nation", 100000), ("nation", None))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = []
    for scale, schools in POINTS:
        folder, facts = snapshot_for(scale, schools)
        for scheme in ("cq-district-2022", "cq-balanced-2022"):
            result = child("dudao", "--data", str(folder), "--scheme", scheme, "--repeat", str(args.repeat))
            rows.append({"scheme": scheme, **facts, **result})
            print(rows[-1], flush=True)
    lines = [
        "## Scaling",
        "",
        f"`.venv/bin/python benchmarks/scaling.py --repeat {args.repeat}`: a fresh process per point "
        "reads the snapshot and evaluates (warm = median of later runs in that process). "
        "**per 1k schools** = warm time ÷ thousands of schools: flat means linear.",
        "",
        "| schools | counties | values | generated in (s) | scheme | read (s) | warm (s) "
        "| warm per 1k schools (ms) | peak (GiB) |",
        "|---:|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['schools']:,} | {r['counties']:,} | {r['values']:,} | {r['seconds']:.0f} | "
            f"{r['scheme']} | {r['read']:.2f} | {r['warm']:.3f} | "
            f"{r['warm'] / r['schools'] * 1e6:.2f} | {r['peak_gib']:.2f} |"
        )
    write_section("scaling", lines)


if __name__ == "__main__":
    main()

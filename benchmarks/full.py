"""Full evaluation from snapshots at city, province and nation scale, against two baselines.

    .venv/bin/python benchmarks/full.py [--repeat 5] [--scales city,province,nation]

For each scale and bundled scheme, in fresh processes (``benchmarks/measure.py``):

- **dudao**: read the snapshot, evaluate on DuckDB (first run, then warm), peak memory;
- **pandas**: the same scheme through ``benchmarks/pandas_baseline.py`` on the same prepared
  inputs, checked equal to dudao's numbers;
- **floor**: one numpy pass over the bytes the evaluation reads (the memory-bandwidth floor).

Writes the "full" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse

from common import child, snapshot_for, write_section

SCHEMES = ("cq-district-2022", "cq-balanced-2022")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--scales", default="city,province,nation")
    args = parser.parse_args()
    rows = []
    for scale in args.scales.split(","):
        folder, facts = snapshot_for(scale)
        for scheme in SCHEMES:
            common = ["--data", str(folder), "--scheme", scheme, "--repeat", str(args.repeat)]
            ours = child("dudao", *common)
            theirs = child("pandas", *common)
            # Pivoting the long values every run is minutes at national scale: city and province.
            long = child("pandas-long", *common) if scale != "nation" else {}
            rows.append({"scale": scale, "scheme": scheme, **facts, **ours, **theirs, **long})
            print(rows[-1], flush=True)
    lines = [
        "## Full evaluation from snapshots",
        "",
        f"`.venv/bin/python benchmarks/full.py --repeat {args.repeat}`. Data from `dudao synth --scale S "
        "--seed 1`. **new process** = read the snapshot + first evaluation (compiled SQL from the "
        "on-disk cache); **warm** = `evaluate()` again in that process (median); peak = that "
        "process's peak resident memory. **pandas** = the same scheme in pandas on the same "
        "prepared inputs (median, warm), checked equal to ours (1e-9); **floor** = one numpy pass "
        "over the input columns the evaluation reads. **pandas from long** = the same pandas, "
        "as an analyst runs it on the values as collected (long: unit, element, period, value), "
        "pivoting them on every run (city and province only).",
        "",
        "| scale | schools | counties | scheme | read snapshot (s) | new process: read + evaluate (s) "
        "| warm (s) | peak (GiB) | pandas warm (s) | pandas ÷ dudao | equal | pandas from long (s) "
        "| pandas from long ÷ dudao | floor (ms) | dudao ÷ floor |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['scale']} | {r['schools']:,} | {r['counties']:,} | {r['scheme']} | {r['read']:.2f} | "
            f"{r['read'] + r['first']:.2f} | {r['warm']:.3f} | {r['peak_gib']:.2f} | "
            f"{r['pandas_warm']:.3f} | {r['pandas_warm'] / r['warm']:.1f} | "
            f"{'yes' if r['equal'] else 'NO'} | {_long(r)} | {r['floor'] * 1000:.1f} | "
            f"{r['warm'] / r['floor']:.0f} |"
        )
    write_section("full", lines)


def _long(r: dict[str, float]) -> str:
    if "pandas_long_warm" not in r:
        return "— | —"
    return f"{r['pandas_long_warm']:.2f} | {r['pandas_long_warm'] / r['warm']:.1f}"


if __name__ == "__main__":
    main()

"""Run one fuzz target in this process and print what happened as one JSON line.

    python -m tests.fuzz.run formula --cases 2000 [--seed 0]

A case passes when the reader returns or raises one of dudao's errors with a located message
(tests/fuzz/targets.py). The line gives the cases run, the failures (the input, shortened, and the
traceback's last line), the slowest case in seconds and this process's peak memory in MiB.
tests/fuzz/test_fuzz.py runs each target so, in a process of its own, and judges the line.
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, seed, settings

from tests.fuzz.targets import TARGETS, accepted

CASE_LIMIT_S = 20
MEMORY_LIMIT_BYTES = 3 * 1024**3


class Hang(Exception):
    """A case ran past CASE_LIMIT_S."""


def _hang(signum: int, frame: object) -> None:
    raise Hang(f"still running after {CASE_LIMIT_S} s")


def run(name: str, cases: int, random_seed: int) -> dict[str, Any]:
    target = TARGETS[name]
    failures: list[dict[str, str]] = []
    count = 0
    slowest = 0.0

    @seed(random_seed)
    @settings(
        max_examples=cases,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(target.inputs)
    def case(value: Any) -> None:
        nonlocal count, slowest
        count += 1
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            # Again every second after the limit: a signal that lands in a garbage-collector callback is lost.
            signal.setitimer(signal.ITIMER_REAL, CASE_LIMIT_S, 1.0)
            try:
                target.feed(value, Path(folder))
            except Exception as error:
                if not _passes(error):
                    failures.append({"input": _short(value), "error": _last_line(error)})
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            slowest = max(slowest, time.perf_counter() - started)

    case()
    peak = _peak_mib()
    return {
        "target": name,
        "cases": count,
        "failures": failures[:20],
        "failed": len(failures),
        "slowest_s": round(slowest, 3),
        "peak_mib": round(peak, 1),
    }


def _peak_mib() -> float:
    """This process's own peak memory. Not ``ru_maxrss``: Linux carries the parent's peak into a
    process started with vfork and exec (as subprocess does), so a child of a large test worker
    would report the worker's peak."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kib = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
    return kib / 1024


def _passes(error: Exception) -> bool:
    try:
        return accepted(error)
    except AssertionError:
        return False


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 300 else f"{text[:200]} … ({len(text)} characters) … {text[-60:]}"


def _last_line(error: BaseException) -> str:
    lines = traceback.format_exception(error)
    where = [line for line in lines if line.lstrip().startswith('File "') and "/dudao/" in line]
    return f"{type(error).__name__}: {str(error)[:300]}" + (f" at {where[-1].strip()}" if where else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", choices=sorted(TARGETS))
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    # A case that hangs or grows without bound is stopped and counted, so the rest still run.
    signal.signal(signal.SIGALRM, _hang)
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    logging.disable(logging.WARNING)  # pypdf warns on every damaged PDF; the cases judge the outcome
    print(json.dumps(run(args.target, args.cases, args.seed), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())

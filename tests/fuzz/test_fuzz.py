"""Fuzz every reader of user input (tests/fuzz/targets.py), each target in a process of its own.

Everyday runs try a few hundred cases per target; CI (``CI=true``) tries thousands, the figures
SECURITY.md reports. ``DUDAO_FUZZ_CASES`` and ``DUDAO_FUZZ_SEED`` override both, for a longer hunt:

    DUDAO_FUZZ_CASES=20000 DUDAO_FUZZ_SEED=7 .venv/bin/pytest tests/fuzz -n 2

A target fails on any crash (an exception that is not dudao's own, located error), on a case
slower than ``SLOWEST_S`` and on a process that grew beyond ``PEAK_MIB``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fuzz.targets import TARGETS

ROOT = Path(__file__).resolve().parents[2]
SLOWEST_S = 20.0  # the runner stops a case at 20 s; a shared CI machine may be slow
PEAK_MIB = 1024
# Cases per target in CI: thousands where a case is cheap, fewer where each builds a workbook
# or a scheme (a few hundredths of a second each) so the suite stays within its budget.
CI_CASES = {"workbook": 1000, "scheme": 1000, "dhis2": 1500, "adx": 1500}
CI_DEFAULT = 2000
EVERYDAY_CASES = 150


def cases_for(target: str) -> int:
    if "DUDAO_FUZZ_CASES" in os.environ:
        return int(os.environ["DUDAO_FUZZ_CASES"])
    if os.environ.get("CI") == "true":
        return CI_CASES.get(target, CI_DEFAULT)
    return EVERYDAY_CASES


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_no_reader_crashes_hangs_or_grows_without_bound(target: str) -> None:
    cases = cases_for(target)
    seed = os.environ.get("DUDAO_FUZZ_SEED", "0")
    run = subprocess.run(
        [sys.executable, "-m", "tests.fuzz.run", target, "--cases", str(cases), "--seed", seed],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])},
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    outcome = json.loads(run.stdout.strip().splitlines()[-1])
    assert outcome["failures"] == [], json.dumps(outcome["failures"][:5], ensure_ascii=False, indent=1)
    # Hypothesis stops early only when it has tried every input the strategy can make.
    assert outcome["cases"] >= min(cases, 50)
    assert outcome["slowest_s"] < SLOWEST_S, outcome
    assert outcome["peak_mib"] < PEAK_MIB, outcome

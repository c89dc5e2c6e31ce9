"""The README's commands set up what the run needs on a fresh Debian machine.

A library that only arrives as a dependency of another package (Chromium brought HarfBuzz's
subsetter, so ``./dev test`` passed with ``CI=true`` and failed without it) is not a setup: every
shared library the documents load must come from a package that ``./dev`` names itself.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DEV = Path(__file__).resolve().parent.parent / "dev"

# The shared libraries WeasyPrint opens (weasyprint/text/ffi.py); the subsetter is optional to
# WeasyPrint but its absence is a DeprecationWarning, and our tests treat warnings as errors.
WEASYPRINT_LIBRARIES = (
    "libgobject-2.0.so.0",
    "libpango-1.0.so.0",
    "libharfbuzz.so.0",
    "libharfbuzz-subset.so.0",
    "libfontconfig.so.1",
    "libpangoft2-1.0.so.0",
)


def _named_packages() -> set[str]:
    """Every Debian package named in ``./dev``'s install lists."""
    text = DEV.read_text(encoding="utf-8")
    named: set[str] = set()
    for body in re.findall(r"_PACKAGES=\(([^)]*)\)", text):
        named.update(body.split())
    for line in re.findall(r"apt_install ([^|&;\n]*)", text):
        named.update(word for word in line.split() if re.fullmatch(r"[a-z0-9][a-z0-9.+-]+", word))
    return named


def _package_of(library: str) -> str | None:
    found = subprocess.run(["dpkg", "-S", f"*/{library}"], capture_output=True, text=True, check=False)
    if found.returncode != 0:
        return None
    return found.stdout.split(":", 1)[0]


@pytest.mark.skipif(shutil.which("dpkg") is None, reason="not a Debian machine: ./dev installs nothing here")
@pytest.mark.parametrize("library", WEASYPRINT_LIBRARIES)
def test_dev_names_the_package_of_every_library_the_documents_load(library: str) -> None:
    package = _package_of(library)
    assert package is not None, f"{library} is not installed: ./dev must install the package that provides it"
    assert package in _named_packages(), f"{library} comes from {package}, which ./dev does not name"


def test_weasyprint_loads_without_a_warning() -> None:
    """The import that failed on a fresh machine: a missing subsetter is a DeprecationWarning."""
    run = subprocess.run(
        [sys.executable, "-W", "error", "-c", "import weasyprint"], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr[-2000:]

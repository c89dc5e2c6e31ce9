"""How large an input may be before dudao refuses it, checked before the input is read.

A hostile or broken file must not exhaust the machine: a workbook whose one cell sits at
``XFD1048576`` would make the reader allocate the whole sheet, a deflate bomb named ``.xlsx``
unpacks to gigabytes, a YAML "billion laughs" expands aliases without end, and a formula of
2,000 nested ``-`` signs exhausts the stack. Each bound below is checked first, and breaking
one is a located problem, not a crash.

The bounds on files (sizes, cells) can be raised for a large deployment through the
environment, ``DUDAO_<NAME>`` (for example ``DUDAO_MAX_UNPACKED_BYTES=4294967296``); the bounds
on nesting guard the stack and are fixed.

>>> limit("MAX_ZIP_ENTRIES")
10000
>>> import os; os.environ["DUDAO_MAX_ZIP_ENTRIES"] = "20"; limit("MAX_ZIP_ENTRIES")
20
>>> del os.environ["DUDAO_MAX_ZIP_ENTRIES"]
"""

from __future__ import annotations

import os
import zipfile

from dudao.errors import Location, Problem

DEFAULTS: dict[str, int] = {
    # Office files (.xlsx, .docx) are zip archives: bounded before anything is unpacked.
    "MAX_ZIP_ENTRIES": 10_000,  # files inside the archive
    "MAX_UNPACKED_BYTES": 1 << 30,  # 1 GiB unpacked in all (a 50,000-school template is ~60 MB)
    "MAX_ZIP_RATIO": 200,  # unpacked ÷ packed size of one entry; sheet XML is 5–30, a bomb 1,000+
    # Cells of one sheet as the reader would lay them out, from A1 to the last cell.
    "MAX_SHEET_CELLS": 5_000_000,
    "MAX_EXTRA_ROWS": 1_000,  # rows below the template's last row
    "MAX_EXTRA_COLUMNS": 200,  # columns right of the template's last column
    # Text files.
    "MAX_SCHEME_BYTES": 10 << 20,  # a scheme of 1,000 items is ~0.5 MB
    "MAX_SCHEME_NODES": 500_000,  # YAML values, counting each use of an alias in full
    "MAX_JSON_BYTES": 512 << 20,
}

# Nesting, which Python follows by recursion: fixed, because raising them risks the stack.
MAX_SCHEME_DEPTH = 100  # YAML mappings and lists inside each other
MAX_FORMULA_CHARS = 10_000
MAX_FORMULA_DEPTH = 100  # operators and calls inside each other
MAX_NUMBER_CHARS = 40  # a number literal in a formula


def limit(name: str) -> int:
    """The bound ``name`` (a key of :data:`DEFAULTS`), or ``DUDAO_<name>`` from the environment."""
    value = os.environ.get(f"DUDAO_{name}", "")
    return int(value) if value.strip().isdigit() else DEFAULTS[name]


def amount(count: int, name: str, *, characters: bool = False) -> tuple[str, str]:
    """``count`` bytes (or characters) as said in a message, in Chinese and in English, rounded
    alike wherever dudao says how large an input is: bytes in mebibytes to one decimal where the
    bound is 1 MiB or more, else the exact count, so a limit and the size that broke it read on
    the same scale.

    >>> amount(1_677_722, "MAX_JSON_BYTES")
    ('1.6 MB', '1.6 MB')
    >>> amount(12_345, "MAX_SCHEME_BYTES", characters=True)
    ('12,345 个字符', '12,345 characters')
    """
    if characters:
        return f"{count:,} 个字符", f"{count:,} characters"
    if limit(name) >= 1 << 20:
        text = f"{count / 2**20:.1f} MB"
        return text, text
    return f"{count:,} 字节", f"{count:,} bytes"


def too_large(
    file: str, size: int, name: str, *, what_zh: str, what_en: str, characters: bool = False
) -> Problem:
    """The problem for an input of ``size`` bytes (or characters) above the bound ``name``: it says
    both figures on one scale and the environment variable that raises the bound.

    >>> too_large("a.json", 3 << 29, "MAX_JSON_BYTES", what_zh="文件", what_en="the file").message_en
    'the file has 1536.0 MB, more than the limit of 512.0 MB (set DUDAO_MAX_JSON_BYTES to change it)'
    """
    size_zh, size_en = amount(size, name, characters=characters)
    most = limit(name)
    # The limit is said once for both languages: in MB, or as a bare count on the size's scale.
    most_text = f"{most:,}" if characters or most < 1 << 20 else amount(most, name)[0]
    return Problem.of(
        "file-too-large",
        Location(file),
        what_zh=what_zh,
        what_en=what_en,
        size_zh=size_zh,
        size_en=size_en,
        limit=most_text,
        setting=f"DUDAO_{name}",
    )


def archive_problem(archive: zipfile.ZipFile, file: str) -> Problem | None:
    """Why ``archive`` is refused before unpacking (too many entries, too large unpacked, a
    bomb), or None. Used for every Office file dudao reads (.xlsx, .docx)."""
    entries = archive.infolist()
    most_entries, most_bytes, most_ratio = (
        limit("MAX_ZIP_ENTRIES"),
        limit("MAX_UNPACKED_BYTES"),
        limit("MAX_ZIP_RATIO"),
    )
    if len(entries) > most_entries:
        return Problem.of(
            "file-too-large", Location(file), variant="entries", count=len(entries), limit=most_entries
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > most_bytes:
        return Problem.of(
            "file-too-large",
            Location(file),
            variant="unpacked",
            size=f"{unpacked / 2**20:.0f}",
            limit=f"{most_bytes / 2**20:.0f}",
        )
    for entry in entries:
        if entry.file_size > 1 << 20 and entry.file_size > most_ratio * max(entry.compress_size, 1):
            ratio = entry.file_size / max(entry.compress_size, 1)
            return Problem.of(
                "zip-bomb", Location(file), entry=entry.filename, ratio=f"{ratio:.0f}", limit=most_ratio
            )
    return None

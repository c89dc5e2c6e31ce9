"""What an uploaded file may be named and hold: the checks every upload passes before it is kept.

Evidence files, narrative reports and imported workbooks all pass :func:`upload_problem`, which
looks, in this order, at

1. the **name**: it is a label only (files are stored under their SHA-256), yet it is shown,
   offered as a download name and, for imports, written into a temporary folder, so a name with a
   path in it (``../``, ``/etc/…``, ``C:``, ``\\``), a control or direction-changing character
   (``NUL``, ``U+202E``), no name at all (``..``) or over 255 bytes is refused, not repaired;
2. an Office **archive** (.docx, .xlsx, any zip): its directory, read before anything unpacks,
   must stay within the bounds of :mod:`dudao.limits` (entries, unpacked bytes, packing ratio of
   one entry), as for every Office file dudao reads;
3. **macros**: an Office file with a VBA project (``vbaProject.bin`` in a .docx/.xlsx, a
   macro-enabled content type as in .docm/.xlsm/.pptm, Excel 4.0 macro sheets, or a ``VBA``
   storage in a .doc/.xls) is refused, with what to do: save it again as .docx/.xlsx without
   macros.

Each check returns a :class:`~dudao.errors.Problem` (Chinese and English; the ``upload-*`` codes
of :mod:`dudao.problems`) or ``None``.

>>> name_problem("../../etc/passwd").code
'upload-name-path'
>>> name_problem("2021年江北区自评报告.docx") is None
True
"""

from __future__ import annotations

import io
import struct
import unicodedata
import zipfile
from typing import Any

import olefile
from django.utils.translation import get_language

from dudao import limits
from dudao.errors import Location, Problem
from dudao.store.entry.services import EntryRefused

MAX_NAME_BYTES = 255  # what most file systems allow for one name (85 Chinese characters)
_CONTENT_TYPES = "[Content_Types].xml"
_CONTENT_TYPES_BYTES = 1 << 20  # a real one is a few KB
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
# Words that mark macros in an OOXML package: parts and content types (lower case).
_OOXML_MACRO_MARKS = ("vbaproject", "macroenabled", "macrosheet", "vbadata")
# Storages that hold a VBA project in the old formats: Word's Macros/VBA, Excel's _VBA_PROJECT_CUR/VBA.
_OLE_MACRO_STORAGES = {"vba", "macros", "_vba_project_cur", "_vba_project"}
_BOUNDSHEET, _BIFF_EOF, _MACRO_SHEET = 0x0085, 0x000A, 0x01  # BIFF8 records (MS-XLS 2.4.28)
_UNPRINTABLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}  # controls, format (bidi) characters, …


def upload_problem(name: str, data: bytes) -> Problem | None:
    """Why the upload ``name`` holding ``data`` is refused (name, archive bounds, macros), or None."""
    return name_problem(name) or archive_problem(name, data) or macro_problem(name, data)


def name_problem(name: str) -> Problem | None:
    """Why ``name`` cannot name an uploaded file, or None (see the module docstring)."""
    shown = "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in _UNPRINTABLE else c for c in name[:80])
    if not name.strip() or set(name.strip()) <= {"."}:
        return _problem("upload-name-empty", name, name=shown)
    if "/" in name or "\\" in name or ":" in name or ".." in name.replace("\\", "/").split("/"):
        return _problem("upload-name-path", name, name=shown)
    odd = next((c for c in name if unicodedata.category(c) in _UNPRINTABLE), None)
    if odd is not None:
        return _problem("upload-name-control", name, name=shown, character=f"U+{ord(odd):04X}")
    size = len(name.encode("utf-8"))
    if size > MAX_NAME_BYTES:
        return _problem("upload-name-long", name[:80], size=size, limit=MAX_NAME_BYTES)
    return None


def archive_problem(name: str, data: bytes) -> Problem | None:
    """Why the zip archive ``data`` is refused before unpacking, or None (also when ``data`` is not a
    zip): the bounds every Office file dudao reads is held to (:func:`dudao.limits.archive_problem`)."""
    if not data.startswith(_ZIP):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return limits.archive_problem(archive, name)
    except (zipfile.BadZipFile, ValueError, OSError):
        return _damaged(name)


def macro_problem(name: str, data: bytes) -> Problem | None:
    """Why the Office file ``data`` is refused for holding macros, or None (also for other files).
    Call it after :func:`archive_problem`: it unpacks ``[Content_Types].xml`` (bounded)."""
    try:
        if data.startswith(_ZIP):
            found = _ooxml_macros(data)
        elif data.startswith(_OLE):
            found = _ole_macros(data)
        else:
            return None
    except (zipfile.BadZipFile, ValueError, OSError, struct.error, EOFError):
        return _damaged(name)
    if not found:
        return None
    return _problem("upload-macros", name, name=name, found=found)


def _ooxml_macros(data: bytes) -> str:
    """What marks macros in the OOXML package ``data``: a part or a content type ("" when none)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for entry in archive.infolist():
            lowered = entry.filename.lower()
            if any(mark in lowered for mark in _OOXML_MACRO_MARKS):
                return entry.filename
        if _CONTENT_TYPES not in archive.namelist():
            return ""
        with archive.open(_CONTENT_TYPES) as part:
            declared = part.read(_CONTENT_TYPES_BYTES).decode("utf-8", "replace").lower()
    mark = next((m for m in _OOXML_MACRO_MARKS if m in declared), "")
    return f"{_CONTENT_TYPES}: {mark}" if mark else ""


def _ole_macros(data: bytes) -> str:
    """What marks macros in the old Office file ``data``: a VBA storage or an Excel 4.0 macro sheet."""
    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        for path in ole.listdir(streams=True, storages=True):
            if any(part.lower() in _OLE_MACRO_STORAGES for part in path):
                return "/".join(path)
        if ole.exists("Workbook") and _has_macro_sheet(ole.openstream("Workbook").read()):
            return "Excel 4.0 macro sheet"
    return ""


def _has_macro_sheet(workbook: bytes) -> bool:
    """Whether the BIFF8 workbook globals declare a macro sheet (a BoundSheet8 record of type 1)."""
    at = 0
    while at + 4 <= len(workbook):
        kind, size = struct.unpack_from("<HH", workbook, at)
        if kind == _BIFF_EOF:
            return False
        if kind == _BOUNDSHEET and size >= 6 and workbook[at + 4 + 5] == _MACRO_SHEET:
            return True
        at += 4 + size
    return False


def _damaged(name: str) -> Problem:
    return _problem("upload-damaged", name, name=name)


def _problem(code: str, file: str, **fields: Any) -> Problem:
    """The catalogued problem ``code`` (:mod:`dudao.problems`) about the uploaded file ``file``."""
    return Problem.of(code, Location(file=file), **fields)


_REFUSAL_CODES = {"upload-name": "bad_name", "file-too-large": "too_large", "zip-bomb": "too_large"}


def refusal(problem: Problem, field: str) -> EntryRefused:
    """``problem`` as the refusal of a write to ``field``, in the active language (the API answers
    a name with 422, an archive beyond its bounds with 413, macros or a damaged file with 415)."""
    english = (get_language() or "zh-hans").startswith("en")
    code = next((c for prefix, c in _REFUSAL_CODES.items() if problem.code.startswith(prefix)), "bad_type")
    return EntryRefused({field: problem.message_en if english else problem.message_zh}, code)

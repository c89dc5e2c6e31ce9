"""Office files made for the upload tests: clean ones, ones with macros, and bombs.

OOXML packages are zips; the old .doc/.xls are compound files (CFB, [MS-CFB]), written here by a
small writer of version 3 files: a FAT sector, one directory sector and the streams' sectors
(streams of 4,096 bytes or more, so that no mini stream is needed).
"""

from __future__ import annotations

import io
import struct
import zipfile

_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "docm": "application/vnd.ms-word.document.macroEnabled.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "xlsm": "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "pptm": "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
}
_MAIN = {"docx": "word/document.xml", "docm": "word/document.xml", "xlsx": "xl/workbook.xml"}
_MAIN |= {"xlsm": "xl/workbook.xml", "pptm": "ppt/presentation.xml"}


def ooxml(kind: str, extra: dict[str, bytes] | None = None, entries: int = 0) -> bytes:
    """An Office package whose main part has ``kind``'s content type, with ``extra`` parts and
    ``entries`` more empty parts."""
    main = _MAIN[kind]
    types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Override PartName="/{main}" ContentType="{_TYPES[kind]}"/></Types>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr(main, "<document>督导</document>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
        for i in range(entries):
            archive.writestr(f"customXml/item{i}.xml", "")
    return buffer.getvalue()


def docx_bomb() -> bytes:
    """A .docx whose document part unpacks about 1,000 times larger than it is packed."""
    return ooxml("docx", {"word/media/filler.xml": b" " * (40 << 20)})


_FREE, _END, _FAT_SECTOR, _NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
_SECTOR = 512


def _entry(
    name: str, kind: int, child: int = _NONE, right: int = _NONE, start: int = _END, size: int = 0
) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", _NONE, right, child)
        + b"\0" * 16  # CLSID
        + b"\0" * 4  # state bits
        + b"\0" * 16  # creation and modification times
        + struct.pack("<IQ", start, size)
    )


def compound(storages: list[str], streams: dict[str, bytes]) -> bytes:
    """A compound file whose root holds ``storages`` (each empty but for a ``VBA`` storage when
    named ``Macros`` or ``_VBA_PROJECT_CUR``) and ``streams`` (each padded to 4,096 bytes)."""
    entries: list[bytes] = []
    data = b""
    sectors: list[tuple[int, int]] = []  # first sector and count of each stream
    names = list(streams) + storages
    for name in streams:
        body = streams[name].ljust(4096, b"\0")
        first = 2 + len(data) // _SECTOR
        sectors.append((first, len(body) // _SECTOR))
        data += body
    # Directory: 0 root; children of the root chained as right siblings, from entry 1.
    entries.append(_entry("Root Entry", 5, child=1 if names else _NONE))
    nested: list[bytes] = []
    for i, name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else _NONE
        if name in streams:
            first, _count = sectors[i]
            entries.append(
                _entry(name, 2, right=right, start=first, size=len(streams[name].ljust(4096, b"\0")))
            )
        else:
            vba = 1 + len(names) + len(nested)
            entries.append(_entry(name, 1, right=right, child=vba))
            nested.append(_entry("VBA", 1))
    entries += nested
    if len(entries) > _SECTOR // 128:
        raise ValueError("the sample's directory holds one sector: four entries at most")
    directory = b"".join(entries).ljust(_SECTOR, b"\0")
    # Sectors: 0 the FAT, 1 the directory, then each stream's sectors in a row.
    fat = [_FAT_SECTOR, _END]
    for first, count in sectors:
        fat += [first + k + 1 for k in range(count - 1)] + [_END]
    fat_sector = struct.pack(f"<{len(fat)}I", *fat).ljust(_SECTOR, b"\xff")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<I", 0)
        + b"\xff" * (4 * 108)
    )
    return header + fat_sector + directory + data


def biff_workbook(macro_sheet: bool) -> bytes:
    """A BIFF8 workbook stream's globals: one BoundSheet8 record (a worksheet or a macro sheet), EOF."""
    name = b"\x05\x00Sheet"  # ShortXLUnicodeString: 5 characters, compressed
    sheet = struct.pack("<IBB", 0, 0, 1 if macro_sheet else 0) + name
    return (
        struct.pack("<HH", 0x0809, 0)
        + struct.pack("<HH", 0x0085, len(sheet))
        + sheet
        + struct.pack("<HH", 0x000A, 0)
    )

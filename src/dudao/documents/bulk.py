"""Writing documents to files: one at a time, or every unit's at once into a folder and a zip.

Building a document is quick; laying out a PDF is not (about a second each), so
:func:`write_all` lays documents out in worker processes and reports each one as it lands.
Every file is written beside its target and moved in place, and the zip is written last, so an
interrupted run leaves no half-written file behind.

>>> file_name(Document("feedback", "标题", (), unit="500105", unit_name="江北区"), "docx")
'500105江北区督导意见书.docx'
"""

from __future__ import annotations

import io
import multiprocessing
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from dudao.documents.docx_writer import write_docx
from dudao.documents.html_writer import render_html
from dudao.documents.model import KIND_NAMES, Document
from dudao.documents.pdf_writer import write_pdf

FORMATS = ("docx", "pdf", "html")
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "zip": "application/zip",
}


def render(document: Document, format: str) -> bytes:
    """The document as the bytes of a ``docx``, ``pdf`` or ``html`` file."""
    if format == "html":
        return render_html(document).encode("utf-8")
    buffer = io.BytesIO()
    if format == "docx":
        write_docx(document, buffer)
    elif format == "pdf":
        write_pdf(document, buffer)
    else:
        raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    return buffer.getvalue()


def file_name(document: Document, format: str) -> str:
    """``500105江北区自评报告.docx``; the summary is named by its title."""
    kind = KIND_NAMES[document.kind][0]
    stem = f"{document.unit}{document.unit_name}{kind}" if document.unit else document.title
    return f"{_safe(stem)}.{format}"


def _safe(stem: str) -> str:
    return "".join("_" if ch in '/\\:*?"<>|' else ch for ch in stem)


def write_file(data: bytes, target: Path) -> None:
    """Write ``data`` to ``target`` atomically (a temporary file beside it, then a rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; a document is not
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _render_to(document: Document, format: str, folder: str) -> str:
    target = Path(folder) / file_name(document, format)
    write_file(render(document, format), target)
    return target.name


def write_all(
    documents: Iterable[Document],
    format: str,
    folder: Path,
    *,
    workers: int = 0,
    done: Callable[[Document], None] | None = None,
) -> Path:
    """Write each document into ``folder``, then all of them into ``folder``.zip; return the zip.

    ``workers`` processes lay documents out in parallel (0: one per core; 1: in this process).
    """
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    documents = list(documents)
    folder.mkdir(parents=True, exist_ok=True)
    workers = workers or os.cpu_count() or 1
    names: list[str] = []
    if workers == 1 or len(documents) < 2:
        for document in documents:
            names.append(_render_to(document, format, str(folder)))
            if done:
                done(document)
    else:
        # forkserver: the parent may hold evaluation threads (DuckDB) that fork would copy mid-flight
        context = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(max_workers=min(workers, len(documents)), mp_context=context) as pool:
            futures = [pool.submit(_render_to, d, format, str(folder)) for d in documents]
            for document, future in zip(documents, futures, strict=True):
                names.append(future.result())
                if done:
                    done(document)
    archive = (
        folder.with_suffix(".zip") if folder.suffix != ".zip" else folder.with_name(folder.name + ".zip")
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name in names:
            bundle.write(folder / name, arcname=f"{folder.name}/{name}")
    write_file(buffer.getvalue(), archive)
    return archive


def zip_bytes(files: Iterable[tuple[str, bytes]], root: str) -> bytes:
    """A zip of ``(name, data)`` pairs under one folder ``root`` (for downloads)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in files:
            bundle.writestr(f"{root}/{name}", data)
    return buffer.getvalue()

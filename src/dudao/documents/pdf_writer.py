"""PDF for a :class:`~.model.Document`: WeasyPrint lays out the print HTML of :mod:`.html_writer`.

The page follows GB/T 9704 through the print stylesheet (A4, 37/35/28/26 mm margins, 16 pt
仿宋 on a 22-line grid, page numbers "— N —" on the outer side, the label on every page).
WeasyPrint subsets and embeds every font it uses, so the PDF shows the same on any machine;
without a Chinese font it would show empty boxes, so :class:`~dudao.errors.DocumentError` is
raised instead. The document loads nothing from outside: its only resources are data: URIs
(chart PNGs).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from dudao.documents.fonts import require_cjk_font
from dudao.documents.html_writer import render_html
from dudao.documents.model import Document

# WeasyPrint reports unsupported CSS and progress, fontTools every subsetting step; only errors
# say something is wrong with a document.
_NOISY_LOGGERS = ("weasyprint", "weasyprint.progress", "fontTools")


@contextmanager
def _quiet_logging() -> Iterator[None]:
    loggers = [logging.getLogger(name) for name in _NOISY_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def write_pdf(document: Document, target: Path | BinaryIO) -> None:
    """Write the document as a PDF to a file path or a binary stream."""
    import weasyprint  # slow to import (Pango, fontTools): only when a PDF is written

    require_cjk_font()
    html = render_html(document, for_print=True)
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})
    with _quiet_logging():
        pdf = weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf()
    if isinstance(target, Path):
        target.write_bytes(pdf)
    else:
        target.write(pdf)

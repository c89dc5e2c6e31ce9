"""HTML for a :class:`~.model.Document`: a screen preview and the input of the PDF writer.

:func:`render_html` fills ``templates/document.html`` (Jinja2, autoescaped). Every stated
number is a ``<span class="figure" data-source="…">`` naming where it comes from; a suggestion
(建议) carries a badge and a left rule; notes to the author are boxed and grey; warnings for the
author appear in a notice box on screen only. ``templates/document.css`` styles the screen and,
under ``@media print``, lays the page out after GB/T 9704 (A4, 22 lines of 16 pt 仿宋, page
numbers "— N —" on the outer side). ``standalone=False`` gives a fragment for a web page, which
then includes :func:`document_css`.
"""

from __future__ import annotations

import base64
import functools
from pathlib import Path

import jinja2
from markupsafe import Markup

from dudao.documents import fonts
from dudao.documents.model import Chart, Document, Figure, Heading, Paragraph, Table
from dudao.documents.phrasing import title_lines

TEMPLATES = Path(__file__).parent / "templates"
TYPE_AREA_MM = (156.0, 225.0)  # GB/T 9704 版心: width, height


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.tests.update(
        heading=lambda b: isinstance(b, Heading),
        paragraph=lambda b: isinstance(b, Paragraph),
        table=lambda b: isinstance(b, Table),
        chart=lambda b: isinstance(b, Chart),
        figure=lambda p: isinstance(p, Figure),
    )
    env.filters.update(
        css_string=css_string,
        inline_svg=_inline_svg,
        png_data_uri=_png_data_uri,
        print_width_mm=_print_width_mm,
    )
    env.globals["numeric"] = lambda table, column: column < len(table.numeric) and table.numeric[column]
    env.globals["title_lines"] = title_lines
    return env


@functools.cache
def document_css() -> str:
    """The stylesheet of documents (screen and print), with this project's Chinese font stacks."""
    stacks = {role: fonts.css_stack(role) for role in fonts.STACKS}
    return _environment().get_template("document.css").render(font=stacks)


def render_html(document: Document, *, standalone: bool = True, for_print: bool = False) -> str:
    """The document as HTML: a whole page (with its stylesheet) or, if not standalone, an
    ``<article class="dudao-document">`` fragment. ``for_print`` leaves out the author's warnings
    and puts charts in as PNG (what WeasyPrint lays out best) instead of inline SVG."""
    template = _environment().get_template("document.html")
    return template.render(
        doc=document, standalone=standalone, for_print=for_print, css=Markup(document_css())
    )


def css_string(text: str) -> Markup:
    """A CSS string literal for any text: every character but letters, digits and spaces escaped,
    so nothing in it can end the string or the ``<style>`` element.

    >>> str(css_string('示例"数据</style>'))
    '"示例\\\\22 数据\\\\3c \\\\2f style\\\\3e "'
    """
    escaped = "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):x} " for ch in text)
    return Markup(f'"{escaped}"')


def _inline_svg(chart: Chart) -> Markup:
    """The chart's SVG without its XML prologue, ready to sit in HTML (it is drawn by us)."""
    start = chart.svg.find("<svg")
    return Markup(chart.svg[start:] if start >= 0 else "")


def _png_data_uri(chart: Chart) -> str:
    return "data:image/png;base64," + base64.b64encode(chart.png).decode("ascii")


def _print_width_mm(chart: Chart) -> str:
    """The printed width: the chart's own size, shrunk to fit the type area (with its caption).

    >>> _print_width_mm(Chart("图", b"", "", width_mm=150.0, height_mm=250.0))
    '126.0'
    """
    width, height = TYPE_AREA_MM
    scale = min(1.0, width / chart.width_mm, (height - 15.0) / chart.height_mm)
    return f"{chart.width_mm * scale:.1f}"

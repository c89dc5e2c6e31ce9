"""The HTML writer: escaping, sourced figures, styles, warnings, label, charts and the stylesheet."""

from __future__ import annotations

import base64
import dataclasses
from html.parser import HTMLParser

from dudao.documents import fonts
from dudao.documents.html_writer import document_css, render_html
from dudao.documents.model import Document, Figure, Heading, Paragraph, Source, Style, Table


class _Elements(HTMLParser):
    """Each element's tag, attributes and text content (nested text counts for every ancestor)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str], list[str]]] = []
        self._open: list[int] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}, []))
        if tag not in ("meta", "img", "br", "link"):  # void elements never close
            self._open.append(len(self.elements) - 1)

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self.elements[self._open.pop()][0] == tag:
                break

    def handle_data(self, data: str) -> None:
        for index in self._open:
            self.elements[index][2].append(data)

    def find(self, tag: str, cls: str | None = None) -> list[tuple[dict[str, str], str]]:
        return [
            (attrs, "".join(text))
            for name, attrs, text in self.elements
            if name == tag and (cls is None or cls in attrs.get("class", "").split())
        ]


def test_text_is_escaped() -> None:
    evil = "<script>alert('x')</script>"
    doc = Document(
        "summary", f"标题{evil}",
        (Heading(1, evil), Paragraph((evil,)), Table(evil, (evil,), ((evil,),))),
        recipient=evil, signature=evil, label=evil, warnings=(evil,),
    )  # fmt: skip
    html = render_html(doc)
    assert "<script>" not in html
    assert html.count("&lt;script&gt;") >= 8
    # The label also goes into the @page rule as a CSS string: nothing in it may close <style>.
    assert html.count("</style>") == 1


def test_every_figure_names_its_source(sample_document: Document) -> None:
    spans = _Elements(render_html(sample_document)).find("span", "figure")
    expected = [(str(f.source), f.text) for f in sample_document.figures]
    assert [(attrs["data-source"], text) for attrs, text in spans] == expected
    assert all(attrs["title"] == attrs["data-source"] for attrs, _ in spans)


def test_paragraph_text_gains_no_whitespace(sample_document: Document) -> None:
    page = _Elements(render_html(sample_document))
    shown = [text for attrs, text in page.find("p") if attrs.get("class") in ("body", "narrative")]
    written = [p.text for p in sample_document.paragraphs if p.style in (Style.BODY, Style.NARRATIVE)]
    assert shown == written


def test_headings_by_level(sample_document: Document) -> None:
    page = _Elements(render_html(sample_document))
    assert [text for _, text in page.find("h1")] == [sample_document.title]
    for level in (1, 2, 3):
        expected = [b.text for b in sample_document.blocks if isinstance(b, Heading) and b.level == level]
        assert [text for _, text in page.find(f"h{level + 1}")] == expected


def test_styles_suggestion_badge_and_boxed_note(sample_document: Document) -> None:
    page = _Elements(render_html(sample_document))
    suggestions = [p for p in sample_document.paragraphs if p.style is Style.SUGGESTION]
    assert [text for _, text in page.find("p", "suggestion")] == ["建议" + p.text for p in suggestions]
    assert len(page.find("span", "badge")) == len(suggestions)
    notes = [p.text for p in sample_document.paragraphs if p.style is Style.NOTE]
    assert [text for _, text in page.find("p", "note")] == notes
    css = document_css()
    assert ".dudao-document .suggestion {" in css and "border-left" in css
    assert ".dudao-document .note {" in css and "background: #f2f2f2" in css


def test_warnings_on_screen_only(sample_document: Document) -> None:
    screen = _Elements(render_html(sample_document))
    [(_, box)] = screen.find("aside", "warnings")
    assert all(warning in box for warning in sample_document.warnings)
    printed = render_html(sample_document, for_print=True)
    assert not any(warning in printed for warning in sample_document.warnings)
    assert 'class="warnings"' not in render_html(dataclasses.replace(sample_document, warnings=()))


def test_label_banner_and_page_header(sample_document: Document) -> None:
    html = render_html(sample_document)
    assert [text for _, text in _Elements(html).find("div", "label-banner")] == ["示例数据"]
    assert '@page { @top-center { content: "示例数据"; } }' in html
    unlabelled = render_html(dataclasses.replace(sample_document, label=""))
    assert 'class="label-banner"' not in unlabelled and "@top-center { content" not in unlabelled


def test_charts_inline_svg_on_screen_and_png_in_print(sample_document: Document) -> None:
    [chart] = [b for b in sample_document.blocks if b.__class__.__name__ == "Chart"]
    screen = render_html(sample_document)
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in screen and "<?xml" not in screen
    printed = _Elements(render_html(sample_document, for_print=True))
    [(img, _)] = [(attrs, text) for attrs, text in printed.find("img")]
    assert base64.b64decode(img["src"].removeprefix("data:image/png;base64,")) == chart.png
    assert img["alt"] == chart.caption
    assert [text for _, text in printed.find("figcaption")] == [chart.caption]


def test_tables_align_numeric_columns(sample_document: Document) -> None:
    page = _Elements(render_html(sample_document))
    [table] = [b for b in sample_document.blocks if isinstance(b, Table)]
    assert [text for _, text in page.find("caption")] == [table.caption]
    assert [text for _, text in page.find("th")] == list(table.header)
    assert len(page.find("td", "num")) == sum(table.numeric) * len(table.rows)
    no_flags = dataclasses.replace(table, numeric=())
    html = render_html(Document("summary", "t", (no_flags,)))
    assert 'class="num"' not in html


def test_fragment_for_a_web_page(sample_document: Document) -> None:
    fragment = render_html(sample_document, standalone=False)
    assert fragment.lstrip().startswith('<article class="dudao-document"')
    assert "<html" not in fragment and "<style" not in fragment
    full = render_html(sample_document)
    assert full.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in full


def test_stylesheet_follows_gbt_9704_in_print() -> None:
    css = document_css()
    assert "size: A4;" in css and "margin: 37mm 26mm 35mm 28mm;" in css
    assert '@bottom-right { content: "— " counter(page) " —"' in css
    assert '@bottom-left { content: "— " counter(page) " —"' in css
    assert "font-size: 16pt; line-height: 28.9pt" in css  # 225 mm / 22 lines
    assert "h1 { font-size: 22pt" in css
    for role in ("body", "hei", "kai", "title", "song"):
        assert f"font-family: {fonts.css_stack(role)};" in css
    assert "{{" not in css and "{%" not in css


def test_lead_is_bold_run_in() -> None:
    figure = Figure(3.0, "3", Source("count"))
    doc = Document("summary", "t", (Paragraph(("共", figure, "所。"), lead="1.学校数量。"),))
    [(_, text)] = _Elements(render_html(doc)).find("strong", "lead")
    assert text == "1.学校数量。"
    assert '<strong class="lead">1.学校数量。</strong>共<span class="figure"' in render_html(doc)

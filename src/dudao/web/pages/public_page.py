"""The public page of a published round 公开结果页, as the public sees it and as the office previews
it before publishing: the metadata of a government information-disclosure page, the results as
the office chose to show them (:func:`dudao.store.rounds.publication.filtered_results`) and the
documents it chose to publish.

The public page (``views/public.py``) and the publishing page's preview (``views/round_states.py``)
both render ``dudao/public/_page.html`` from :func:`page_context`, so the preview is the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from dudao.store.rounds import engine
from dudao.store.rounds.models import Publication, Round
from dudao.store.rounds.publication import Choice, filtered_results
from dudao.web.pages.document_links import FORMAT_LABELS, FORMATS, KIND_LABELS
from dudao.web.pages.ranking import from_frozen

PUBLIC_FORMATS = tuple(f for f in FORMATS if f != "html")  # the public downloads the files


@dataclass(frozen=True)
class PublicDocument:
    label: str
    links: tuple[tuple[str, str], ...]  # (format label, url)


def page_context(round: Round, shown: Publication | Choice, *, live_links: bool = True) -> dict[str, Any]:
    """Everything ``dudao/public/_page.html`` shows of ``round`` published as ``shown``.

    ``live_links`` is False in the preview: the documents' links do not answer until published,
    so the preview names them without linking."""
    sample = engine.scheme_of(round.scheme).info.sample
    public = filtered_results(round.results or {}, shown)
    chart = from_frozen(public, sample=sample).chart() if shown.show_scores else None
    areas = []
    if shown.show_scores and public["units"]:
        areas = [f"{a['name']}（{a['max_points']:g}）" for a in public["units"][0].get("areas", [])]
    return {
        "round": round,
        "shown": shown,
        "meta": {
            "index_number": shown.index_number,
            "publisher": shown.publisher,
            "written_on": str(shown.written_on),  # a date (YYYY-MM-DD) or, in a preview, as typed
            "published_on": str(shown.published_on),
            "topic": shown.topic,
        },
        "public": public,
        "units": public["units"],
        "areas": areas,
        "chart": chart,
        "sample": sample,
        "documents": public_documents(round, shown, live_links=live_links),
    }


def public_documents(
    round: Round, shown: Publication | Choice, *, live_links: bool = True
) -> list[PublicDocument]:
    found = []
    for kind in shown.documents:
        if kind == Publication.Document.SUMMARY:
            found.append(
                PublicDocument(
                    str(KIND_LABELS["summary"]),
                    tuple(
                        (
                            FORMAT_LABELS[f],
                            reverse("public_summary", args=[round.pk, f]) if live_links else "",
                        )
                        for f in PUBLIC_FORMATS
                    ),
                )
            )
        elif kind == Publication.Document.FEEDBACK:
            for entry in round.entries.select_related("unit").order_by("unit__code"):
                code = entry.unit.code
                found.append(
                    PublicDocument(
                        f"{entry.unit.name} {KIND_LABELS['feedback']}",
                        tuple(
                            (
                                FORMAT_LABELS[f],
                                reverse("public_feedback", args=[round.pk, code, f]) if live_links else "",
                            )
                            for f in PUBLIC_FORMATS
                        ),
                    )
                )
    return found

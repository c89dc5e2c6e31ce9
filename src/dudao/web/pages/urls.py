"""The pages' URLs; each page family declares its own in its module."""

from dudao.web.pages.views import (
    accounts,
    documents,
    entry,
    exchange,
    public,
    quality,
    reports,
    round_states,
    rounds,
)

urlpatterns = [
    *accounts.urlpatterns,
    *rounds.urlpatterns,
    *round_states.urlpatterns,
    *entry.urlpatterns,
    *documents.urlpatterns,
    *exchange.urlpatterns,
    *quality.urlpatterns,
    *reports.urlpatterns,
    *public.urlpatterns,
]

"""The pages' URLs; each page family declares its own in its module (the entry page, in its
package's ``urls``)."""

from dudao.web.pages.entry import urls as entry
from dudao.web.pages.views import (
    accounts,
    documents,
    exchange,
    public,
    quality,
    reports,
    review,
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
    *review.urlpatterns,
]

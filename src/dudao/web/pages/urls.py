"""The pages' URLs; each page family declares its own in its module (the entry page, in its
package's ``urls``)."""

from dudao.web.pages.entry import urls as entry
from dudao.web.pages.views import (
    accounts,
    documents,
    exchange,
    problems,
    public,
    quality,
    rectification_tasks,
    reminders,
    reports,
    results,
    review,
    round_states,
    rounds,
    scheme_diff,
    survey,
    survey_form,
    units,
    verification,
    whatif,
)

urlpatterns = [
    *accounts.urlpatterns,
    *rounds.urlpatterns,
    *scheme_diff.urlpatterns,
    *results.urlpatterns,
    *round_states.urlpatterns,
    *entry.urlpatterns,
    *documents.urlpatterns,
    *exchange.urlpatterns,
    *quality.urlpatterns,
    *reports.urlpatterns,
    *public.urlpatterns,
    *survey.urlpatterns,
    *survey_form.urlpatterns,
    *review.urlpatterns,
    *verification.urlpatterns,
    *units.urlpatterns,
    *whatif.urlpatterns,
    *problems.urlpatterns,
    *rectification_tasks.urlpatterns,
    *reminders.urlpatterns,
]

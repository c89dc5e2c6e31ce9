"""The pages' URLs; each page family declares its own in its module."""

from dudao.web.pages.views import accounts, entry, public, rounds

urlpatterns = [*accounts.urlpatterns, *rounds.urlpatterns, *entry.urlpatterns, *public.urlpatterns]

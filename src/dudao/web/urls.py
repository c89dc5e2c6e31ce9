"""The site's URLs: pages, the JSON API under ``/api/``, the admin (system administrators only)."""

from django.urls import include, path

from dudao.web.admin import site
from dudao.web.api.urls import api

urlpatterns = [
    path("", include("dudao.web.pages.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", site.urls),
]

handler500 = "dudao.web.unavailable.server_error"

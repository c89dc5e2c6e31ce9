from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "dudao.web.pages"
    label = "pages"
    verbose_name = _("页面")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "dudao.store.review"
    label = "review"
    verbose_name = _("评审与认定")

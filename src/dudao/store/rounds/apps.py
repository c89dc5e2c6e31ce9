from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoundsConfig(AppConfig):
    name = "dudao.store.rounds"
    label = "rounds"
    verbose_name = _("评价轮次")

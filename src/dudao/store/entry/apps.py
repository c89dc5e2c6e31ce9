from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntryConfig(AppConfig):
    name = "dudao.store.entry"
    label = "entry"
    verbose_name = _("数据填报")

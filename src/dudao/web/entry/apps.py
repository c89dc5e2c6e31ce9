from django.apps import AppConfig


class EntryConfig(AppConfig):
    name = "dudao.web.entry"
    label = "entry"
    verbose_name = "数据填报"

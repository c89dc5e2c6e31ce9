from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "dudao.web.rounds"
    label = "rounds"
    verbose_name = "评价轮次"

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dudao.web.api"
    label = "api"
    verbose_name = "接口"

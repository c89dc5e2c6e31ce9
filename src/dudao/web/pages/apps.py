from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "dudao.web.pages"
    label = "pages"
    verbose_name = "页面"

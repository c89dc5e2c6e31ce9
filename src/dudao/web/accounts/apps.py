from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dudao.web.accounts"
    label = "accounts"
    verbose_name = "账户与单位"

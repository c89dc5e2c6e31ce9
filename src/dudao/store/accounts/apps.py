from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "dudao.store.accounts"
    label = "accounts"
    verbose_name = _("账户与单位")

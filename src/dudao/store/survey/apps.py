from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveyConfig(AppConfig):
    name = "dudao.store.survey"
    label = "survey"
    verbose_name = _("满意度调查")

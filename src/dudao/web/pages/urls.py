from django.urls import path

from dudao.web.pages import views

urlpatterns = [
    path("", views.home, name="home"),
]

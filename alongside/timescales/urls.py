from django.urls import path

from alongside.timescales import views

app_name = "timescales"
urlpatterns = [
    path("", views.rules, name="rules"),
]

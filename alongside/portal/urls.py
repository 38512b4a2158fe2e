from django.urls import path

from alongside.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("children/<int:case_id>/", views.case_record, name="case"),
]

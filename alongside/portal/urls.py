from django.urls import include, path

from alongside.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("children/<int:case_id>/", views.case_record, name="case"),
    path("", include("alongside.portal.plans_urls")),
    path("", include("alongside.portal.visits_urls")),
    path("", include("alongside.portal.workforce_urls")),
]

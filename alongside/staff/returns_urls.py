from django.urls import path

from alongside.staff import returns_views

urlpatterns = [
    path("returns/cin-census/", returns_views.cin_census, name="returns-cin-census"),
    path(
        "returns/cin-census/problems/<str:code>/",
        returns_views.cin_census_rule,
        name="returns-cin-census-rule",
    ),
    path(
        "returns/exports/<int:export_id>/download/",
        returns_views.export_download,
        name="returns-download",
    ),
]

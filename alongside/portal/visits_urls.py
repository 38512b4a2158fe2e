from django.urls import path

from alongside.portal import visits_views

urlpatterns = [
    path("children/<int:case_id>/visits/", visits_views.visits, name="visits"),
]

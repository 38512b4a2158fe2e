from django.urls import path

from alongside.portal import workforce_views

urlpatterns = [
    path("children/<int:case_id>/worker/", workforce_views.worker, name="worker"),
]

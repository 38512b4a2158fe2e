from django.urls import path

from alongside.portal import plans_views

urlpatterns = [
    path("children/<int:case_id>/plan/", plans_views.plan, name="plan"),
]

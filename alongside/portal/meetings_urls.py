from django.urls import path

from alongside.portal import meetings_views

urlpatterns = [
    path("children/<int:case_id>/meetings/", meetings_views.meetings, name="meetings"),
    path(
        "children/<int:case_id>/meetings/<int:meeting_id>/",
        meetings_views.meeting,
        name="meeting",
    ),
]

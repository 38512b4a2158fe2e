from django.urls import path

from alongside.staff import worklist_views

urlpatterns = [
    path("team/due/", worklist_views.team_due, name="team-due"),
]

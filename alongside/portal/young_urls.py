from django.urls import path

from alongside.portal import young_views

C = "children/<int:case_id>"
urlpatterns = [
    path(f"{C}/talk-to-my-worker/", young_views.talk, name="talk"),
    path(f"{C}/my-next-meeting/", young_views.my_meeting, name="my-meeting"),
]

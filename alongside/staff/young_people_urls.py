from django.urls import path

from alongside.staff import young_people_views

urlpatterns = [
    path(
        "cases/<int:case_id>/entries/<int:entry_id>/share/",
        young_people_views.entry_share_view,
        name="entry-share",
    ),
    path(
        "cases/<int:case_id>/young-person/messages/<int:message_id>/",
        young_people_views.young_message,
        name="young-message",
    ),
]

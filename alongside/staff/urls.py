from django.urls import path

from alongside.staff import views

app_name = "staff"
urlpatterns = [
    path("", views.my_work, name="my-work"),
    path("people/", views.person_search, name="person-search"),
    path("people/merge/", views.person_merge_view, name="person-merge"),
    path("break-glass/", views.break_glass, name="break-glass"),
    path("team/break-glass/", views.team_break_glass, name="team-break-glass"),
    path("cases/<int:case_id>/", views.case_detail, name="case"),
    path("cases/<int:case_id>/chronology/", views.chronology, name="chronology"),
    path("cases/<int:case_id>/entries/new/", views.entry_new, name="entry-new"),
    path("cases/<int:case_id>/entries/autosave/", views.entry_autosave, name="entry-autosave"),
    path("cases/<int:case_id>/entries/<int:entry_id>/", views.entry_detail, name="entry"),
    path("cases/<int:case_id>/entries/<int:entry_id>/edit/", views.entry_edit, name="entry-edit"),
    path(
        "cases/<int:case_id>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path("cases/<int:case_id>/access-log/", views.access_log, name="access-log"),
    path("cases/<int:case_id>/child/edit/", views.child_edit, name="child-edit"),
]

from django.urls import path

from alongside.staff import meetings_views

M = "cases/<int:case_id>/meetings"
ONE = f"{M}/<int:meeting_id>"
urlpatterns = [
    path(f"{M}/", meetings_views.meetings, name="meetings"),
    path(f"{M}/new/", meetings_views.meeting_new, name="meeting-new"),
    path(f"{ONE}/", meetings_views.meeting, name="meeting"),
    path(f"{ONE}/invite/", meetings_views.invite, name="meeting-invite"),
    path(f"{ONE}/letters/", meetings_views.letters, name="meeting-letters"),
    path(
        f"{ONE}/letters/<int:invitation_id>/easy-read/",
        meetings_views.letter_easy_read,
        name="meeting-letter-easy-read",
    ),
    path(f"{ONE}/report/", meetings_views.report, name="meeting-report"),
    path(f"{ONE}/report/share/", meetings_views.report_share, name="meeting-report-share"),
    path(f"{ONE}/report/easy-read/", meetings_views.report_easy_read, name="meeting-easy-read"),
    path(
        f"{ONE}/report/translations/new/",
        meetings_views.report_translation,
        name="meeting-translation-new",
    ),
    path(
        f"{ONE}/report/translations/<int:version_id>/",
        meetings_views.report_translation,
        name="meeting-translation",
    ),
    path(
        f"{ONE}/report/translations/<int:version_id>/share/",
        meetings_views.report_translation_share,
        name="meeting-translation-share",
    ),
    path(f"{ONE}/record/", meetings_views.record, name="meeting-record"),
    path(f"{ONE}/minutes/", meetings_views.minutes, name="meeting-minutes"),
    path(f"{ONE}/actions/new/", meetings_views.action_new, name="meeting-action-new"),
]

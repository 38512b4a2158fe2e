from django.urls import path

from alongside.staff import caseload_settings_views, workforce_views

urlpatterns = [
    path("team/caseloads/", workforce_views.caseloads, name="team-caseloads"),
    path(
        "caseload-weights/",
        caseload_settings_views.caseload_settings,
        name="caseload-settings",
    ),
    path(
        "caseload-weights/case-types/new/",
        caseload_settings_views.case_type_new,
        name="case-type-new",
    ),
    path(
        "caseload-weights/case-types/<int:type_id>/stop/",
        caseload_settings_views.case_type_stop,
        name="case-type-stop",
    ),
    path("team/change-requests/", workforce_views.change_requests, name="team-change-requests"),
    path(
        "team/change-requests/<int:request_id>/",
        workforce_views.change_request_decide,
        name="team-change-request",
    ),
    path("cases/<int:case_id>/allocate/", workforce_views.allocate, name="case-allocate"),
    path("cases/<int:case_id>/case-types/", workforce_views.case_types, name="case-types"),
    path("cases/<int:case_id>/handover/", workforce_views.handover, name="case-handover"),
    path(
        "cases/<int:case_id>/handover/<int:pack_id>/read/",
        workforce_views.handover_read,
        name="case-handover-read",
    ),
    path(
        "cases/<int:case_id>/worker-change/",
        workforce_views.change_request_new,
        name="case-worker-change",
    ),
]

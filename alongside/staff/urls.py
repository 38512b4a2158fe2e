from django.urls import include, path

from alongside.staff import journey_views, views

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

J = "cases/<int:case_id>/journey"
urlpatterns += [
    path("front-door/", journey_views.front_door, name="front-door"),
    path("front-door/new/", journey_views.contact_new, name="contact-new"),
    path("front-door/new-person/", journey_views.person_new, name="person-new"),
    path(
        "front-door/<int:contact_id>/decide/",
        journey_views.contact_decide,
        name="contact-decide",
    ),
    path(f"{J}/", journey_views.journey, name="journey"),
    path(
        f"{J}/assessments/<int:assessment_id>/complete/",
        journey_views.assessment_complete,
        name="journey-assessment",
    ),
    path(
        f"{J}/assessments/<int:assessment_id>/authorise/",
        journey_views.assessment_authorise,
        name="journey-authorise",
    ),
    path(
        f"{J}/referrals/<int:referral_id>/strategy-discussion/",
        journey_views.strategy_discussion,
        name="journey-strategy",
    ),
    path(
        f"{J}/enquiries/<int:enquiry_id>/complete/",
        journey_views.section47_complete,
        name="journey-section-47",
    ),
    path(
        f"{J}/conferences/<int:conference_id>/",
        journey_views.conference,
        name="journey-conference",
    ),
    path(
        f"{J}/cp-plans/<int:plan_id>/core-group/",
        journey_views.core_group,
        name="journey-core-group",
    ),
    path(f"{J}/cp-plans/<int:plan_id>/end/", journey_views.cp_plan_end, name="journey-cp-end"),
    path(
        f"{J}/cin-plans/<int:plan_id>/review/",
        journey_views.cin_review,
        name="journey-cin-review",
    ),
    path(
        f"{J}/referrals/<int:referral_id>/close/",
        journey_views.referral_close,
        name="journey-close",
    ),
    path(f"{J}/early-help/new/", journey_views.early_help_start, name="journey-early-help"),
    path(
        f"{J}/early-help/<int:episode_id>/step-up/",
        journey_views.early_help_step_up,
        name="journey-step-up",
    ),
    path("", include("alongside.staff.plans_urls")),
    path("", include("alongside.staff.visits_urls")),
    path("", include("alongside.staff.meetings_urls")),
    path("", include("alongside.staff.fgc_urls")),
    path("", include("alongside.staff.workforce_urls")),
    path("", include("alongside.staff.worklist_urls")),
    path("", include("alongside.staff.family_voice_urls")),
    path("", include("alongside.staff.young_people_urls")),
    path("", include("alongside.staff.network_urls")),
    path("", include("alongside.staff.returns_urls")),
]

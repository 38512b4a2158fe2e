from django.urls import path

from alongside.staff import family_voice_views

urlpatterns = [
    path("corrections/", family_voice_views.corrections, name="corrections"),
    path(
        "cases/<int:case_id>/corrections/<int:correction_id>/",
        family_voice_views.correction_answer,
        name="correction",
    ),
]

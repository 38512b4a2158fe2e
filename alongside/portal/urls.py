from django.urls import include, path

from alongside.portal import views

C = "children/<int:case_id>"
app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("rights/", views.rights, name="rights"),
    path("words/", views.words, name="words"),
    path("preferences/", views.preferences, name="preferences"),
    path(f"{C}/", views.case_record, name="case"),
    path(f"{C}/in-our-words/", views.family_account_new, name="family-account-new"),
    path(f"{C}/entries/<int:entry_id>/", views.entry_detail, name="entry"),
    path(f"{C}/entries/<int:entry_id>/wrong/", views.correction_new, name="correction-new"),
    path(f"{C}/who-has-looked/", views.who_has_looked, name="who-has-looked"),
    path(f"{C}/supporters/", views.supporters, name="supporters"),
    path(f"{C}/supporters/<int:grant_id>/stop/", views.supporter_remove, name="supporter-remove"),
    path("", include("alongside.portal.plans_urls")),
    path("", include("alongside.portal.visits_urls")),
    path("", include("alongside.portal.meetings_urls")),
    path("", include("alongside.portal.documents_urls")),
    path("", include("alongside.portal.workforce_urls")),
    path("", include("alongside.portal.young_urls")),
]

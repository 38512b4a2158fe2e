from django.urls import path

from alongside.staff import visit_record_views, visits_views

V = "cases/<int:case_id>/visits"
urlpatterns = [
    path(f"{V}/", visits_views.visits, name="visits"),
    path(f"{V}/new/", visits_views.visit_new, name="visit-new"),
    path(f"{V}/record/", visit_record_views.visit_record, name="visit-record"),
    path(f"{V}/<int:visit_id>/move/", visits_views.visit_move, name="visit-move"),
    path(f"{V}/<int:visit_id>/cancel/", visits_views.visit_cancel, name="visit-cancel"),
    path(f"{V}/<int:visit_id>/outcome/", visits_views.visit_outcome, name="visit-outcome"),
    path("reliability/", visits_views.reliability, name="reliability"),
]

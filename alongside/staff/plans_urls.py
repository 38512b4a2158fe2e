from django.urls import path

from alongside.staff import plans_views

urlpatterns = [
    path("commitments/overdue/", plans_views.overdue, name="commitments-overdue"),
    path("cases/<int:case_id>/commitments/", plans_views.commitments, name="commitments"),
    path(
        "cases/<int:case_id>/commitments/new/",
        plans_views.commitment_new,
        name="commitment-new",
    ),
    path(
        "cases/<int:case_id>/commitments/<int:commitment_id>/",
        plans_views.commitment_detail,
        name="commitment",
    ),
    path(
        "cases/<int:case_id>/entries/<int:entry_id>/commitment/",
        plans_views.commitment_from_entry,
        name="commitment-from-entry",
    ),
]

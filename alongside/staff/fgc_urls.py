from django.urls import path

from alongside.staff import fgc_views

F = "cases/<int:case_id>/family-group-conferences"
ONE = f"{F}/<int:fgc_id>"
urlpatterns = [
    path("family-group-conferences/", fgc_views.mine, name="fgc-mine"),
    path(f"{F}/", fgc_views.fgcs, name="fgcs"),
    path(f"{F}/refer/", fgc_views.refer, name="fgc-refer"),
    path(f"{F}/offer/", fgc_views.offer, name="fgc-offer"),
    path(f"{ONE}/", fgc_views.fgc, name="fgc"),
    path(f"{ONE}/arrange/", fgc_views.arrange, name="fgc-arrange"),
    path(f"{ONE}/invite/", fgc_views.invite, name="fgc-invite"),
    path(f"{ONE}/letters/", fgc_views.letters, name="fgc-letters"),
    path(f"{ONE}/prepare/", fgc_views.prepare, name="fgc-prepare"),
    path(f"{ONE}/held/", fgc_views.held, name="fgc-held"),
    path(f"{ONE}/plan/", fgc_views.share, name="fgc-share"),
    path(f"{ONE}/plan/steps/new/", fgc_views.action_new, name="fgc-action-new"),
    path(
        f"{ONE}/plan/steps/<int:action_id>/remove/",
        fgc_views.action_remove,
        name="fgc-action-remove",
    ),
    path(f"{ONE}/plan/agree/", fgc_views.adopt, name="fgc-adopt"),
    path(f"{ONE}/close/", fgc_views.close, name="fgc-close"),
]

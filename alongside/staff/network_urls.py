from django.urls import path

from alongside.staff import network_views, restriction_views

N = "cases/<int:case_id>/network"
urlpatterns = [
    path(f"{N}/", network_views.network, name="network"),
    path(f"{N}/find/", network_views.network_find, name="network-find"),
    path(f"{N}/new/", network_views.network_new, name="network-new"),
    path(f"{N}/add/<int:person_id>/", network_views.network_add, name="network-add"),
    path(
        f"{N}/relationships/<int:relationship_id>/end/",
        network_views.network_end,
        name="network-end",
    ),
    path(f"{N}/portal/<int:person_id>/", network_views.portal_give, name="portal-give"),
    path(
        f"{N}/portal/grants/<int:grant_id>/stop/",
        network_views.portal_stop,
        name="portal-stop",
    ),
    path(
        "cases/<int:case_id>/restriction/",
        restriction_views.case_restriction,
        name="case-restriction",
    ),
    path(
        "cases/<int:case_id>/restriction/<int:grant_id>/remove/",
        restriction_views.restriction_remove,
        name="restriction-remove",
    ),
    path(
        "cases/<int:case_id>/restriction/lift/",
        restriction_views.restriction_lift,
        name="restriction-lift",
    ),
]

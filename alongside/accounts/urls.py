from django.urls import path

from alongside.accounts import admin_views, views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/code/", views.sign_in_code, name="sign-in-code"),
    path("sign-in/authenticator/", views.authenticator_setup, name="authenticator-setup"),
    path("set-up/<str:token>/", views.set_up, name="set-up"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("staff/accounts/", admin_views.staff_list, name="staff-list"),
    path("staff/accounts/new/", admin_views.staff_new, name="staff-new"),
    path(
        "staff/accounts/<int:user_id>/send-link/",
        admin_views.set_up_link_send,
        name="staff-send-link",
    ),
    path(
        "staff/accounts/<int:user_id>/reset-authenticator/",
        admin_views.authenticator_reset,
        name="authenticator-reset",
    ),
    path("portal/sign-in/", views.family_sign_in, name="family-sign-in"),
    path("portal/sign-in/code/", views.family_sign_in_code, name="family-sign-in-code"),
]

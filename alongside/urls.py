from django.urls import include, path

from alongside.api.api import api
from alongside.staff import views as staff_views

urlpatterns = [
    path("", staff_views.start, name="start"),
    path("healthz", staff_views.healthz, name="healthz"),
    path("", include("alongside.accounts.urls")),
    path("staff/", include("alongside.staff.urls")),
    path("staff/timescales/", include("alongside.timescales.urls")),
    path("outbox/", staff_views.outbox, name="outbox"),
    path("portal/", include("alongside.portal.urls")),
    path("api/", api.urls),
]

"""Reading accounts: the staff list an administrator manages."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.accounts.models import STAFF_ROLES, User


def staff_accounts() -> QuerySet[User]:
    """Every member of staff with their team and whether their authenticator is set up.

    One query for any number: ``authenticator_set_up`` is a confirmed, never-reset device.
    """
    confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True, reset__isnull=True)
    return (
        User.objects.filter(role__in=STAFF_ROLES)
        .select_related("team")
        .annotate(authenticator_set_up=Exists(confirmed))
        .order_by("full_name", "id")
    )

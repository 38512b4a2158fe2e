"""Sign-in: staff second factor set-up and family one-time codes."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.accounts.models import PORTAL_ROLES, LoginCode, User
from alongside.messaging.models import Channel
from alongside.messaging.services import message_send

# Local demo only: every demo staff account shares this TOTP secret so a
# developer can sign in with any authenticator app. Never used outside demo mode.
DEMO_TOTP_SECRET_BASE32 = "ALONGSIDEDEMOTOTPSECRETKEY234567"  # noqa: S105 - demo only


def base32_to_hex(secret: str) -> str:
    return base64.b32decode(secret.upper()).hex()


def totp_device_create(*, user: User, secret_base32: str | None = None) -> TOTPDevice:
    """Give a staff member an authenticator; the demo secret only in demo mode."""
    if secret_base32 is not None and not settings.DEMO_MODE:
        raise ValueError("A fixed TOTP secret is allowed only in demo mode")
    key = base32_to_hex(secret_base32) if secret_base32 else secrets.token_hex(20)
    return TOTPDevice.objects.create(user=user, name="Authenticator app", key=key, confirmed=True)


def _code_hash(user_id: int, code: str) -> str:
    message = f"{user_id}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def family_user_find(identifier: str) -> User | None:
    """A family member's account by email or mobile number."""
    value = identifier.strip().lower()
    if not value:
        return None
    phone = value.replace(" ", "")
    return (
        User.objects.filter(role__in=PORTAL_ROLES, is_active=True)
        .filter(Q(email=value) | Q(phone=phone))
        .first()
    )


@transaction.atomic
def login_code_issue(*, user: User, channel: Channel) -> LoginCode:
    """Make a six-digit code, keep only its hash, and send it by email or text."""
    code = f"{secrets.randbelow(1_000_000):06d}"
    now = timezone.now()
    LoginCode.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
    login_code = LoginCode.objects.create(
        user=user,
        code_hash=_code_hash(user.pk, code),
        channel=channel,
        expires_at=now + datetime.timedelta(minutes=settings.LOGIN_CODE_MINUTES),
    )
    body = (
        f"Your Alongside sign-in code is {code}. It works for "
        f"{settings.LOGIN_CODE_MINUTES} minutes. If you did not ask for it, you can ignore this."
    )
    message_send(
        channel=channel,
        to_address=user.email if channel == Channel.EMAIL else user.phone,
        to_user=user,
        purpose="sign_in_code",
        subject="Your sign-in code",
        body=body,
    )
    return login_code


@transaction.atomic
def login_code_check(*, user: User, code: str) -> bool:
    """True once for the right, unexpired code; wrong tries are counted and capped."""
    login_code = (
        LoginCode.objects.select_for_update()
        .filter(user=user, used_at__isnull=True, expires_at__gt=timezone.now())
        .order_by("-created_at")
        .first()
    )
    if login_code is None or login_code.attempts >= settings.LOGIN_CODE_MAX_ATTEMPTS:
        return False
    if hmac.compare_digest(login_code.code_hash, _code_hash(user.pk, code.strip())):
        login_code.used_at = timezone.now()
        login_code.save(update_fields=["used_at"])
        return True
    login_code.attempts += 1
    login_code.save(update_fields=["attempts"])
    return False

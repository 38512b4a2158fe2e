"""Sign-in: staff second factor set-up and family one-time codes."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import secrets

import qrcode
import qrcode.constants
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.accounts.models import (
    PORTAL_ROLES,
    STAFF_ROLES,
    AuthenticatorReset,
    LoginCode,
    Role,
    StaffInvitation,
    Team,
    User,
)
from alongside.messaging.models import Channel
from alongside.messaging.services import message_send

# Local demo only: every demo staff account shares this TOTP secret so a
# developer can sign in with any authenticator app. Never used outside demo mode.
DEMO_TOTP_SECRET_BASE32 = "ALONGSIDEDEMOTOTPSECRETKEY234567"  # noqa: S105 - demo only
# A new member of staff's set-up link works once, for this many days.
STAFF_INVITATION_DAYS = 7


def base32_to_hex(secret: str) -> str:
    return base64.b32decode(secret.upper()).hex()


def totp_device_create(*, user: User, secret_base32: str | None = None) -> TOTPDevice:
    """Give a staff member a confirmed authenticator with the demo secret: demo mode only.

    Everyone else sets theirs up themselves (``totp_device_pending`` then
    ``totp_device_confirm``), so the secret is only ever on their own phone.
    """
    if not settings.DEMO_MODE:
        raise ValueError("A ready-made authenticator is allowed only in demo mode")
    key = base32_to_hex(secret_base32) if secret_base32 else secrets.token_hex(20)
    return TOTPDevice.objects.create(user=user, name="Authenticator app", key=key, confirmed=True)


def totp_device_confirmed(user: User) -> TOTPDevice | None:
    """The authenticator that signs this person in: confirmed and never reset."""
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True, reset__isnull=True)
        .order_by("-id")
        .first()
    )


@transaction.atomic
def totp_device_pending(*, user: User) -> TOTPDevice:
    """The authenticator being set up: a new random secret, not counted until confirmed."""
    if not user.is_staff_member:
        raise ValueError("Only staff sign in with an authenticator")
    device = (
        TOTPDevice.objects.select_for_update(of=("self",))
        .filter(user=user, confirmed=False, reset__isnull=True)
        .order_by("-id")
        .first()
    )
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="Authenticator app", key=secrets.token_hex(20), confirmed=False
        )
    return device


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, code: str) -> bool:
    """Confirm the authenticator being set up with a code it shows now; False if wrong."""
    device = TOTPDevice.objects.select_for_update(of=("self",)).get(pk=device.pk)
    if device.confirmed or AuthenticatorReset.objects.filter(device=device).exists():
        return False
    if not device.verify_token(code.strip()):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


def totp_secret_text(device: TOTPDevice) -> str:
    """The secret to type into an app, in groups of four: ``ABCD EFGH ...``."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_svg(device: TOTPDevice, *, label: str) -> str:
    """The set-up address as a QR code: an inline SVG with a text alternative, nothing fetched."""
    qr = qrcode.QRCode(border=4, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(device.config_url)
    qr.make(fit=True)
    matrix = qr.get_matrix()
    size = len(matrix)
    path = "".join(
        f"M{x} {y}h1v1h-1z" for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'width="200" height="200" role="img" aria-labelledby="qr-title" '
        f'shape-rendering="crispEdges" class="app-qr__code">'
        f'<title id="qr-title">{escape(label)}</title>'
        f'<rect width="{size}" height="{size}" fill="#ffffff"/>'
        f'<path fill="#0b0c0c" d="{path}"/></svg>'
    )


@transaction.atomic
def totp_device_reset(*, user: User, by: User, reason: str) -> list[AuthenticatorReset]:
    """Turn off someone's authenticator: kept, disabled, with who, when and why.

    They are told at once, with a one-time link to choose a new password and set up a
    new authenticator: the password alone no longer lets anyone set one up.
    """
    if not by.is_active or by.role != Role.ADMIN:
        raise ValidationError({"by": "Only a staff administrator can reset an authenticator"})
    if not reason.strip():
        raise ValidationError({"reason": "Say why the authenticator is being reset"})
    if not user.is_staff_member:
        raise ValidationError({"user": "Only staff sign in with an authenticator"})
    devices = list(
        TOTPDevice.objects.select_for_update(of=("self",))
        .filter(user=user, reset__isnull=True)
        .order_by("id")
    )
    if not devices:
        raise ValidationError({"user": f"{user.full_name} has no authenticator to reset"})
    resets = []
    for device in devices:
        device.confirmed = False
        device.save(update_fields=["confirmed"])
        resets.append(
            AuthenticatorReset.objects.create(
                device=device, user=user, reset_by=by, reason=reason.strip()
            )
        )
    link = _set_up_link(user=user, by=by)
    message_send(
        channel=Channel.EMAIL,
        to_address=user.email,
        to_user=user,
        purpose="authenticator_reset",
        subject="Your authenticator app was reset",
        body=(
            f"{by.full_name} reset your Alongside authenticator app. To set up a new one, "
            f"choose a new password and add Alongside to your app here within "
            f"{STAFF_INVITATION_DAYS} days: {link} The link works once. If you did not ask "
            "for this, tell your manager today."
        ),
    )
    return resets


def _invitation_hash(token: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), token.encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def staff_invite(
    *, email: str, full_name: str, role: str, team: Team | None, by: User
) -> tuple[User, str]:
    """Make a staff account and send its owner a one-time link to choose a password.

    Returns the account and the link. The authenticator is set up at first sign-in.
    """
    errors: dict[str, str] = {}
    if not by.is_active or by.role != Role.ADMIN:
        errors["by"] = "Only a staff administrator can add staff"
    email = email.strip().lower()
    if not email or "@" not in email:
        errors["email"] = "Enter an email address, like name@council.gov.uk"
    elif User.objects.filter(email=email).exists():
        errors["email"] = "Someone already signs in with that email address"
    if not full_name.strip():
        errors["full_name"] = "Enter their full name"
    if role not in STAFF_ROLES:
        errors["role"] = "Choose a staff role: " + ", ".join(sorted(STAFF_ROLES))
    if errors:
        raise ValidationError(errors)
    user = User.objects.create_user(email, None, full_name=full_name.strip(), role=role, team=team)
    link = staff_invitation_send(user=user, by=by)
    return user, link


def staff_invitation_send(*, user: User, by: User) -> str:
    """A new one-time set-up link for this person (earlier ones stop working), sent by email.

    A new authenticator is only ever set up from such a link, never with a password alone.
    """
    if not by.is_active or by.role != Role.ADMIN:
        raise ValidationError({"by": "Only a staff administrator can send a set-up link"})
    if not user.is_active or not user.is_staff_member:
        raise ValidationError({"user": "Only active staff are sent a set-up link"})
    link = _set_up_link(user=user, by=by)
    message_send(
        channel=Channel.EMAIL,
        to_address=user.email,
        to_user=user,
        purpose="staff_invitation",
        subject="Set up your Alongside sign-in",
        body=(
            f"{by.full_name} has given you an Alongside account. Choose your password and set "
            f"up your authenticator app here within {STAFF_INVITATION_DAYS} days: {link} "
            "The link works once."
        ),
    )
    return link


def _set_up_link(*, user: User, by: User) -> str:
    """Make a one-time set-up link (earlier unused ones stop working); only its hash is kept."""
    now = timezone.now()
    token = secrets.token_urlsafe(32)
    StaffInvitation.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
    StaffInvitation.objects.create(
        user=user,
        token_hash=_invitation_hash(token),
        created_by=by,
        expires_at=now + datetime.timedelta(days=STAFF_INVITATION_DAYS),
    )
    return settings.SITE_URL.rstrip("/") + reverse("accounts:set-up", args=[token])


def staff_invitation_find(token: str) -> StaffInvitation | None:
    """The unused, unexpired invitation this link was made for."""
    return (
        StaffInvitation.objects.select_related("user")
        .filter(
            token_hash=_invitation_hash(token),
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )


@transaction.atomic
def staff_password_set(*, invitation: StaffInvitation, password: str) -> User:
    """Use a set-up link once: check the password against the rules and keep only its hash."""
    invitation = StaffInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at is not None or invitation.expires_at <= timezone.now():
        raise ValidationError({"password": "This link has been used or has run out"})
    user = invitation.user
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    return user


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

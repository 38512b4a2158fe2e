"""Alongside settings: one module, everything from environment variables.

Production differs from a developer machine only by environment. See .env.example.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


TESTING = "pytest" in sys.modules or env_bool("ALONGSIDE_TESTING")
DEBUG = env_bool("DJANGO_DEBUG", default=False)
# The fixed demo TOTP secret and demo sign-ins only ever work with this switched on.
DEMO_MODE = env_bool("ALONGSIDE_DEMO", default=DEBUG or TESTING)

if "DJANGO_SECRET_KEY" in os.environ:
    SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
elif DEBUG or TESTING or DEMO_MODE:
    SECRET_KEY = "local-only-key-never-used-in-production-" + "x" * 20  # noqa: S105
else:
    raise RuntimeError(
        "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG and ALONGSIDE_DEMO are off."
    )

ALLOWED_HOSTS = [
    h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [f"http://{h}:8000" for h in ALLOWED_HOSTS if h != "*"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.forms",
    "pgtrigger",
    "pghistory",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django_htmx",
    "alongside.core",
    "alongside.accounts",
    "alongside.people",
    "alongside.cases",
    "alongside.chronology",
    "alongside.audit",
    "alongside.messaging",
    "alongside.journey",
    "alongside.meetings",
    "alongside.documents",
    "alongside.fgc",
    "alongside.plans",
    "alongside.visits",
    "alongside.workforce",
    "alongside.timescales",
    "alongside.plain",
    "alongside.returns",
    "alongside.demo",
    "alongside.staff",
    "alongside.portal",
    "alongside.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "alongside.accounts.middleware.SessionLimitsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "alongside.core.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "alongside.urls"
WSGI_APPLICATION = "alongside.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "alongside" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

DATABASES: dict[str, Any]
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    from alongside.devdb import embedded_database

    DATABASES = {"default": embedded_database()}
# Every request runs in one transaction, so an access-log row and the page it
# records stand or fall together.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if os.environ.get("ALONGSIDE_TEST_DB"):
    # Lets two test runs share one server without sharing a test database.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["ALONGSIDE_TEST_DB"]}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PRODUCTION_PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
PASSWORD_HASHERS = PRODUCTION_PASSWORD_HASHERS
if TESTING:
    # Argon2 is deliberately slow; the suite creates hundreds of users. A test
    # checks that the production list hashes with Argon2.
    PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *PRODUCTION_PASSWORD_HASHERS,
    ]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"

# Lockout: five failed passwords for one username from one address.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = 0.5  # hours
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "email"
AXES_LOCKOUT_CALLABLE = "alongside.accounts.views.locked_out"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "Alongside"
OTP_TOTP_THROTTLE_FACTOR = 1

SESSION_COOKIE_AGE = 30 * 60  # idle timeout, from the session's last renewal
# A request renews the session once it was last renewed this many seconds ago or more
# (accounts.sessions; accounts.middleware), so most requests do not write it back.
SESSION_ENGINE = "alongside.accounts.sessions"
SESSION_RENEW_AFTER = 60
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not (DEBUG or DEMO_MODE)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if not (DEBUG or DEMO_MODE):
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "alongside" / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": os.environ.get("ALONGSIDE_MEDIA_ROOT", str(BASE_DIR / "var" / "media"))
        },
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if TESTING or DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = TESTING or DEBUG
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Attachments on chronology entries.
ATTACHMENT_MAX_BYTES = int(os.environ.get("ALONGSIDE_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))
ATTACHMENT_CONTENT_TYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "text/plain": ".txt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}
DATA_UPLOAD_MAX_MEMORY_SIZE = ATTACHMENT_MAX_BYTES + 1024 * 1024

# Background work: Django's Tasks API with the database backend.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if TESTING
        else "django_tasks_db.DatabaseBackend",
    }
}

# Messages: "outbox" stores and shows every message; "notify" sends through GOV.UK Notify.
MESSAGING_BACKEND = os.environ.get("ALONGSIDE_MESSAGING_BACKEND", "outbox")
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
NOTIFY_EMAIL_TEMPLATE_ID = os.environ.get("NOTIFY_EMAIL_TEMPLATE_ID", "")
NOTIFY_SMS_TEMPLATE_ID = os.environ.get("NOTIFY_SMS_TEMPLATE_ID", "")
if MESSAGING_BACKEND == "notify" and not NOTIFY_API_KEY:
    raise RuntimeError("NOTIFY_API_KEY must be set when ALONGSIDE_MESSAGING_BACKEND is notify.")

# Where staff reach Alongside: the start of links in messages (a new member of staff's
# one-time set-up link).
SITE_URL = os.environ.get("ALONGSIDE_SITE_URL", "http://127.0.0.1:8000")

# The council's three-digit DfE local authority code, written into statutory returns
# (the CIN census header). 999 is no council's code: set it for a real one.
LA_CODE = os.environ.get("ALONGSIDE_LA_CODE", "999")

# Break-glass access lasts this long and needs a second factor this recent.
BREAK_GLASS_MINUTES = 30
BREAK_GLASS_MFA_MINUTES = 5
# Meetings: reports reach the family this many working days before a conference;
# minutes are shared within this many working days after a meeting.
MEETINGS_REPORT_DAYS_INITIAL = int(os.environ.get("ALONGSIDE_REPORT_DAYS_INITIAL", 3))
MEETINGS_REPORT_DAYS_REVIEW = int(os.environ.get("ALONGSIDE_REPORT_DAYS_REVIEW", 5))
MEETINGS_MINUTES_WORKING_DAYS = int(os.environ.get("ALONGSIDE_MINUTES_DAYS", 5))
# Young people: the age from which a child may have their own portal sign-in; who hears
# at once when one says they feel unsafe (their worker, and out of hours the duty team);
# the working hours, on working days, outside which is "out of hours".
PORTAL_YOUNG_PERSON_MIN_AGE = int(os.environ.get("ALONGSIDE_YOUNG_PERSON_MIN_AGE", 12))
DUTY_TEAM_CODE = os.environ.get("ALONGSIDE_DUTY_TEAM_CODE", "demo-front-door")
WORKING_HOURS_START = int(os.environ.get("ALONGSIDE_WORKING_HOURS_START", 9))
WORKING_HOURS_END = int(os.environ.get("ALONGSIDE_WORKING_HOURS_END", 17))
LOGIN_CODE_MINUTES = 10
LOGIN_CODE_MAX_ATTEMPTS = 5

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "alongside": {"handlers": ["console"], "level": "INFO"},
        "axes": {"handlers": ["console"], "level": "WARNING"},
    },
}

# Django forms render as GOV.UK Frontend markup through one set of templates.
FORM_RENDERER = "alongside.core.forms.GovukFormRenderer"

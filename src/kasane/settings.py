"""kasane settings. Everything that differs between machines comes from the environment (see README)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from kasane.lib.env import (
    ConfigurationError,
    data_dir,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    generated_secret,
    private_dir,
    private_file,
)

BASE_DIR = Path(__file__).resolve().parent
ENVIRONMENT = env_choice("KASANE_ENV", ("development", "production"), "development")
PRODUCTION = ENVIRONMENT == "production"
DATA_DIR = data_dir()


def _secret_key() -> str:
    key = env_str("KASANE_SECRET_KEY")
    if PRODUCTION:
        if len(key) < 50 or key.startswith("django-insecure") or len(set(key)) < 5:
            raise ConfigurationError(
                "KASANE_SECRET_KEY must be set to a random value of at least 50 characters in production"
            )
        return key
    if key:
        return key
    # Development and the demo keep a generated key in the data directory so sessions survive restarts.
    return generated_secret(DATA_DIR / "secret_key")


SECRET_KEY = _secret_key()
DEBUG = env_bool("KASANE_DEBUG", False)
if PRODUCTION and DEBUG:
    raise ConfigurationError("KASANE_DEBUG must not be on in production")

ALLOWED_HOSTS = env_list(
    "KASANE_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
if PRODUCTION and (not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS):
    raise ConfigurationError("KASANE_ALLOWED_HOSTS must list this server's host names in production")
CSRF_TRUSTED_ORIGINS = env_list("KASANE_CSRF_TRUSTED_ORIGINS")


def _audit_key() -> str:
    """The key of the audit trail's HMAC chain and of its signed heads. It is not the secret key, so that
    rotating the secret key (sessions, reset links) never breaks the chain, and it is never stored in the
    database: whoever can write the database but not read this key cannot re-forge the chain."""
    key = env_str("KASANE_AUDIT_KEY")
    if PRODUCTION:
        if len(key) < 43 or len(set(key)) < 5:
            raise ConfigurationError(
                "KASANE_AUDIT_KEY must be set to a random value of at least 43 characters in production"
                " (keep a copy apart from the database backups: without it the audit trail cannot be verified)"
            )
        if key == SECRET_KEY:
            raise ConfigurationError("KASANE_AUDIT_KEY must differ from KASANE_SECRET_KEY")
        return key
    if key:
        return key
    # Development and the demo generate one in the data directory, as for the secret key.
    return generated_secret(DATA_DIR / "audit_key")


AUDIT_KEY = _audit_key()
# Where the signed heads of the audit trail are written (`kasane audit publish-head`): outside the database,
# ideally on storage the database's administrators cannot write.
AUDIT_HEAD_DIR = Path(env_str("KASANE_AUDIT_HEAD_DIR") or DATA_DIR / "audit_heads").expanduser().resolve()

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "kasane.core",
    "kasane.tenancy",
    "kasane.accounts",
    "kasane.audit",
    "kasane.agencies",
    "kasane.staff",
    "kasane.resources",
    "kasane.casework",
    "kasane.meetings",
    "kasane.governance",
    "kasane.imports",
    "kasane.outreach",
    "kasane.participation",
    "kasane.readiness",
    "kasane.events",
    "kasane.questionnaires",
    "kasane.dispatch",
    "kasane.community",
    "kasane.annual_report",
    "kasane.api",
    "kasane.home",
    "kasane.programme",
    "kasane.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kasane.audit.middleware.AuditBatchMiddleware",
    "kasane.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kasane.core.middleware.NoStoreForStaffMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kasane.accounts.middleware.IdleTimeoutMiddleware",
    "kasane.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "kasane.urls"
FORM_RENDERER = "kasane.lib.forms.KasaneFormRenderer"
WSGI_APPLICATION = "kasane.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kasane.core.context_processors.kasane",
            ],
            "builtins": ["kasane.core.templatetags.kasane_tags"],
        },
    }
]

# Database: SQLite in the data directory by default; PostgreSQL (production) through DATABASE_URL.
_database_url = env_str("DATABASE_URL")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)}
else:
    # The database file and its directory are the service user's alone (0600 in 0700).
    private_dir(DATA_DIR)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(private_file(DATA_DIR / "kasane.sqlite3")),
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Keep a worker's connection between requests, as PostgreSQL's does: opening one and setting its pragmas
    # cost ~3 ms of CPU per request (benchmarks/pages.py), more than a small page's queries.
    DATABASES["default"]["CONN_MAX_AGE"] = 60
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE makes every transaction take the write lock up front, so two requests cannot both
        # read the audit chain's head and then race to append to it.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
        ),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["TEST"] = {"TEMPLATE": "template0", "CHARSET": "UTF8"}
    # JIT compilation costs 35–450 ms on searches whose plans look expensive but run in milliseconds
    # (measured in benchmarks/person_search.py); kasane's queries are short, so it is switched off.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"

PASSWORD_HASHERS = [
    "kasane.accounts.hashers.KasaneArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ja"
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Uploaded files (scanned consent forms) are personal data: never served directly, only through views
# that run the access check; MEDIA_URL is deliberately unset.
MEDIA_ROOT = DATA_DIR / "files"
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "kasane.core.finders.BundledFontFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Without collectstatic (development, the demo, tests) WhiteNoise serves straight from the apps.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# Sessions and the idle timeout.
KASANE_IDLE_TIMEOUT_MINUTES = env_int("KASANE_IDLE_TIMEOUT_MINUTES", 30, minimum=1)
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Lockout after repeated failed logins (kasane.accounts.throttle): a name from one address, one address
# whatever the names, and a name from any addresses, each counted within KASANE_LOCKOUT_MINUTES.
KASANE_LOCKOUT_THRESHOLD = env_int("KASANE_LOCKOUT_THRESHOLD", 5, minimum=1)
KASANE_LOCKOUT_MINUTES = env_int("KASANE_LOCKOUT_MINUTES", 15, minimum=1)
KASANE_ADDRESS_LOCKOUT_THRESHOLD = env_int("KASANE_ADDRESS_LOCKOUT_THRESHOLD", 30, minimum=1)
KASANE_ACCOUNT_LOCKOUT_THRESHOLD = env_int("KASANE_ACCOUNT_LOCKOUT_THRESHOLD", 50, minimum=1)
# With production settings every role that may see personal data must use two-factor authentication.
KASANE_REQUIRE_2FA_FOR_PERSONAL_DATA = env_bool("KASANE_REQUIRE_2FA_FOR_PERSONAL_DATA", PRODUCTION)
KASANE_TOTP_ISSUER = env_str("KASANE_TOTP_ISSUER", "kasane")
# How long a temporary password an administrator issues stays usable (long enough to hand over after a weekend).
KASANE_TEMPORARY_PASSWORD_HOURS = env_int("KASANE_TEMPORARY_PASSWORD_HOURS", 72, minimum=1)

# Security headers. TLS terminates at nginx, which sets X-Forwarded-Proto.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("KASANE_SSL_REDIRECT", True)
    # Monitors ask for the health check on loopback over plain HTTP; it holds nothing to protect.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("KASANE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = False
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # A preload list is a public-internet concept; LGWAN hosts are not on it.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Mail: none unless a host is set. Inside LGWAN staff paste the events' invitation texts into their own mailer;
# with a host set, the invitations page also offers to send them (kasane.events.invitations).
EMAIL_HOST = env_str("KASANE_EMAIL_HOST", "")
EMAIL_PORT = env_int("KASANE_EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("KASANE_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("KASANE_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("KASANE_EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env_str("KASANE_EMAIL_FROM", "kasane@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("KASANE_LOG_LEVEL", "WARNING")},
}

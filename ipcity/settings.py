"""Settings, read from the environment (see README and docs/operations.md).

Embedded defaults (SQLite and a filesystem Celery broker under var/) let `make run` work with no
servers; production sets DATABASE_URL, REDIS_URL and SECRET_KEY.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105

# 国密 encryption of personal data at rest (crypto/keys.py; docs/operations.md, "Field keys"):
# hex SM4 key, keys still read during a rotation, the HMAC-SM3 blind-index key, and the provider
# (a 密码机 or 密码服务平台 client by its dotted path). Under DEBUG fixed development keys apply.
FIELD_ENCRYPTION_PROVIDER = env.str(
    "FIELD_ENCRYPTION_PROVIDER", default="crypto.keys.SettingsKeyProvider"
)
FIELD_ENCRYPTION_KEY = env.str("FIELD_ENCRYPTION_KEY", default="")
FIELD_ENCRYPTION_OLD_KEYS = env.list("FIELD_ENCRYPTION_OLD_KEYS", default=[])
FIELD_INDEX_KEY = env.str("FIELD_INDEX_KEY", default="")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
DISTRICT_NAME = env.str("DISTRICT_NAME", default="本区")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "simple_history",
    "ipcity.library_apps.LoginLockoutsConfig",
    "csp",
    "django_otp",
    "ipcity.library_apps.AuthenticatorsConfig",
    "crypto",
    "audit",
    "bureaus",
    "core",
    "targets",
    "tasks_registry",
    "enforcement",
    "finance",
    "reports",
    "health",
    "workflow",
    "notifications",
    "exports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Outside the authentication middleware, so it sees the user of the answer.
    "bureaus.private_pages.PrivatePagesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    # Outside the checks below, so it sees their refusals too.
    "audit.middleware.RefusalAuditMiddleware",
    # After the history middleware, so the audit log sees the request they act on.
    "bureaus.middleware.SessionTimeoutMiddleware",
    # The second factor first: a password change is offered to fully logged-in users only.
    "bureaus.middleware.SecondFactorMiddleware",
    "bureaus.middleware.PasswordChangeRequiredMiddleware",
]

ROOT_URLCONF = "ipcity.urls"
WSGI_APPLICATION = "ipcity.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "bureaus.context_processors.portal",
                "core.context_processors.demo",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so a real Celery worker process can share the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
    # Simultaneous writers wait their turn instead of failing with "database is locked": every
    # transaction takes the write lock when it begins (a read-then-write one cannot be overtaken
    # between its read and its write), waits up to 20 s for it, and WAL lets readers go on.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "bureaus.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# MLPS (GB/T 22239-2019 8.1.4.1 a): 8+ characters of 3 of 4 classes, not common, not like the
# username; changed at first login, after an administrator's reset and every 90 days.
# 密评: PBKDF2-HMAC-SM3 first; PBKDF2-SHA256 after it so older hashes verify and are upgraded at
# the next login.
PASSWORD_HASHERS = [
    "bureaus.hashers.PBKDF2SM3PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {
        "NAME": "bureaus.passwords.ComplexityValidator",
        "OPTIONS": {"min_length": 8, "min_classes": 3},
    },
    {"NAME": "bureaus.passwords.RepeatValidator", "OPTIONS": {"max_run": 3}},
    {"NAME": "bureaus.passwords.UsernameValidator"},
    {"NAME": "bureaus.passwords.HistoryValidator"},
]
PASSWORD_MAX_AGE_DAYS = env.int("PASSWORD_MAX_AGE_DAYS", default=90)
# API tokens (bureaus.tokens) stop working this many days after they are issued.
API_TOKEN_DAYS = env.int("API_TOKEN_DAYS", default=30)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# The second factor (TOTP, django-otp): which roles need it is a setting the administrator edits
# in the admin (bureaus.SecondFactorRequirement). A wrong code locks the device for 1, 2, 4, ...
# seconds (django-otp's throttling).
# 等保 level 3: these roles always log in with a second factor; the admin's ticks add others.
# Relax it (e.g. an empty value for a local demo) only where the assessment does not apply.
SECOND_FACTOR_ROLES = env.list(
    "SECOND_FACTOR_ROLES", default=["admin", "auditor", "office", "secadmin"]
)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="ipcity")
OTP_TOTP_THROTTLE_FACTOR = 1

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
# Per client at an account, then per account across clients with its own limit (bureaus.lockout).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_ACCOUNT_FAILURE_LIMIT = env.int("AXES_ACCOUNT_FAILURE_LIMIT", default=20)
AXES_HANDLER = "bureaus.lockout.AccountLockoutHandler"
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "bureaus/locked_out.html"
# X-Forwarded-For is believed only from these addresses or networks (our reverse proxies); none by
# default, so the socket address is the client. audit.ip explains the walk.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "audit.ip.client_ip"

# Kept at least 180 days whatever this says (网络安全法 第二十一条; enforced in audit.tasks).
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=180)
# The HMAC-SM3 key chaining the audit log (audit/chain.py): from the key store in production,
# as AUDIT_HMAC_KEY or a file named by AUDIT_HMAC_KEY_FILE; without either, derived from SECRET_KEY
# (then changing SECRET_KEY breaks the chain's verification: docs/security.md).
AUDIT_HMAC_KEY = env.str("AUDIT_HMAC_KEY", default="")
if not AUDIT_HMAC_KEY and env.str("AUDIT_HMAC_KEY_FILE", default=""):
    AUDIT_HMAC_KEY = Path(env.str("AUDIT_HMAC_KEY_FILE")).read_text().strip()
AUDIT_HMAC_KEY = AUDIT_HMAC_KEY or f"audit-chain:{SECRET_KEY}"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Register exports longer than this run as a background job with a progress page.
EXPORT_SYNC_ROWS = env.int("EXPORT_SYNC_ROWS", default=5000)
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The dashboards' rendered parts, keyed by their data version (reports/dashboard_cache.py): in
# each process's memory, so the pages need no Redis; bounded, old versions age out.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "dashboards": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "dashboards",
        "OPTIONS": {"MAX_ENTRIES": 300},
    },
}

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="ipcity@localhost")
# The address users open the portal at: links in e-mails are made absolute with it.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# Where notifications go besides the page header (notifications/channels.py): email, webhook.
NOTIFICATION_CHANNELS = env.list("NOTIFICATION_CHANNELS", default=["email"])
NOTIFICATION_WEBHOOK_URL = env.str("NOTIFICATION_WEBHOOK_URL", default="")
NOTIFICATION_WEBHOOK_SECRET = env.str("NOTIFICATION_WEBHOOK_SECRET", default="")

REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_DIR = VAR_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 10}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR),
        "data_folder_out": str(CELERY_BROKER_DIR),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request waits at most about two seconds for a broker that is down (one 2 s connection attempt,
# refused ones fail at once, two quick retries); then ipcity/queueing.py keeps the task for later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "health.tasks.heartbeat", "schedule": 60.0},
    "redispatch-pending": {"task": "health.tasks.redispatch_pending", "schedule": 60.0},
    "deliver-due-notifications": {
        "task": "notifications.tasks.deliver_due_notifications",
        "schedule": 60.0,
    },
    "compute-progress": {
        "task": "targets.tasks.compute_progress",
        "schedule": crontab(hour=2, minute=0),  # in CELERY_TIMEZONE, Asia/Shanghai
    },
    "due-reminders": {
        "task": "workflow.tasks.send_due_reminders",
        "schedule": crontab(hour=8, minute=30),
    },
    "supervision-reminders": {
        "task": "tasks_registry.tasks.send_supervision_reminders_task",
        "schedule": crontab(hour=8, minute=40),
    },
    "purge-audit-events": {
        "task": "audit.tasks.purge_old_events",
        "schedule": crontab(hour=3, minute=30),
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "bureaus.token_auth.LoginRulesTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["bureaus.access.ProgrammeUser"],
    # JSON whose strings hold lone surrogates is a 400 (bureaus/params.py); forms as usual.
    "DEFAULT_PARSER_CLASSES": [
        "bureaus.params.TextJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "IP-city portal API",
    "DESCRIPTION": _("API of the IP-strong-city pilot programme portal."),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # `check --deploy` also generates the schema; CI runs that part separately (.ci/run).
    "ENABLE_DJANGO_DEPLOY_CHECK": env.bool("SPECTACULAR_DEPLOY_CHECK", default=True),
    # Several models have a "status" or "source" field with its own choices: name each set.
    "ENUM_NAME_OVERRIDES": {
        "IndicatorSourceEnum": "targets.models.IndicatorSource",
        "CaseSourceEnum": "enforcement.models.Source",
        "TaskStatusEnum": "tasks_registry.models.TaskStatus",
        "CaseStatusEnum": "enforcement.models.CaseStatus",
        "LoanStatusEnum": "finance.models.LoanStatus",
        "SupervisionStatusEnum": "tasks_registry.models.SupervisionStatus",
        "SubmissionStateEnum": "workflow.models.SubmissionState",
        "ProvenanceEnum": "core.provenance.Provenance",
    },
}

# Logged out after 30 minutes without a request and 8 hours after login (bureaus.middleware).
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=8 * 3600)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_COOKIE_HTTPONLY = True
# Reports a read-only role (leaders) may have rendered per hour (reports/report_views.py).
REPORTS_PER_HOUR = env.int("REPORTS_PER_HOUR", default=10)
# The cookie ends with the browser; the server still ends the session after the times above.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# No page of the portal uses these browser features (bureaus/private_pages.py).
PERMISSIONS_POLICY = env.str(
    "PERMISSIONS_POLICY",
    default="camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "display-capture=(), fullscreen=(self)",
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script anywhere (tests/security/test_headers.py checks the templates). Inline styles
# are allowed: a few templates size bars with style="width: …", which runs no code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the container's own health probe speaks HTTP
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

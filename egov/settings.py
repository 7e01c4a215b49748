"""Settings, read from the environment. Every variable is documented in the README.

With nothing set the portal runs embedded: SQLite under ./var, Celery eager, local-memory cache,
media under ./var/media, DEBUG on. DATABASE_URL and REDIS_URL switch to PostgreSQL and Redis.
"""

import secrets
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()


def _development_secret() -> str:
    """A secret generated once per checkout and kept in ./var, so sessions survive restarts."""
    path = VAR_DIR / "dev-secret-key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="") or (_development_secret() if DEBUG else "")
if not SECRET_KEY:
    raise environ.ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_NAME = env.str("SITE_NAME", default="Tỉnh Phú Thọ")
# The portal's public address, printed in the QR codes of issued documents (which outlive any request).
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="http://127.0.0.1:8000" if DEBUG else "")
AUDIT_TRUST_X_FORWARDED_FOR = env.bool("AUDIT_TRUST_X_FORWARDED_FOR", default=False)

INSTALLED_APPS = [
    "egov.accounts",
    "egov.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_filters",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # platform apps
    "egov.audit",
    "egov.directory",
    "egov.workdays",
    "egov.numbering",
    "egov.pdf",
    "egov.signing",
    "egov.notify",
    # business apps
    "services",
    "documents",
    "onestop",
    "onestop.lookup",
    "onestop.payments",
    "onestop.counter",
    "reporting",
    "reporting.regimes",
    "reporting.exports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "egov.security_headers.SecurityHeadersMiddleware",
    "egov.text.HostileTextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "egov.accounts.middleware.SecondFactorMiddleware",
    "egov.audit.context.AuditContextMiddleware",
    "egov.request_memo.RequestMemoMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "egov.urls"
WSGI_APPLICATION = "egov.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "egov.context_processors.portal",
            ],
        },
    },
]

# --- i18n and time --------------------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["egov.formats"]
# The one place the time zone is named: code asks django.utils.timezone.get_default_timezone().
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True


def _office_hours(value: str) -> tuple[tuple[str, str], ...]:
    """'07:30-11:30,13:00-17:00' -> (("07:30", "11:30"), ("13:00", "17:00")); egov.workdays checks them."""
    periods = (period.split("-", 1) for period in value.split(",") if period.strip())
    return tuple((start.strip(), end.strip()) for start, end in periods)


# Working time (egov.workdays): the same office periods every working day; weekdays Monday = 0.
WORKDAYS_OFFICE_HOURS = _office_hours(env.str("WORKDAYS_OFFICE_HOURS", default="07:30-11:30,13:00-17:00"))
WORKDAYS_WEEKDAYS = tuple(env.list("WORKDAYS_WEEKDAYS", cast=int, default=[0, 1, 2, 3, 4]))
WORKDAYS_VERSION_CHECK_SECONDS = env.float("WORKDAYS_VERSION_CHECK_SECONDS", default=1.0)
# One-stop reminders: a dossier this many working days from its due date is "near due"; a result not
# collected this many working days after it was ready is reminded.
ONESTOP_NEAR_DUE_WORKING_DAYS = env.int("ONESTOP_NEAR_DUE_WORKING_DAYS", default=1)
ONESTOP_UNCOLLECTED_WORKING_DAYS = env.int("ONESTOP_UNCOLLECTED_WORKING_DAYS", default=5)

# --- Database -------------------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'egov.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let runserver, a test and a shell share the file without "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The schema owner, when the application connects as a role that owns nothing (egov.audit.grants):
# `migrate` uses it and grants the application's role; tests mirror it onto their own database.
if env.str("DATABASE_MIGRATE_URL", default=""):
    DATABASES["owner"] = env.db_url("DATABASE_MIGRATE_URL")
    DATABASES["owner"]["TEST"] = {"MIRROR": "default"}
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Celery -----------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "egov",
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "egov"}}
    # No broker: tasks run in the caller's process; the URL points at nothing so no connection is tried.
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The whole beat schedule lives here; each app adds its jobs by name.
CELERY_BEAT_SCHEDULE = {
    "accounts-clear-expired-sessions": {
        "task": "egov.accounts.tasks.clear_expired_sessions",
        "schedule": crontab(hour=2, minute=30),
    },
    "documents-deadline-reminders": {
        "task": "documents.tasks.deadline_reminders",
        "schedule": crontab(minute=0, hour="7-17"),
    },
    "documents-leader-digests": {
        "task": "documents.tasks.leader_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    "notify-requeue-stalled": {
        "task": "egov.notify.tasks.requeue_stalled",
        "schedule": crontab(minute="*/5"),
    },
    "onestop-deadline-sweep": {
        "task": "onestop.tasks.deadline_sweep",
        "schedule": crontab(minute="*/30", hour="7-17"),
    },
    "signing-warn-expiring-certificates": {
        "task": "egov.signing.tasks.warn_expiring_certificates",
        "schedule": crontab(hour=6, minute=15),
    },
}

# --- Auth -----------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "egov.accounts.backends.UsernameOrEmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"

OTP_TOTP_ISSUER = SITE_NAME

# National single sign-on (OpenID Connect). Empty issuer: the local test identity provider is used.
SSO_ISSUER = env.str("SSO_ISSUER", default="")
SSO_CLIENT_ID = env.str("SSO_CLIENT_ID", default="egov-local")
SSO_CLIENT_SECRET = env.str("SSO_CLIENT_SECRET", default="local-secret")
SSO_LOCAL_IDP = env.bool("SSO_LOCAL_IDP", default=DEBUG)
if SSO_LOCAL_IDP and not DEBUG:
    # it signs in anyone as any personal ID typed on its page
    raise environ.ImproperlyConfigured("SSO_LOCAL_IDP is for development only: it needs DEBUG on")

# --- Static and media -----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/swagger-ui", BASE_DIR / "node_modules" / "swagger-ui-dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]
FONT_DIR = BASE_DIR / "static" / "fonts"
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
# Bounds of work anyone can ask for (see README, Configuration)
VERIFY_MAX_BYTES = env.int("VERIFY_MAX_BYTES", default=10 * 1024 * 1024)
VERIFY_MAX_PAGES = env.int("VERIFY_MAX_PAGES", default=500)
VERIFY_MAX_SIGNATURES = env.int("VERIFY_MAX_SIGNATURES", default=20)
# scope: (requests, seconds) per client address; "verify" checks an uploaded PDF, seconds of CPU each
RATE_LIMITS = {"verify": (env.int("VERIFY_PER_MINUTE", default=10), 60)}
FORM_DRAFT_MAX_BYTES = env.int("FORM_DRAFT_MAX_BYTES", default=256 * 1024)
FORM_DRAFTS_MAX_PER_USER = env.int("FORM_DRAFTS_MAX_PER_USER", default=50)
CATALOGUE_IMPORT_MAX_BYTES = env.int("CATALOGUE_IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
CATALOGUE_IMPORT_MAX_UNPACKED_BYTES = env.int("CATALOGUE_IMPORT_MAX_UNPACKED_BYTES", default=50 * 1024 * 1024)

# --- Signing --------------------------------------------------------------------------------------------
# Trust anchors: certificate files (PEM or DER) or folders of them. Empty: nothing is trusted, except the
# demo root CA in DEBUG or demo mode.
SIGNING_TRUST_ROOTS = env.list("SIGNING_TRUST_ROOTS", default=[])
SIGNING_DEMO_MODE = env.bool("SIGNING_DEMO_MODE", default=False)
SIGNING_DEMO_DIR = Path(env.str("SIGNING_DEMO_DIR", default=str(VAR_DIR / "signing-demo")))
SIGNING_CACHE_DIR = Path(env.str("SIGNING_CACHE_DIR", default=str(VAR_DIR / "cache" / "signing")))

# --- E-mail ---------------------------------------------------------------------------------------------
EMAIL_URL = env.str("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")


def _mailer(url: str) -> dict:
    """EMAIL_URL (smtp://user:pass@host:587, smtp+tls://, smtp+ssl://, consolemail://) as a MAILERS entry."""
    parsed = env.email_url_config(url)
    options = {
        key: parsed[name]
        for key, name in [
            ("host", "EMAIL_HOST"),
            ("port", "EMAIL_PORT"),
            ("username", "EMAIL_HOST_USER"),
            ("password", "EMAIL_HOST_PASSWORD"),
            ("use_tls", "EMAIL_USE_TLS"),
            ("use_ssl", "EMAIL_USE_SSL"),
        ]
        if parsed.get(name) not in (None, "")
    }
    backend = parsed["EMAIL_BACKEND"]
    return {"BACKEND": backend, "OPTIONS": options if backend.endswith("smtp.EmailBackend") else {}}


MAILERS = {"default": _mailer(EMAIL_URL)}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="cong-dich-vu-cong@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- API ------------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # both refuse a role that needs the second factor until it is given (session: the code page;
        # token: issued only with a valid code)
        "egov.accounts.api_auth.SessionAuthentication",
        "egov.accounts.api_auth.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "egov.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": f"API Cổng dịch vụ công {SITE_NAME}",
    "DESCRIPTION": (
        "API of the e-government portal: documents, one-stop dossiers, public services. Authentication: the "
        "session, or `Authorization: Token <key>` from POST /api/v1/auth/token/. Roles that need the second "
        "factor (leader, agency and system admins) must send the current 6-digit code as `otp` there (else "
        "400 with the reason); only tokens issued that way are accepted for them."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # two apps name a field "channel" with different choices: each enum gets its own name
    "ENUM_NAME_OVERRIDES": {
        "DocumentChannelEnum": "documents.models.Channel",
        "DossierChannelEnum": "onestop.models.Channel",
        "DossierStatusEnum": "onestop.models.Status",
    },
    # the interactive docs load Swagger UI from our own static files, never from a CDN
    "SWAGGER_UI_DIST": f"{STATIC_URL}vendor/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": f"{STATIC_URL}favicon.svg",
}

# --- Security -------------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
CSRF_FAILURE_VIEW = "egov.error_pages.csrf_failure"  # Vietnamese, not Django's English page
X_FRAME_OPTIONS = "DENY"  # views that embed our own PDFs opt in with @xframe_options_sameorigin
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Only our own files run or style a page: no inline script or style, no eval, no CDN (egov.security_headers
# adds Permissions-Policy and no-store). data: images are the icons inside Swagger UI's stylesheet.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # container and load-balancer probes speak plain HTTP on the inside
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {"pyhanko_certvalidator": {"level": "ERROR"}},
}

# --- Notifications to people (egov.notify) ---------------------------------------------------------------
# The SMS gateway: a dotted path to an egov.notify.providers.SmsProvider subclass. The local one keeps
# each SMS in the database (admin: "Tin nhắn SMS (máy chủ thử)") instead of sending it.
NOTIFY_SMS_PROVIDER = env.str("NOTIFY_SMS_PROVIDER", default="egov.notify.providers.LocalSmsProvider")
# Attempts of one message before it is given up; the wait after the n-th failure is base × 2^(n-1) seconds,
# at most the max.
NOTIFY_MAX_ATTEMPTS = env.int("NOTIFY_MAX_ATTEMPTS", default=6)
NOTIFY_RETRY_BASE_SECONDS = env.float("NOTIFY_RETRY_BASE_SECONDS", default=60.0)
NOTIFY_RETRY_MAX_SECONDS = env.float("NOTIFY_RETRY_MAX_SECONDS", default=6 * 3600.0)
# The beat sweep hands a message to the workers again when it is this late (a worker died while sending,
# a task was lost); longer than CELERY_TASK_TIME_LIMIT, so a slow send is stopped before it is retaken.
NOTIFY_STALE_SECONDS = env.int("NOTIFY_STALE_SECONDS", default=900)

# --- Public dossier lookup (onestop.lookup) --------------------------------------------------------------
# /tra-cuu-ho-so/<mã hồ sơ>/ and its API: lookups per client address per minute, page and API together.
RATE_LIMITS["lookup"] = (env.int("LOOKUP_PER_MINUTE", default=30), 60)
# its public stages are one enum of the API schema, apart from the dossier's own statuses
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]["DossierStageEnum"] = "onestop.lookup.public.Stage"

# --- Counter queue (onestop.counter) ---------------------------------------------------------------------
# Just after local midnight the tickets earlier days left open are closed (the first ticket of an area
# each day does it for its desk too, so this job only tidies desks that issued nothing).
CELERY_BEAT_SCHEDULE["counter-close-past-days"] = {
    "task": "onestop.counter.tasks.close_past_days",
    "schedule": crontab(hour=0, minute=5),
}
# Periodic reports (reporting.regimes): the instances of the periods begun, then the reminders due
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]["ReportInstanceStatusEnum"] = "reporting.regimes.models.Status"
CELERY_BEAT_SCHEDULE["report-regimes-create-instances"] = {
    "task": "reporting.regimes.tasks.create_instances",
    "schedule": crontab(hour=6, minute=40),
}
CELERY_BEAT_SCHEDULE["report-regimes-send-reminders"] = {
    "task": "reporting.regimes.tasks.send_reminders",
    "schedule": crontab(hour=7, minute=10),
}
# Dossier statistics (reporting.ledger): each night the summaries are recounted from the dossiers; any
# difference is logged and kept as a RecountRun (there should be none)
CELERY_BEAT_SCHEDULE["reporting-nightly-recount"] = {
    "task": "reporting.tasks.nightly_recount",
    "schedule": crontab(hour=1, minute=30),
}

# --- Online payment of fees (onestop.payments) ----------------------------------------------------------
# The gateway speaks VNPay 2.1.0. With DEBUG on and nothing set, the local test gateway inside the portal
# (/thanh-toan/cong-thu/) plays the gateway's part with a demo secret; in production set the gateway's
# addresses, terminal code and secret, and leave PAYMENT_LOCAL_GATEWAY off.
PAYMENT_LOCAL_GATEWAY = env.bool("PAYMENT_LOCAL_GATEWAY", default=DEBUG)
PAYMENT_GATEWAY_URL = env.str(
    "PAYMENT_GATEWAY_URL", default="/thanh-toan/cong-thu/" if PAYMENT_LOCAL_GATEWAY else ""
)
PAYMENT_QUERY_URL = env.str(
    "PAYMENT_QUERY_URL", default="/thanh-toan/cong-thu/querydr/" if PAYMENT_LOCAL_GATEWAY else ""
)
PAYMENT_TMN_CODE = env.str("PAYMENT_TMN_CODE", default="EGOVDEMO" if DEBUG else "")
PAYMENT_HASH_SECRET = env.str("PAYMENT_HASH_SECRET", default="egov-demo-payment-secret" if DEBUG else "")
if PAYMENT_LOCAL_GATEWAY and not DEBUG:
    raise environ.ImproperlyConfigured("PAYMENT_LOCAL_GATEWAY is for development only: it needs DEBUG on")
PAYMENT_EXPIRE_MINUTES = env.int("PAYMENT_EXPIRE_MINUTES", default=15)
PAYMENT_GATEWAY_TIMEOUT = env.float("PAYMENT_GATEWAY_TIMEOUT", default=10.0)
CELERY_BEAT_SCHEDULE["payments-reconcile-yesterday"] = {
    "task": "onestop.payments.tasks.reconcile_yesterday",
    "schedule": crontab(hour=3, minute=10),
}

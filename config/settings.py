"""Settings, all read from the environment (django-environ); see `.env.example`.

The defaults need no services: SQLite and eager Celery. A `postgres://` DATABASE_URL and a
`redis://` CELERY_BROKER_URL switch to the real stack with no code change.
"""

from datetime import timedelta
from pathlib import Path

import django_stubs_ext
import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

django_stubs_ext.monkeypatch()  # generic admin/queryset classes at runtime

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    env.read_env(str(BASE_DIR / ".env"))

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105 - debug only

# How many reverse proxies in front of the app append to X-Forwarded-For. 0 (the default)
# trusts no header and uses the socket's address; behind one proxy (the usual deployment) 1.
# Throttling and login lockout key on the client address this yields (docs/operations.md).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "axes",
    "django_celery_beat",
    "common",
    "organisation",
    "notifications",
    "roster",
    "requests_desk",
    "approvals",
    "console",
    "demo",
]

MIDDLEWARE = [
    "common.middleware.RequestIdMiddleware",  # first: every response and log line has an id
    "common.middleware.ApiJsonErrorsMiddleware",  # every error under /api/ is JSON (ADR 0002)
    "common.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "common.middleware.ApiCommonMiddleware",  # CommonMiddleware, no slash redirect in /api/
    "django.middleware.http.ConditionalGetMiddleware",
    "common.middleware.ApiCacheHeadersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "common.middleware.UserLanguageMiddleware",  # after auth: his preference wins
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "common.middleware.ApiAuditMiddleware",  # after auth: the view has set request.user
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
USES_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves a phone app and a planner at once: write-ahead logging lets
    # readers run beside the one writer, every write transaction takes the write lock when it
    # begins (IMMEDIATE: no "database is locked" when a reader upgrades to a writer half-way),
    # and a writer waits up to SQLITE_BUSY_TIMEOUT_S for the lock instead of failing at once.
    # `python -m bench.embedded_writes` measures it (docs/benchmarks.md).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env.float("SQLITE_BUSY_TIMEOUT_S", default=20.0),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "organisation.Officer"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # refuses every password (API, console, admin) while PASSWORD_LOGIN_ENABLED is off
    "organisation.auth_backends.PasswordLoginSwitch",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation --------------------------------------------------------------
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="nl")
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "media/"

# --- Cache (throttling, idempotency polling) -------------------------------------------
CACHE_URL = env.str("CACHE_URL", default="")
if CACHE_URL:
    CACHES = {"default": env.cache_url("CACHE_URL")}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- REST framework ---------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "common.api.DefaultPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "common.schema.AutoSchema",
    "EXCEPTION_HANDLER": "common.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "common.throttling.UserThrottle",
        "common.throttling.AnonThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": env.str("THROTTLE_USER_RATE", default="600/min"),
        "anon": env.str("THROTTLE_ANON_RATE", default="60/min"),
        "healthz": env.str("THROTTLE_HEALTHZ_RATE", default="120/min"),
    },
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # The API speaks JSON: any other body is a 415 (the attachment upload alone takes
    # multipart/form-data, on its own view).
    "DEFAULT_PARSER_CLASSES": ["common.parsers.StrictJSONParser"],
    # Throttles key anonymous clients on the address the trusted proxies saw (see below).
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
if DEBUG:
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] = [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ]

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=14)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    # Tokens carry a hash of the password: a password change ends every session at once.
    "CHECK_REVOKE_TOKEN": True,
    "SIGNING_KEY": env.str("JWT_SIGNING_KEY", default=SECRET_KEY),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Samenroosteren API",
    "DESCRIPTION": (
        "Backend of the police self-rostering app and the one request desk. "
        "Every error is `{code, detail, fields}`; see the `Error` schema for all codes. "
        "Every POST honours an `Idempotency-Key` header; GETs carry an ETag."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the installed sidecar package: the docs work with no internet access.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # `<id:...>` path ids (common.converters): whole numbers from 1 to 2**63 - 1
    "PATH_CONVERTER_OVERRIDES": {
        "id": {"type": "integer", "format": "int64", "minimum": 1, "maximum": 2**63 - 1}
    },
    "ENUM_NAME_OVERRIDES": {
        "ShiftKindEnum": "roster.models.ShiftKind",
        # the kinds a manager records (`unavailable` only the officer files himself)
        "AbsenceKindEnum": "roster.api.serializers.absences.RECORDED_KIND_CHOICES",
        "ShownAbsenceKindEnum": "organisation.need_to_know.SHOWN_KIND_CHOICES",
        "InboxKindEnum": "approvals.registry.INBOX_KINDS",
        # a solve job's and a joint solve's status (issue 18), under the name it had
        "SolveJobOutputStatusEnum": "roster.models.SolveStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "common.schema.postprocess_error_codes",
    ],
}

# --- Idempotency, request size ------------------------------------------------------------
IDEMPOTENCY_KEY_TTL_HOURS = env.int("IDEMPOTENCY_KEY_TTL_HOURS", default=24)
# Sync (`common.sync`, docs/sync.md): snapshots kept per user and list, and their longest life
SYNC_SNAPSHOTS_KEPT = env.int("SYNC_SNAPSHOTS_KEPT", default=5)
SYNC_SNAPSHOT_MAX_AGE_DAYS = env.int("SYNC_SNAPSHOT_MAX_AGE_DAYS", default=30)
IDEMPOTENCY_WAIT_SECONDS = env.float("IDEMPOTENCY_WAIT_SECONDS", default=5.0)
MAX_REQUEST_BODY_BYTES = env.int("MAX_REQUEST_BODY_BYTES", default=1_048_576)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BODY_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BODY_BYTES

# --- Login lockout (django-axes) ----------------------------------------------------------
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
# Lock a username only together with the client's address (common.net.client_ip, which honours
# TRUSTED_PROXY_COUNT): five wrong passwords from one place cannot lock a colleague out
# everywhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "common.net.client_ip"
AXES_LOCKOUT_CALLABLE = "common.api.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

# --- Single sign-on (OpenID Connect) ------------------------------------------------------
# We are a relying party of the force's identity provider (docs/operations.md, "Single sign-on").
# The app logs in with the authorization code flow with PKCE and hands us the code
# (POST /api/v1/auth/oidc/token/); the console redirects the browser itself. Either way the
# ID token's signature (the provider's JWKS), issuer, audience, expiry and nonce are checked,
# OIDC_CLAIM is matched to the officer's OIDC_OFFICER_FIELD, and our own tokens are issued.
OIDC_ENABLED = env.bool("OIDC_ENABLED", default=False)
OIDC_ISSUER = env.str("OIDC_ISSUER", default="")  # discovery: <issuer>/.well-known/openid-...
OIDC_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="")  # the app: a public client (PKCE)
OIDC_APP_REDIRECT_URIS = env.list("OIDC_APP_REDIRECT_URIS", default=[])
OIDC_CONSOLE_CLIENT_ID = env.str("OIDC_CONSOLE_CLIENT_ID", default=OIDC_CLIENT_ID)
OIDC_CONSOLE_CLIENT_SECRET = env.str("OIDC_CONSOLE_CLIENT_SECRET", default="")
OIDC_SCOPES = env.list("OIDC_SCOPES", default=["openid"])
OIDC_CLAIM = env.str("OIDC_CLAIM", default="employee_number")
OIDC_OFFICER_FIELD = env.str("OIDC_OFFICER_FIELD", default="employee_number")
OIDC_ID_TOKEN_ALGORITHMS = env.list("OIDC_ID_TOKEN_ALGORITHMS", default=["RS256"])
OIDC_CLOCK_SKEW_S = env.int("OIDC_CLOCK_SKEW_S", default=60)
OIDC_HTTP_TIMEOUT_S = env.float("OIDC_HTTP_TIMEOUT_S", default=5.0)
OIDC_DISCOVERY_CACHE_S = env.int("OIDC_DISCOVERY_CACHE_S", default=3600)
OIDC_PROVIDER_NAME = env.str("OIDC_PROVIDER_NAME", default="")  # the console's button text
# Username and password (the demo logins): off, every password is refused (403
# `password_login_disabled` from the API) and the console shows only the single sign-on button.
PASSWORD_LOGIN_ENABLED = env.bool("PASSWORD_LOGIN_ENABLED", default=True)
if OIDC_OFFICER_FIELD not in ("employee_number", "username"):  # the officer's unique fields
    raise ImproperlyConfigured("OIDC_OFFICER_FIELD must be employee_number or username.")

# --- CORS (the phone app's web views / dev tools) -----------------------------------------
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"

# --- Celery ------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", 3600)}
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "purge-idempotency-keys": {
        "task": "common.tasks.purge_idempotency_records",
        "schedule": timedelta(hours=1),
    },
    "purge-sync-snapshots": {
        "task": "common.tasks.purge_sync_snapshots",
        "schedule": timedelta(hours=6),
    },
    "requests-escalate-overdue": {
        "task": "requests_desk.tasks.escalate_overdue_requests",
        "schedule": timedelta(minutes=15),
    },
    "roster-expire-swaps": {
        "task": "roster.tasks.expire_swaps",
        "schedule": timedelta(minutes=15),
    },
    "roster-void-stale-swap-chains": {
        "task": "roster.tasks.void_stale_swap_chains",
        "schedule": timedelta(minutes=15),
    },
    "roster-award-open-shifts": {
        "task": "roster.tasks.award_open_shifts",
        "schedule": timedelta(minutes=5),
    },
    "roster-void-lent-claims": {
        "task": "roster.tasks.void_lent_claims",
        "schedule": timedelta(minutes=5),
    },
    "requests-purge-expired": {
        "task": "requests_desk.tasks.purge_expired_requests",
        "schedule": timedelta(days=1),
    },
    "roster-announce-expiring-qualifications": {
        "task": "roster.tasks.announce_expiring_qualifications",
        "schedule": timedelta(days=1),
    },
    "organisation-sync-contract-hours": {
        "task": "organisation.tasks.sync_contract_hours",
        "schedule": timedelta(hours=1),  # hourly: a change starting today applies before 01:00
    },
}

# How many days ahead an officer and his planners hear that a qualification expires (issue 18).
QUALIFICATION_EXPIRY_NOTICE_DAYS = env.int("QUALIFICATION_EXPIRY_NOTICE_DAYS", default=60)

# --- Request desk -------------------------------------------------------------------------
REQUESTS_PUSH_BACKEND = env.str("REQUESTS_PUSH_BACKEND", default="console")  # or "webhook"
REQUESTS_PUSH_WEBHOOK_URL = env.str("REQUESTS_PUSH_WEBHOOK_URL", default="")
REQUESTS_PUSH_TIMEOUT_S = env.float("REQUESTS_PUSH_TIMEOUT_S", default=5.0)
# HMAC key that signs every webhook push (X-Samen-Signature); required with the webhook backend
REQUESTS_PUSH_WEBHOOK_SECRET = env.str("REQUESTS_PUSH_WEBHOOK_SECRET", default="")
# Push to officers' registered phones (docs/operations.md, "Push to phones"). A provider is on
# only when enabled; its credentials are files outside the repository.
PUSH_TIMEOUT_S = env.float("PUSH_TIMEOUT_S", default=10.0)
# A push the provider could not take (429, 5xx, no answer) is tried again this many times,
# after 30 s, 1, 2, 4 ... minutes (or the provider's Retry-After), at most an hour apart.
PUSH_MAX_RETRIES = env.int("PUSH_MAX_RETRIES", default=6)
# The most phones one officer keeps registered; registering one more drops his oldest.
PUSH_MAX_DEVICES_PER_OFFICER = env.int("PUSH_MAX_DEVICES_PER_OFFICER", default=10)
# Kinds whose push may carry the notification's short title (only kinds that name nobody;
# notifications.push.message.BODY_ELIGIBLE_KINDS). Default: none, a neutral title only.
PUSH_BODY_KINDS = env.list("PUSH_BODY_KINDS", default=[])
PUSH_FCM_ENABLED = env.bool("PUSH_FCM_ENABLED", default=False)
PUSH_FCM_CREDENTIALS_FILE = env.str("PUSH_FCM_CREDENTIALS_FILE", default="")  # service account
PUSH_FCM_PROJECT_ID = env.str("PUSH_FCM_PROJECT_ID", default="")  # empty: the key file's
PUSH_FCM_BASE_URL = env.str("PUSH_FCM_BASE_URL", default="https://fcm.googleapis.com")
PUSH_APNS_ENABLED = env.bool("PUSH_APNS_ENABLED", default=False)
PUSH_APNS_KEY_FILE = env.str("PUSH_APNS_KEY_FILE", default="")  # the .p8 signing key
PUSH_APNS_KEY_ID = env.str("PUSH_APNS_KEY_ID", default="")
PUSH_APNS_TEAM_ID = env.str("PUSH_APNS_TEAM_ID", default="")
PUSH_APNS_TOPIC = env.str("PUSH_APNS_TOPIC", default="")  # the app's bundle id
# https://api.sandbox.push.apple.com for development builds of the app
PUSH_APNS_BASE_URL = env.str("PUSH_APNS_BASE_URL", default="https://api.push.apple.com")
PUSH_APNS_CA_FILE = env.str("PUSH_APNS_CA_FILE", default="")  # empty: the system's roots
REQUESTS_ATTACHMENT_MAX_BYTES = env.int("REQUESTS_ATTACHMENT_MAX_BYTES", default=1_000_000)
# The longest delegation of approvals an approver may set up, in days (a substitute's
# approval and read access end with it).
DELEGATION_MAX_DAYS = env.int("DELEGATION_MAX_DAYS", default=90)
# The occupational-health desk (the desk of the sick report): its staff, the officer himself
# and nobody else may learn why an officer is absent (organisation/need_to_know.py).
HEALTH_DESK_CODE = env.str("HEALTH_DESK_CODE", default="vz")
# Yearly leave on top of the statutory 4 weeks, in minutes for a full-time week, pro rata to
# the contract (CAO; organisation.employment_selectors.leave_entitlement_minutes).
LEAVE_EXTRA_MINUTES_FULL_TIME = env.int("LEAVE_EXTRA_MINUTES_FULL_TIME", default=64 * 60)

# --- Monitoring ----------------------------------------------------------------------------
# `/healthz?deep=1` (runs a task on a worker) answers only to this token in X-Health-Token.
HEALTHZ_DEEP_TOKEN = env.str("HEALTHZ_DEEP_TOKEN", default="")

# --- Solver ------------------------------------------------------------------------------
SOLVER_TIME_LIMIT_S = env.float("SOLVER_TIME_LIMIT_S", default=30.0)
SOLVER_WORKERS = env.int("SOLVER_WORKERS", default=2)
# The lexicographic stage order sent with every solve, comma-separated; empty: the solver's
# default (shortfall,changes,fairness,wishes,totals). Shortfall must come first and totals
# last (docs/solver_io.md, "Stages"); a bad list makes every solve fail with an input error.
SOLVER_STAGES = env.list("SOLVER_STAGES", default=[])

# --- Security (production) ----------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="samenroosteren@localhost")

# LOG_FORMAT=json (production, `make prod-like`): one JSON object per line with the request id;
# text (default) for a terminal. Every line carries the request id (common.logging).
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "common.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "common.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # the one-line-per-request log; LOG_REQUESTS=0 leaves it to the proxy/gunicorn
        "samen.request": {"level": "INFO" if env.bool("LOG_REQUESTS", default=True) else "WARNING"},
        # Django's own per-request warnings (4xx) repeat what samen.request says
        "django.request": {"level": "ERROR"},
    },
}

# SQLite (dev only) cannot enforce the NULLS NOT DISTINCT role constraint; PostgreSQL does.
SILENCED_SYSTEM_CHECKS = ["models.W047"]
AXES_VERBOSE = env.bool("AXES_VERBOSE", default=False)

# --- Production controls -------------------------------------------------------------------
# DEPLOYMENT=production (set by the deployment; the default is development) refuses to start
# while a control that matters only in production is missing. docs/operations.md lists each
# control with the test that shows it.
DEPLOYMENT = env.str("DEPLOYMENT", default="development")
if DEPLOYMENT == "production":
    _missing = []
    if DEBUG:
        _missing.append("DEBUG must be off")
    if "TRUSTED_PROXY_COUNT" not in env.ENVIRON:
        _missing.append("TRUSTED_PROXY_COUNT (how many reverse proxies are in front; 0 for none)")
    if SECURE_HSTS_SECONDS < 31_536_000:
        _missing.append("SECURE_HSTS_SECONDS of at least one year")
    if not SECURE_SSL_REDIRECT:
        _missing.append("SECURE_SSL_REDIRECT=1")
    if not CACHE_URL:
        _missing.append("CACHE_URL (a cache shared by all processes, for throttling)")
    if not USES_POSTGRES:
        _missing.append("DATABASE_URL of PostgreSQL")
    if not CELERY_BROKER_URL:
        _missing.append("CELERY_BROKER_URL (a real broker and worker)")
    if REQUESTS_PUSH_BACKEND == "webhook" and not REQUESTS_PUSH_WEBHOOK_SECRET:
        _missing.append("REQUESTS_PUSH_WEBHOOK_SECRET (signs webhook pushes)")
    if REQUESTS_PUSH_BACKEND == "webhook" and not REQUESTS_PUSH_WEBHOOK_URL.startswith("https://"):
        _missing.append("REQUESTS_PUSH_WEBHOOK_URL over https://")
    if OIDC_ENABLED:
        if not OIDC_ISSUER.startswith("https://"):
            _missing.append("OIDC_ISSUER over https:// (single sign-on is enabled)")
        if not OIDC_CLIENT_ID:
            _missing.append("OIDC_CLIENT_ID (single sign-on is enabled)")
        if not OIDC_APP_REDIRECT_URIS:
            _missing.append("OIDC_APP_REDIRECT_URIS (single sign-on is enabled)")
        if "none" in (a.lower() for a in OIDC_ID_TOKEN_ALGORITHMS) or any(
            a.upper().startswith("HS") for a in OIDC_ID_TOKEN_ALGORITHMS
        ):
            _missing.append("OIDC_ID_TOKEN_ALGORITHMS of public-key algorithms only")
    if not OIDC_ENABLED and not PASSWORD_LOGIN_ENABLED:
        _missing.append("a way to log in: OIDC_ENABLED or PASSWORD_LOGIN_ENABLED")
    if PUSH_FCM_ENABLED:
        if not PUSH_FCM_CREDENTIALS_FILE or not Path(PUSH_FCM_CREDENTIALS_FILE).is_file():
            _missing.append("PUSH_FCM_CREDENTIALS_FILE (an existing service-account key file)")
        if not PUSH_FCM_BASE_URL.startswith("https://"):
            _missing.append("PUSH_FCM_BASE_URL over https://")
    if PUSH_APNS_ENABLED:
        if not PUSH_APNS_KEY_FILE or not Path(PUSH_APNS_KEY_FILE).is_file():
            _missing.append("PUSH_APNS_KEY_FILE (an existing .p8 signing key)")
        _apns_ids = {
            "PUSH_APNS_KEY_ID": PUSH_APNS_KEY_ID,
            "PUSH_APNS_TEAM_ID": PUSH_APNS_TEAM_ID,
            "PUSH_APNS_TOPIC": PUSH_APNS_TOPIC,
        }
        _missing.extend(name for name, value in _apns_ids.items() if not value)
        if not PUSH_APNS_BASE_URL.startswith("https://"):
            _missing.append("PUSH_APNS_BASE_URL over https://")
    if _missing:
        raise ImproperlyConfigured("Production settings incomplete: " + "; ".join(_missing))

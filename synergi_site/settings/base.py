"""Settings shared by every environment, safe for production on their own.

DEBUG is off and there is no default SECRET_KEY: dev.py and test.py add the
conveniences, production.py adds the hardening. Everything that differs between
machines comes from the environment.
"""

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

from wagtail.embeds.oembed_providers import vimeo, youtube

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "synergi_site"


def env_list(name, default=""):
    """A comma-separated environment variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "news",
    "pledge",
    "consent",
    "search",
    "newsdesk",
    "pagecache",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # The full-page cache, first: a hit is the complete stored response, security headers included,
    # answered before any other middleware, session or database work (pagecache/).
    "pagecache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Security headers (CSP with a looser policy for the admin, Permissions-Policy).
    "synergi_site.security.SiteCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # The site's own 400/405/503 pages (a database outage answers 503, not 500).
    "synergi_site.errors.ErrorPagesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "synergi_site.urls"
WSGI_APPLICATION = "synergi_site.wsgi.application"

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
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite in the project folder unless DATABASE_URL says otherwise
# (postgres://user@host:5432/name in production and CI).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast when the database is unreachable instead of hanging a worker.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 3
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The server and the task worker (make run) share one file: each transaction takes the write
    # lock at its start, as django-tasks-db's worker needs, and the other waits up to 20 s for it.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "EXCLUSIVE", "timeout": 20})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis when REDIS_URL is set, otherwise a per-process memory cache.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "synergi",
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                # A cache outage must not take the site down: misses instead of errors.
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The full-page cache (pagecache/): anonymous visitors share one copy of each public page,
# emptied whenever an editor publishes or changes anything pages show. PAGE_CACHE=on|off;
# unset: on, except under DEBUG (template edits show at once) and see production.py.
PAGE_CACHE_ENABLED = {"on": True, "off": False}.get(os.environ.get("PAGE_CACHE", "").lower())
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "3600"))
# Cache-Control on public pages: browsers keep a page for a minute, a CDN (purged on publish) longer.
PAGE_CACHE_BROWSER_MAX_AGE = int(os.environ.get("PAGE_CACHE_BROWSER_MAX_AGE", "60"))
PAGE_CACHE_SHARED_MAX_AGE = int(os.environ.get("PAGE_CACHE_SHARED_MAX_AGE", "600"))
# Never looked at, besides the admin and static files.
PAGE_CACHE_EXCLUDED_PATHS = ["/documents/", "/media/"]
# A page that reads one of these with a value answers one visitor (a search): sent private, never kept.
PAGE_CACHE_PRIVATE_PARAMETERS = ["q"]
# At most this many entries per address (its query variants) per generation: a backstop against
# a page that accepts any value for a parameter it reads.
PAGE_CACHE_MAX_VARIANTS = 50
# Stored pages are compressed once; Brotli's quality (0-11) trades that one-off time for size.
PAGE_CACHE_BROTLI_QUALITY = 9
# Models no public page shows: saving them leaves the cache alone. Everything else empties it.
PAGE_CACHE_NEVER_SHOWN_MODELS = [
    "admin.LogEntry",
    "auth.Group",
    "auth.Permission",
    "auth.User",
    "axes.AccessAttempt",
    "axes.AccessFailureLog",
    "axes.AccessLog",
    "consent.ConsentRecord",
    "contenttypes.ContentType",
    "django_tasks_db.DBTaskResult",
    "newsdesk.EmbargoLink",
    "pagecache.Generation",
    "sessions.Session",
    "wagtailadmin.Admin",
    "wagtailadmin.EditingSession",
    "wagtailcore.Comment",
    "wagtailcore.CommentReply",
    "wagtailcore.GroupCollectionPermission",
    "wagtailcore.GroupPagePermission",
    "wagtailcore.ModelLogEntry",
    "wagtailcore.PageLogEntry",
    "wagtailcore.PageSubscription",
    "wagtailcore.ReferenceIndex",
    "wagtailcore.Revision",
    "wagtailcore.TaskState",
    "wagtailcore.UploadedFile",
    "wagtailcore.WorkflowState",
    "wagtailembeds.Embed",
    "wagtailsearch.IndexEntry",
    "wagtailusers.UserProfile",
]
# Query cache (django-cachalot) for pages rendered afresh: every ORM query on the content apps'
# tables is kept in the cache and dropped the moment any write touches one of its tables
# (QuerySet.update() and raw SQL writes included), so no key is written by hand. Only these apps'
# tables are cached: personal data (accounts, sessions, subscribers, tokens) never is. Only with
# Redis: a write in one process must drop the copies every process reads. QUERY_CACHE=off.
CACHALOT_ENABLED = bool(REDIS_URL) and os.environ.get("QUERY_CACHE", "on").lower() != "off"
# Installed only when on: its transaction tracking, loaded at all, breaks a long-running task
# worker on SQLite (`make run`'s db_worker) even with the cache itself switched off.
if CACHALOT_ENABLED:
    INSTALLED_APPS.append("cachalot")
CACHALOT_CACHE = "default"
CACHALOT_TIMEOUT = 24 * 3600  # a TTL on every key, so a memory-capped Redis can evict them
CACHALOT_ONLY_CACHABLE_APPS = [
    "home",
    "news",
    "pledge",
    "consent",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "wagtailembeds",
    "wagtailredirects",
    "taggit",
]
# Within those apps: rows that are per visitor (consent records) or written on every request.
CACHALOT_UNCACHABLE_TABLES = ["django_migrations", "consent_consentrecord", "wagtailcore_referenceindex"]
# Besides a page and its ancestors, the addresses a CDN is told to drop on publish.
PAGE_CACHE_CDN_LISTING_PATHS = ["/sitemap.xml", "/feeds/news/rss/", "/feeds/news/atom/"]

# A CDN in front (Cloudflare, CloudFront or any cache taking HTTP PURGE) is purged on publish
# through wagtail.contrib.frontend_cache, when its credentials are in the environment.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_API_TOKEN", ""),
        "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
    }
if os.environ.get("CLOUDFRONT_DISTRIBUTION_ID"):  # needs boto3, see the README
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
    }
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):  # e.g. Varnish or nginx answering PURGE
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded images and documents in S3-compatible object storage when a bucket is named, so
# several app servers share them. (django-storages; see the README.)
if os.environ.get("MEDIA_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["MEDIA_S3_BUCKET"],
            "region_name": os.environ.get("MEDIA_S3_REGION") or None,
            "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
            "custom_domain": os.environ.get("MEDIA_S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": False,
        },
    }

# The Wagtail page editor can post many fields for a long page.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views opt in to SAMEORIGIN themselves.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp). No inline scripts but those registered in
# consent/inline_scripts.py, allowed by hash (pages are shared-cached, so no nonces):
# synergi_site.security adds the hashes, the configured analytics provider's origins
# (CSP_ANALYTICS_EXTRA_ORIGINS) and swaps in CSP_ADMIN_DIRECTIVES for the admin.
CSP_VIDEO_ORIGINS = ["https://www.youtube-nocookie.com", "https://www.youtube.com", "https://player.vimeo.com"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "frame-src": CSP_VIDEO_ORIGINS,
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The Wagtail admin inlines styles and scripts; its previews frame the site itself.
CSP_ADMIN_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", "https:"],
    "connect-src": ["'self'", "https://releases.wagtail.org"],
    "font-src": ["'self'", "data:"],
    "frame-src": ["'self'", *CSP_VIDEO_ORIGINS],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}
# Browser features the site never uses are switched off; video embeds may go full screen.
PERMISSIONS_POLICY = {
    **{
        feature: []
        for feature in [
            "accelerometer",
            "ambient-light-sensor",
            "autoplay",
            "bluetooth",
            "browsing-topics",
            "camera",
            "display-capture",
            "geolocation",
            "gyroscope",
            "hid",
            "idle-detection",
            "interest-cohort",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "publickey-credentials-get",
            "screen-wake-lock",
            "serial",
            "usb",
            "xr-spatial-tracking",
        ]
    },
    "fullscreen": ["self", *CSP_VIDEO_ORIGINS],
    "picture-in-picture": ["self", *CSP_VIDEO_ORIGINS],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Wagtail
WAGTAIL_SITE_NAME = "Synergi Collaborative Centre"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "home.SiteImage"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_I18N_ENABLED = False
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "csv"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "avif"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Uploads are checked by their content, not only their extension (home/uploads.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "home.uploads.DocumentUploadForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "home.uploads.ImageUploadForm"
# Downloads are sent by Django with Content-Disposition: attachment.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# Only YouTube and Vimeo: no other provider's HTML (which could carry script) reaches a page.
WAGTAILEMBEDS_FINDERS = [{"class": "wagtail.embeds.finders.oembed", "providers": [youtube, vimeo]}]

# Cookie consent (consent/): proof-of-consent records are kept this many days, then
# `manage.py purge_consent_records` deletes them; the cookies_policy cookie is Secure
# on HTTPS requests, and always when CONSENT_COOKIE_SECURE is on (production.py).
CONSENT_RECORD_RETENTION_DAYS = int(os.environ.get("CONSENT_RECORD_RETENTION_DAYS", "730"))
CONSENT_COOKIE_SECURE = False

# No Gravatar: editors' email hashes are not sent to a third party (the admin shows initials).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Local-only demo editor account, created by load_demo_content when set (dev.py only).
DEMO_EDITOR_ACCOUNT = None
WAGTAIL_ADMIN_PATH = os.environ.get("WAGTAIL_ADMIN_PATH", "admin")

# --- Background work ---
# Django's task framework (django-tasks; Wagtail queues its own work through it too). The default
# keeps the queue in the database, worked by `manage.py db_worker` (make run starts one beside the
# server). TASKS_BACKEND=rq puts it on Redis (REDIS_URL) for more than one machine, worked by
# `manage.py rqworker`.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
if TASKS_BACKEND == "rq" and REDIS_URL:
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# rqworker must run jobs as django-tasks-rq's Job (rq's own Job cannot call a Task object): set
# here for every backend, so the RQ tests (tests/alerts/test_rq.py) check the production value.
RQ = {"JOB_CLASS": "django_tasks_rq.backend.Job"}

# --- Media and mail ---
INSTALLED_APPS += ["anymail"]

# Images: at most 40 million pixels (about 7700 x 5200), read from the file's header before
# anything is decoded (Wagtail's own check and home/uploads.py); a bigger one is refused.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# With local storage the app serves /media/ itself (synergi_site/media.py): renditions, whose
# names change with their content, for a year; originals for an hour; documents never (they go
# through Wagtail's serve view, which applies collection privacy). With MEDIA_S3_BUCKET
# (above) the storage's URLs point at the bucket and nothing is served here.
MEDIA_SERVED_BY_APP = STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
MEDIA_PUBLIC_FOLDERS = {
    "images": "public, max-age=31536000, immutable",
    "original_images": "public, max-age=3600",
}


def smtp_from_url(url):
    """EMAIL_URL as (host, port, user, password, use_tls, use_ssl).

    smtp://user:pass@host:25 (plain), smtp+tls:// (STARTTLS, port 587), smtps:// (TLS from the start, 465).
    """
    parts = urlsplit(url)
    schemes = {"smtp": (25, False, False), "smtp+tls": (587, True, False), "smtps": (465, False, True)}
    if parts.scheme not in schemes or not parts.hostname:
        raise ImproperlyConfigured(
            "EMAIL_URL must look like smtp://user:password@host:port (or smtp+tls://, smtps://)"
        )
    default_port, use_tls, use_ssl = schemes[parts.scheme]
    user, password = unquote(parts.username or ""), unquote(parts.password or "")
    return parts.hostname, parts.port or default_port, user, password, use_tls, use_ssl


def env_flag(name):
    return os.environ.get(name, "").lower() in {"1", "true", "yes", "on"}


# Mail goes out through Django's email API, by the first transport the environment names:
# a hosted provider through django-anymail (its API key switches it on, or ANYMAIL_PROVIDER),
# else SMTP from EMAIL_URL or EMAIL_HOST and friends. None named: EMAIL_TRANSPORT is empty and
# `check --deploy` warns (synergi_site/checks.py). dev.py prints mail to the console.
ANYMAIL_PROVIDERS = {
    "postmark": ["POSTMARK_SERVER_TOKEN"],
    "mailgun": ["MAILGUN_API_KEY", "MAILGUN_SENDER_DOMAIN", "MAILGUN_API_URL", "MAILGUN_WEBHOOK_SIGNING_KEY"],
    "sendgrid": ["SENDGRID_API_KEY"],
    "brevo": ["BREVO_API_KEY"],
    "mailjet": ["MAILJET_API_KEY", "MAILJET_SECRET_KEY"],
    "resend": ["RESEND_API_KEY", "RESEND_SIGNING_SECRET"],
}
ANYMAIL_PROVIDER = os.environ.get("ANYMAIL_PROVIDER", "").lower() or next(
    (name for name, variables in ANYMAIL_PROVIDERS.items() if os.environ.get(variables[0])), ""
)
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_TRANSPORT = ""
if ANYMAIL_PROVIDER:
    if ANYMAIL_PROVIDER not in ANYMAIL_PROVIDERS:
        raise ImproperlyConfigured(f"ANYMAIL_PROVIDER must be one of {', '.join(ANYMAIL_PROVIDERS)}")
    EMAIL_BACKEND = f"anymail.backends.{ANYMAIL_PROVIDER}.EmailBackend"
    ANYMAIL = {name: os.environ[name] for name in ANYMAIL_PROVIDERS[ANYMAIL_PROVIDER] if os.environ.get(name)}
    EMAIL_TRANSPORT = f"anymail:{ANYMAIL_PROVIDER}"
elif os.environ.get("EMAIL_URL"):
    EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL = smtp_from_url(
        os.environ["EMAIL_URL"]
    )
    EMAIL_TRANSPORT = "smtp"
elif os.environ.get("EMAIL_HOST"):
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS")
    EMAIL_USE_SSL = env_flag("EMAIL_USE_SSL")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT") or (465 if EMAIL_USE_SSL else 587 if EMAIL_USE_TLS else 25))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_TRANSPORT = "smtp"
# The provider's tracking webhook (bounces, complaints) at /anymail/<provider>/tracking/, with these
# basic-auth credentials ("user:password") in the URL given to the provider; off until set.
ANYMAIL_WEBHOOK_SECRET = os.environ.get("ANYMAIL_WEBHOOK_SECRET", "")
if ANYMAIL_WEBHOOK_SECRET:
    ANYMAIL = {**globals().get("ANYMAIL", {}), "WEBHOOK_SECRET": ANYMAIL_WEBHOOK_SECRET}
# A mail server that does not answer must not hold a worker for long.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
# Placeholders on example.org until the environment names the Centre's own addresses
# (check --deploy warns while they are placeholders).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Synergi Collaborative Centre <noreply@example.org>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", "server@example.org")

# --- Accounts and security ---
# Two-factor login for the admin (accounts/, django-otp): every account that can publish a page
# gives a code from an authenticator app after its password; TWO_FACTOR_REQUIRED_FOR_ALL asks
# everyone. Accounts in TWO_FACTOR_EXEMPT_USERNAMES never are (dev.py: the local demo account).
INSTALLED_APPS += ["accounts", "django_otp", "django_otp.plugins.otp_totp"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1,
    "accounts.middleware.TwoFactorMiddleware",
)
TWO_FACTOR_REQUIRED_FOR_ALL = os.environ.get("TWO_FACTOR_REQUIRED_FOR_ALL", "false").lower() == "true"
TWO_FACTOR_EXEMPT_USERNAMES = []
OTP_TOTP_ISSUER = "Synergi Collaborative Centre"
# Wrong codes count in django-axes' lockout, like wrong passwords, rather than in django-otp's own delay.
OTP_TOTP_THROTTLE_FACTOR = 0
PAGE_CACHE_NEVER_SHOWN_MODELS += ["otp_totp.TOTPDevice", "accounts.RecoveryCodeDevice", "accounts.RecoveryCode"]

# Failed logins (django-axes), passwords and codes alike: 5 failures for one account from one
# address lock that pair out for an hour; 10 for one account from anywhere lock the account
# (synergi_site.security.LoginLockoutHandler). Unlock early with `manage.py axes_reset_username <name>`.
AUTHENTICATION_BACKENDS = [
    "synergi_site.security.LoginAttemptsBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "synergi_site.security.LoginLockoutHandler"
AXES_FAILURE_LIMIT = 5
ACCOUNT_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
# Reset only once the whole sign-in (password and code) succeeded: accounts.signals does it.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "account_locked.html"  # sent with 429 Too Many Requests
AXES_CLIENT_IP_CALLABLE = "synergi_site.security.client_ip_address"
# The proxies in front (addresses or networks, e.g. 10.0.0.0/8): X-Forwarded-For is believed only
# from them; any other client's REMOTE_ADDR is its address (synergi_site.security.client_ip_address).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

# Analytics origins beyond the script's own, per provider, added to the CSP only when that
# provider is the one configured in Settings > Cookie consent.
CSP_ANALYTICS_EXTRA_ORIGINS = {
    "ga4": {
        "connect-src": [
            "https://www.googletagmanager.com",
            "https://*.google-analytics.com",
            "https://*.analytics.google.com",
        ],
        "img-src": ["https://www.googletagmanager.com", "https://*.google-analytics.com"],
    },
}
# The consent endpoint: bodies larger than this are refused (413); decisions per client per window.
CONSENT_MAX_BODY_BYTES = 4096
CONSENT_RATE_LIMIT = 10
CONSENT_RATE_WINDOW = 60  # seconds

# --- Sharing, feeds and API ---
# The site's public address: the default Site record's hostname and port are set from it by the
# demo loader and by `manage.py set_site_address`; canonical links, feeds, the sitemap and the API
# all read the Site record. SITE_URL wins over WAGTAILADMIN_BASE_URL; both end up the same.
SITE_URL = (os.environ.get("SITE_URL") or WAGTAILADMIN_BASE_URL).rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
# /favicon.ico and other files browsers ask for at the root, served by WhiteNoise: no page render.
WHITENOISE_ROOT = PROJECT_DIR / "public"
PAGE_CACHE_EXCLUDED_PATHS = [*PAGE_CACHE_EXCLUDED_PATHS, "/favicon.ico"]
INSTALLED_APPS = [*INSTALLED_APPS, "opendata", "wagtail.api.v2", "rest_framework"]
# What partners and researchers may do with the news and the pledge's data.
OPEN_DATA_LICENCE = {
    "name": os.environ.get("OPEN_DATA_LICENCE_NAME", "Open Government Licence v3.0"),
    "url": os.environ.get(
        "OPEN_DATA_LICENCE_URL", "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    ),
}
# The API and CSV downloads: requests per client address per minute, and how long a shared cache
# (a CDN, a partner's proxy) may keep an answer; publishing purges them (pagecache).
OPEN_DATA_RATE_LIMIT = int(os.environ.get("OPEN_DATA_RATE_LIMIT", "120"))
OPEN_DATA_BROWSER_MAX_AGE = 300
OPEN_DATA_SHARED_MAX_AGE = 600
WAGTAILAPI_BASE_URL = SITE_URL
WAGTAILAPI_LIMIT_MAX = 100
# A CDN is told to drop the API's first pages and the downloads on publish too; other query
# variants refresh within OPEN_DATA_SHARED_MAX_AGE.
PAGE_CACHE_CDN_LISTING_PATHS = [
    *PAGE_CACHE_CDN_LISTING_PATHS,
    *(f"/api/v2/{name}/" for name in ("news", "signatories", "rounds", "responses", "extra-answers")),
    *(f"/open-data/{name}.csv" for name in ("news", "signatories", "rounds", "responses", "extra-answers")),
]
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Everyone gets the same answer: no sessions or logins are read, so answers can be shared-cached.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
}

# --- Cookie audit ---
# `manage.py audit_cookies` (cookieaudit/): each page gets at most PAGE_TIMEOUT seconds and the whole
# audit TOTAL_TIMEOUT; WORKERS pages are open at once (unset: two per CPU core, 2 to 8), and a browser
# context is replaced after RECYCLE_PAGES pages, so memory stays bounded. Scheduled audits (--scheduled,
# from cron) email COOKIE_AUDIT_ALERT_EMAILS (comma-separated) about new violations.
INSTALLED_APPS.append("cookieaudit")
PAGE_CACHE_NEVER_SHOWN_MODELS += ["consent.PolicySnapshot", "cookieaudit.Finding"]
COOKIE_AUDIT_PAGE_TIMEOUT = int(os.environ.get("COOKIE_AUDIT_PAGE_TIMEOUT", "15"))
COOKIE_AUDIT_TOTAL_TIMEOUT = int(os.environ.get("COOKIE_AUDIT_TOTAL_TIMEOUT", "900"))
COOKIE_AUDIT_WORKERS = int(os.environ.get("COOKIE_AUDIT_WORKERS", "0")) or None
COOKIE_AUDIT_RECYCLE_PAGES = int(os.environ.get("COOKIE_AUDIT_RECYCLE_PAGES", "25"))
COOKIE_AUDIT_ALERT_EMAILS = env_list("COOKIE_AUDIT_ALERT_EMAILS")
COOKIE_AUDIT_CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

# --- News by email ---
# Readers' alerts (alerts/): sign-up with double opt-in, sent in the background when a release
# first goes live. Subscribers, suppressions and deliveries are never shown on a public page.
INSTALLED_APPS += ["alerts"]
PAGE_CACHE_NEVER_SHOWN_MODELS += [
    "alerts.Subscriber",
    "alerts.Subscriber_topics",
    "alerts.Suppression",
    "alerts.Delivery",
    "alerts.ReleaseAlert",
    "alerts.Journalist",
    "alerts.Journalist_beats",
    "alerts.JournalistSend",
]
# The address links in emails point at (the site's public address).
ALERTS_BASE_URL = os.environ.get("ALERTS_BASE_URL", WAGTAILADMIN_BASE_URL)
ALERTS_CENTRE_NAME = "Synergi Collaborative Centre"
# A fictional placeholder until the environment names the Centre's real postal address.
ALERTS_POSTAL_ADDRESS = os.environ.get("ALERTS_POSTAL_ADDRESS", "1 Example Street, Exampletown EX1 2MP")
ALERTS_CONFIRM_LINK_AGE = 7 * 24 * 3600
ALERTS_PREFERENCES_LINK_AGE = 400 * 24 * 3600
# Sign-up forms sit on cached pages: their signed start time may be weeks old but not years. It
# must outlive the longest a cached copy can be served (the page cache, then a CDN, then the
# browser) plus a day for a tab left open, or a reader on a cached page would be told "out of date".
ALERTS_FORM_MAX_AGE = max(
    60 * 24 * 3600,
    PAGE_CACHE_TIMEOUT + PAGE_CACHE_SHARED_MAX_AGE + PAGE_CACHE_BROWSER_MAX_AGE + 24 * 3600,
)
ALERTS_MIN_FILL_SECONDS = 3
ALERTS_RATE_WINDOW = 3600
ALERTS_CLIENT_RATE_LIMIT = 20
ALERTS_ADDRESS_RATE_LIMIT = 3
ALERTS_UNCONFIRMED_DAYS = 7
# Throttle: alerts per minute per worker (0: as fast as the mail server takes them).
ALERTS_SENDS_PER_MINUTE = int(os.environ.get("ALERTS_SENDS_PER_MINUTE", "600"))
ALERTS_BATCH_SIZE = 200
# A delivery a worker claimed ("sending") and neither sent nor failed within this many seconds is
# taken to belong to a dead worker and may be claimed again by the next run (alerts/sending.py).
# A live worker renews its claim at half this, so it is never mistaken for a dead one.
ALERTS_CLAIM_TIMEOUT = int(os.environ.get("ALERTS_CLAIM_TIMEOUT", "600"))
# Seconds to wait before each retry of a temporary SMTP failure.
ALERTS_RETRY_DELAYS = [5, 30, 120]

# --- Reporting rounds ---
# Signatories write their progress reports on the site (reporting/): secret links by email, drafts
# saved at every step. Nothing in it is public, and its addresses are never page-cached.
INSTALLED_APPS += ["reporting"]
PAGE_CACHE_EXCLUDED_PATHS += ["/reporting/"]
PAGE_CACHE_NEVER_SHOWN_MODELS += [
    f"reporting.{name}"
    for name in (
        # RoundWindow, Invitation and Report are not here: the pledge page counts them. Nor is
        # ReportingSettings: its words for the statuses are on the report pages, explorer and pledge page.
        "ExtraQuestion",
        "ReportingContact",
        "AccessLink",
        "ReportStep",
        "ReportDocument",
        "ContactEmail",
    )
]
# Words per answer, at most.
REPORTING_WORD_LIMIT = int(os.environ.get("REPORTING_WORD_LIMIT", "5000"))
# Reminders go this many days before the close, and on the closing day.
REPORTING_REMINDER_DAYS = int(os.environ.get("REPORTING_REMINDER_DAYS", "7"))
# Links in the emails point here (the site's public address).
REPORTING_BASE_URL = os.environ.get("REPORTING_BASE_URL", ALERTS_BASE_URL)
# One client (its address, as synergi_site.security.client_ip_address finds it) may ask for this many
# fresh links in the window, whatever addresses it enters; beyond that it gets the same answer and
# no email is sent.
REPORTING_FRESH_LINK_CLIENT_LIMIT = int(os.environ.get("REPORTING_FRESH_LINK_CLIENT_LIMIT", "10"))
REPORTING_FRESH_LINK_WINDOW = 3600  # seconds

"""Settings of the example site: a small Wagtail 8 site that shows every wagtail-ugc feature.

SQLite by default; set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)
for PostgreSQL, and REDIS_URL for a shared cache and page cache. The production profile
(docs/deployment.md) adds media on S3 (UGC_S3_* variables) and a task worker
(TASKS_BACKEND=database); `make stack` runs it all. DEBUG is off unless DEBUG=1;
without DEBUG, SECRET_KEY must be set (`make demo` makes one in
example_site/var/secret_key). ALLOWED_HOSTS adds comma-separated hosts.
"""

import os
from pathlib import Path

import dj_database_url
import django
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent
BASE_DIR = PROJECT_DIR.parent
DATA_DIR = Path(os.environ.get("EXAMPLE_SITE_DATA_DIR", BASE_DIR / "var"))
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = os.environ.get("DEBUG") == "1"
# The key signs the creators' withdraw links: a known key would let anyone forge them.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set SECRET_KEY (`make demo` keeps a random one in "
            "example_site/var/secret_key), or DEBUG=1 for a local trial."
        )
    SECRET_KEY = "django-insecure-debug-only-key"
ALLOWED_HOSTS = [
    "127.0.0.1",
    "localhost",
    *filter(None, os.environ.get("ALLOWED_HOSTS", "").split(",")),
]

INSTALLED_APPS = [
    "home",
    "demo",
    "wagtail_ugc",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
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
    "ninja",  # the read API's docs page, from static files (docs/api.md)
    "django_tasks",
    "django_tasks_db",
    "wagtail.contrib.frontend_cache",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Django 6 has Content-Security-Policy support built in; on 5.2, django-csp.
    "django.middleware.csp.ContentSecurityPolicyMiddleware"
    if django.VERSION >= (6, 0)
    else "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "example_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "example_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'db.sqlite3'}", conn_max_age=0
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Simultaneous visitors and moderators wait their turn to write instead of
    # failing with "database is locked" (docs/reference.md, "SQLite in production").
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL",
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's database search backend uses PostgreSQL's full-text fields.
    INSTALLED_APPS.append("django.contrib.postgres")

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }

# Pages are purged from these caches when a page is published and when a
# submission appears or disappears (docs/deployment.md, "Caches and CDN purge").
WAGTAILFRONTENDCACHE = {}
# With the shared cache, the page cache: pages kept in Redis for every process,
# each forgotten on its own. PAGE_CACHE_SECONDS=0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
if os.environ.get("REDIS_URL") and PAGE_CACHE_SECONDS > 0:
    CACHE_MIDDLEWARE_SECONDS = PAGE_CACHE_SECONDS
    MIDDLEWARE = [
        "wagtail_ugc.pagecache.UpdateCacheMiddleware",
        *MIDDLEWARE,
        "wagtail_ugc.pagecache.FetchFromCacheMiddleware",
    ]
    WAGTAILFRONTENDCACHE["pages"] = {
        "BACKEND": "wagtail_ugc.pagecache.PageCacheBackend"
    }
# A CDN or Varnish in front: the URL its PURGE requests go to.
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["cdn"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }

AUTH_PASSWORD_VALIDATORS = []

LANGUAGE_CODE = "en"
# Each in its own name: the language switcher on the demo's pages lists them.
LANGUAGES = [
    ("en", "English"),
    ("da", "Dansk"),
    ("sv", "Svenska"),
    ("zh-hans", "简体中文"),
    ("zh-hant", "繁體中文"),
]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise serves the static files, with or without DEBUG (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# The demo serves its public media (MEDIA_ROOT) from Django, DEBUG or not.
# A production site serves media from its web server or object storage
# instead. The private folder (WAGTAIL_UGC["PRIVATE_ROOT"]) is never served.
SERVE_MEDIA = True

# The Content-Security-Policy of every page outside the Wagtail admin
# (docs/reference.md). The public pages of wagtail-ugc load scripts and styles
# from static files only; videos are links, not embedded frames.
CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "frame-src": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}
# Wagtail's admin uses inline scripts and styles: urls.py exempts its views.
if django.VERSION >= (6, 0):
    SECURE_CSP = CSP_DIRECTIVES
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": CSP_DIRECTIVES}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = "ugc@example.com"

# Background work runs in the request by default; TASKS_BACKEND=database
# queues it in the database for `manage.py db_worker` (docs/deployment.md).
if os.environ.get("TASKS_BACKEND", "immediate") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

WAGTAIL_SITE_NAME = "Northwind Outdoor (wagtail-ugc demo)"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:" + os.environ.get("PORT", "8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "txt"]

WAGTAIL_UGC = {
    # The demo keeps private files beside its database, outside MEDIA_ROOT.
    "PRIVATE_ROOT": DATA_DIR / "ugc_private",
    # The item pages' canonical link and sharing tags go in base.html's head.
    "BASE_TEMPLATE_HEAD_BLOCK": "extra_head",
    # The demo's import source reads the demo's own feed on 127.0.0.1
    # (demo/feed.py). A real site leaves this off: with it on, anyone who may
    # add an import source can make the server fetch from inside its network.
    "IMPORT_ALLOW_PRIVATE_ADDRESSES": True,
}
# Behind a load balancer or CDN: the header it puts the visitor's address in
# (docs/intake.md, "Rate limits"), e.g. X-Forwarded-For.
if os.environ.get("UGC_TRUSTED_PROXY_HEADER"):
    WAGTAIL_UGC["TRUSTED_PROXY_HEADER"] = os.environ["UGC_TRUSTED_PROXY_HEADER"]

# Media on S3-compatible object storage (docs/deployment.md): public images
# and renditions in one bucket, read by browsers at plain URLs; originals and
# previews in a private bucket that has no URL at all. Credentials come from
# boto3's usual sources (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, ...).
S3_PUBLIC_BUCKET = os.environ.get("UGC_S3_PUBLIC_BUCKET", "")
S3_PRIVATE_BUCKET = os.environ.get("UGC_S3_PRIVATE_BUCKET", "")
if S3_PUBLIC_BUCKET or S3_PRIVATE_BUCKET:
    if not (S3_PUBLIC_BUCKET and S3_PRIVATE_BUCKET):
        raise ImproperlyConfigured(
            "Set both UGC_S3_PUBLIC_BUCKET and UGC_S3_PRIVATE_BUCKET: private "
            "originals never share the public bucket."
        )
    S3_ENDPOINT_URL = os.environ.get("UGC_S3_ENDPOINT_URL", "").rstrip("/")
    S3_REGION = os.environ.get("UGC_S3_REGION", "us-east-1")
    # Where browsers fetch public files: a CDN, or the bucket itself.
    S3_PUBLIC_URL = os.environ.get("UGC_S3_PUBLIC_URL", "").rstrip("/") or (
        f"{S3_ENDPOINT_URL}/{S3_PUBLIC_BUCKET}"
        if S3_ENDPOINT_URL
        else f"https://{S3_PUBLIC_BUCKET}.s3.{S3_REGION}.amazonaws.com"
    )
    s3_protocol, _, s3_public_domain = S3_PUBLIC_URL.partition("//")
    s3_options = {
        "endpoint_url": S3_ENDPOINT_URL or None,
        "region_name": S3_REGION,
        # Path-style addressing for local S3 APIs on an IP address or port.
        "addressing_style": "path" if S3_ENDPOINT_URL else None,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **s3_options,
            "bucket_name": S3_PUBLIC_BUCKET,
            "querystring_auth": False,
            "custom_domain": s3_public_domain,
            "url_protocol": s3_protocol,
            # Editors' own uploads may share a name: never replace a file.
            "file_overwrite": False,
        },
    }
    STORAGES["ugc_private"] = {
        "BACKEND": "wagtail_ugc.storage.PrivateS3Storage",
        "OPTIONS": {**s3_options, "bucket_name": S3_PRIVATE_BUCKET},
    }
    # PRIVATE_ROOT stays: the uploads' unnamed temporary files live there.
    WAGTAIL_UGC["PRIVATE_STORAGE"] = "ugc_private"
    SERVE_MEDIA = False
    # Browsers load the public images from the bucket (or CDN).
    CSP_DIRECTIVES["img-src"].append(f"{s3_protocol}//{s3_public_domain.split('/')[0]}")

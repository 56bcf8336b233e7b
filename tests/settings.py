"""Test settings: the example site, with throwaway storage and fast hashing."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault(
    "EXAMPLE_SITE_DATA_DIR", tempfile.mkdtemp(prefix="wagtail-ugc-tests-")
)
# Without DEBUG the example site refuses to load without a key.
os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")

from example_site.settings import *  # noqa: E402,F403
from example_site.settings import DATA_DIR, DATABASES, STATIC_ROOT  # noqa: E402

# WhiteNoise warns about a STATIC_ROOT that does not exist (files come from the finders).
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# No page cache or purge unless a test asks (REDIS_URL turns them on in the site).
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("wagtail_ugc.pagecache.")]  # noqa: F405
WAGTAILFRONTENDCACHE = {}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAIL_UGC = {"PRIVATE_ROOT": Path(DATA_DIR) / "ugc_private"}
WAGTAILADMIN_BASE_URL = "http://testserver"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not SQLite's shared in-memory database: live-server tests then
    # run their requests on connections of their own, at the same time.
    DATABASES["default"]["TEST"] = {"NAME": str(Path(DATA_DIR) / "test.sqlite3")}

"""System checks: a misconfigured site fails at ``manage.py check``, not at the first upload."""

import os
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.files.storage import FileSystemStorage, InvalidStorageError, storages
from django.urls import NoReverseMatch, Resolver404, get_script_prefix, resolve, reverse
from django.utils.module_loading import import_string

from .conf import DEFAULTS, NOTIFICATION_MODES, ugc_settings
from .intake.video import provider_definition
from .models import WebhookEvent
from .storage import NoPublicURL, default_private_root

POSITIVE_INTEGERS = (
    "MAX_UPLOAD_BYTES",
    "MAX_PIXELS",
    "MAX_PHOTOS_PER_SUBMISSION",
    "MAX_TEXT_LENGTH",
    "MASTER_MAX_EDGE",
    "RATE_LIMIT_PER_IP",
    "RATE_LIMIT_PER_EMAIL",
    "CONSENT_NETWORK_DATA_RETENTION_DAYS",
    "REJECTED_RETENTION_DAYS",
    "ABANDONED_RETENTION_DAYS",
    "RIGHTS_REQUEST_DAYS",
    "RIGHTS_REMINDER_DAYS",
    "GALLERY_PAGE_SIZE",
    "MINIMUM_AGE",
    "MIN_PHOTO_EDGE",
    "TRUSTED_PROXY_COUNT",
    "FRAGMENT_CACHE_TIMEOUT",
    "ENGAGEMENT_TOKEN_MAX_AGE",
    "ENGAGEMENT_BUCKET_SECONDS",
    "WEBHOOK_TIMEOUT_SECONDS",
    "WEBHOOK_LOG_DAYS",
)


def _error(msg, hint, n, *, obj="WAGTAIL_UGC"):
    return Error(msg, hint=hint, obj=obj, id=f"wagtail_ugc.E{n:03d}")


def _is_inside(path, folder):
    try:
        Path(path).resolve().relative_to(Path(folder).resolve())
        return True
    except ValueError:
        return False


@register(Tags.compatibility, Tags.security)
def check_settings(app_configs, **kwargs):
    errors = []
    user = getattr(settings, "WAGTAIL_UGC", {})
    if not isinstance(user, dict):
        return [_error("WAGTAIL_UGC must be a dict.", "See the settings reference.", 1)]
    for key in sorted(set(user) - set(DEFAULTS)):
        errors.append(
            _error(
                f"Unknown WAGTAIL_UGC setting {key!r}.",
                "Check the spelling against the settings reference in the README.",
                2,
            )
        )
    for key in POSITIVE_INTEGERS:
        value = getattr(ugc_settings, key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            errors.append(
                _error(f"WAGTAIL_UGC[{key!r}] must be a positive whole number.", "", 3)
            )
    if not 1 <= ugc_settings.JPEG_QUALITY <= 95:
        errors.append(_error("WAGTAIL_UGC['JPEG_QUALITY'] must be 1 to 95.", "", 4))
    if ugc_settings.MODERATOR_NOTIFICATIONS not in NOTIFICATION_MODES:
        errors.append(
            _error(
                "WAGTAIL_UGC['MODERATOR_NOTIFICATIONS'] must be one of "
                + ", ".join(NOTIFICATION_MODES)
                + ".",
                "",
                5,
            )
        )
    if isinstance(ugc_settings.MAX_UPLOAD_BYTES, int) and (
        ugc_settings.MAX_UPLOAD_BYTES > 200 * 1024 * 1024
    ):
        errors.append(
            _error(
                "WAGTAIL_UGC['MAX_UPLOAD_BYTES'] is over 200 MB, which no phone photo needs.",
                "Keep it at 15 MB (the default) or a little more.",
                6,
            )
        )
    if ugc_settings.RIGHTS_REMINDER_DAYS >= ugc_settings.RIGHTS_REQUEST_DAYS:
        errors.append(
            _error(
                "WAGTAIL_UGC['RIGHTS_REMINDER_DAYS'] must be shorter than RIGHTS_REQUEST_DAYS.",
                "A reminder after the request has lapsed would never be sent.",
                7,
            )
        )
    errors.extend(check_private_storage())
    errors.extend(check_gallery_licence_urls())
    errors.extend(check_external_moderation_backends())
    errors.extend(check_page_cache_alias())
    errors.extend(check_fragment_cache())
    errors.extend(check_engagement())
    errors.extend(check_intake_settings())
    errors.extend(check_base_template())
    errors.extend(check_reward_code_keys())
    errors.extend(check_webhook_settings())
    return errors


def check_reward_code_keys():
    """REWARD_CODE_KEYS: a list of Fernet keys, newest first (docs/rewards.md)."""
    from cryptography.fernet import Fernet

    keys = ugc_settings.REWARD_CODE_KEYS
    hint = "Make one with cryptography.fernet.Fernet.generate_key()."
    if not isinstance(keys, (list, tuple)):
        return [_error("WAGTAIL_UGC['REWARD_CODE_KEYS'] must be a list.", hint, 100)]
    errors = []
    for number, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            errors.append(
                _error(
                    f"WAGTAIL_UGC['REWARD_CODE_KEYS'] key {number} is not a Fernet key.",
                    hint,
                    100,
                )
            )
    return errors


def check_webhook_settings():
    """WEBHOOK_ENDPOINTS and WEBHOOK_RETRY_DELAYS (docs/webhooks.md)."""
    errors = []
    delays = ugc_settings.WEBHOOK_RETRY_DELAYS
    if not isinstance(delays, (list, tuple)) or not all(
        isinstance(d, int) and not isinstance(d, bool) and d > 0 for d in delays
    ):
        errors.append(
            _error(
                "WAGTAIL_UGC['WEBHOOK_RETRY_DELAYS'] must be a list of seconds.",
                "For example [60, 300, 1800]; [] sends each delivery once.",
                121,
            )
        )
    endpoints = ugc_settings.WEBHOOK_ENDPOINTS
    hint = (
        'Each entry is a dict with "name", an http(s) "url", a "secret" and, '
        f'optionally, "events" from: {", ".join(WebhookEvent.values)}.'
    )
    if not isinstance(endpoints, (list, tuple)):
        return [
            *errors,
            _error("WAGTAIL_UGC['WEBHOOK_ENDPOINTS'] must be a list.", hint, 120),
        ]
    names = set()
    for number, entry in enumerate(endpoints, start=1):
        entry = entry if isinstance(entry, dict) else {}
        name, url = entry.get("name"), entry.get("url")
        events = entry.get("events", WebhookEvent.values)
        valid = (
            set(entry) <= {"name", "url", "secret", "events"}
            and isinstance(name, str)
            and 0 < len(name) <= 100
            and name not in names
            and isinstance(url, str)
            and len(url) <= 500
            and re.fullmatch(r"https?://[^/\s]+(/\S*)?", url)
            and isinstance(entry.get("secret"), str)
            and entry["secret"]
            and isinstance(events, (list, tuple))
            and set(events) <= set(WebhookEvent.values)
        )
        names.add(name)
        if not valid:
            errors.append(
                _error(
                    f"WAGTAIL_UGC['WEBHOOK_ENDPOINTS'] entry {number} is malformed "
                    "(or its name is used twice).",
                    hint,
                    120,
                )
            )
    return errors


@register(Tags.database)
def check_reward_codes_readable(app_configs, databases=None, **kwargs):
    """The reward codes stored can be read with the keys in use (``check --database default``)."""
    from cryptography.fernet import InvalidToken
    from django.db import DatabaseError

    from .models import RewardCode
    from .models.rewards import decrypt_code

    if not databases or check_reward_code_keys():
        return []
    try:
        codes = RewardCode.objects.order_by("pk")
        samples = [codes.first(), codes.last()]
    except DatabaseError:
        return []  # Not migrated yet.
    for code in filter(None, samples):
        try:
            decrypt_code(code.code_ciphertext)
        except InvalidToken:
            return [
                _error(
                    "Reward codes are stored that no key in use can decrypt.",
                    "The key they were encrypted with was dropped: put it back in "
                    "REWARD_CODE_KEYS (or the old SECRET_KEY in "
                    "SECRET_KEY_FALLBACKS), then run ugc_rotate_reward_keys "
                    "before dropping it (docs/rewards.md).",
                    101,
                    obj="wagtail_ugc.RewardCode",
                )
            ]
    return []


def check_page_cache_alias():
    """The rights stage clears this whole cache when displayability changes."""
    alias = ugc_settings.PAGE_CACHE_ALIAS
    if not alias:
        return []
    if alias not in getattr(settings, "CACHES", {}):
        return [
            _error(
                f"WAGTAIL_UGC['PAGE_CACHE_ALIAS'] is {alias!r}, which is not in CACHES.",
                "Name the alias your CACHE_MIDDLEWARE_ALIAS uses.",
                40,
            )
        ]
    if alias in ("default", ugc_settings.RATE_LIMIT_CACHE):
        return [
            _error(
                f"WAGTAIL_UGC['PAGE_CACHE_ALIAS'] is {alias!r}, a cache other things use.",
                "It is cleared whenever a submission is withdrawn or published: "
                "give the page cache an alias of its own.",
                41,
            )
        ]
    return []


def check_fragment_cache():
    """Galleries keep their rendered items in this cache."""
    alias = ugc_settings.FRAGMENT_CACHE
    if alias and alias not in getattr(settings, "CACHES", {}):
        return [
            _error(
                f"WAGTAIL_UGC['FRAGMENT_CACHE'] is {alias!r}, which is not in CACHES.",
                "Name a cache alias, or None to render every item on every request.",
                42,
            )
        ]
    return []


def check_engagement():
    """Counts gather in a cache, and a gallery's token must outlive the cached page it is in."""
    errors = []
    alias = ugc_settings.ENGAGEMENT_CACHE
    if alias and alias not in getattr(settings, "CACHES", {}):
        errors.append(
            _error(
                f"WAGTAIL_UGC['ENGAGEMENT_CACHE'] is {alias!r}, which is not in CACHES.",
                "Name a cache alias with an atomic incr (Redis), or None for "
                "RATE_LIMIT_CACHE.",
                90,
            )
        )
    max_age = ugc_settings.ENGAGEMENT_TOKEN_MAX_AGE
    caches_pages = any(
        "pagecache" in name or name.startswith("django.middleware.cache.")
        for name in getattr(settings, "MIDDLEWARE", ())
    )
    page_seconds = getattr(settings, "CACHE_MIDDLEWARE_SECONDS", 0)
    if (
        ugc_settings.ENGAGEMENT_COUNTS
        and caches_pages
        and isinstance(max_age, int)
        and max_age < page_seconds + 15 * 60
    ):
        errors.append(
            _error(
                f"WAGTAIL_UGC['ENGAGEMENT_TOKEN_MAX_AGE'] ({max_age} s) is too short "
                f"for pages cached {page_seconds} s (CACHE_MIDDLEWARE_SECONDS).",
                "A page served from the cache carries the token of when it was "
                "rendered: make the tokens last at least 15 minutes longer than "
                "pages are cached, or nothing is counted on old cached pages.",
                91,
            )
        )
    return errors


def check_external_moderation_backends():
    errors = []
    for entry in ugc_settings.EXTERNAL_MODERATION_BACKENDS:
        path = entry.get("BACKEND") if isinstance(entry, dict) else entry
        try:
            import_string(path)
        except (ImportError, TypeError, ValueError, AttributeError):
            errors.append(
                _error(
                    f"WAGTAIL_UGC['EXTERNAL_MODERATION_BACKENDS'] names {path!r}, "
                    "which cannot be imported.",
                    "Give a dotted path, or a dict with BACKEND and OPTIONS.",
                    20,
                )
            )
    return errors


def _is_web_address(value, *, allow_path=False):
    if not isinstance(value, str):
        return False
    return value.startswith(("https://", "http://")) or (
        allow_path and value.startswith("/")
    )


def check_gallery_licence_urls():
    errors = []
    urls = ugc_settings.LICENCE_URLS
    if not isinstance(urls, dict) or not all(
        _is_web_address(url) for url in urls.values()
    ):
        errors.append(
            _error(
                "WAGTAIL_UGC['LICENCE_URLS'] must map licence codes to http(s) URLs.",
                'For example {"cc-by-4.0": "https://creativecommons.org/licenses/by/4.0/"}.',
                60,
            )
        )
    acquire = ugc_settings.ACQUIRE_LICENCE_URL
    if acquire is not None and not _is_web_address(acquire, allow_path=True):
        errors.append(
            _error(
                "WAGTAIL_UGC['ACQUIRE_LICENCE_URL'] must be None, an http(s) URL or a path starting with /.",
                "",
                61,
            )
        )
    return errors


def public_folders():
    """``(setting, folder)`` for every folder whose files a site serves at public URLs."""
    folders = [
        ("MEDIA_ROOT", settings.MEDIA_ROOT),
        ("STATIC_ROOT", getattr(settings, "STATIC_ROOT", None)),
    ]
    for entry in getattr(settings, "STATICFILES_DIRS", ()):
        # An entry is a folder, or a (prefix, folder) pair.
        folder = entry[-1] if isinstance(entry, list | tuple) and entry else entry
        folders.append(("STATICFILES_DIRS", folder))
    try:
        default = storages["default"]
    except InvalidStorageError:
        default = None
    if isinstance(default, FileSystemStorage):
        folders.append(('STORAGES["default"]', default.location))
    return [(name, folder) for name, folder in folders if folder]


def serves_public_urls(storage):
    """Whether ``storage`` makes URLs anyone can open (django-storages' S3 options)."""
    if isinstance(storage, NoPublicURL):
        return False
    if getattr(storage, "querystring_auth", True) is False:
        return True
    # A custom domain gives plain URLs unless a CloudFront signer signs them.
    return bool(getattr(storage, "custom_domain", None)) and not getattr(
        storage, "cloudfront_signer", None
    )


def check_private_bucket(alias, storage):
    """A private bucket is not the public one, unless each keeps to a prefix of its own."""
    bucket = getattr(storage, "bucket_name", None)
    try:
        default = storages["default"]
    except InvalidStorageError:
        return []
    if not bucket or bucket != getattr(default, "bucket_name", None):
        return []
    private = (getattr(storage, "location", "") or "").strip("/")
    public = (getattr(default, "location", "") or "").strip("/")
    if (
        private
        and public
        and not (
            f"{private}/".startswith(f"{public}/")
            or f"{public}/".startswith(f"{private}/")
        )
    ):
        return []
    return [
        _error(
            f"The wagtail-ugc private storage (bucket {bucket!r}) shares its "
            "bucket and folder with the default storage.",
            f"Give STORAGES[{alias!r}] a bucket of its own (docs/deployment.md), "
            "or separate prefixes (location) with a public policy on the "
            "public prefix only.",
            12,
        )
    ]


def check_private_storage():
    alias = ugc_settings.PRIVATE_STORAGE
    root = ugc_settings.PRIVATE_ROOT
    if not alias and root is not None and not isinstance(root, str | os.PathLike):
        return [
            _error(
                f"WAGTAIL_UGC['PRIVATE_ROOT'] is {root!r}, not a folder.",
                "Give a str or a pathlib.Path, or None for ugc_private beside MEDIA_ROOT.",
                13,
            )
        ]
    if alias:
        try:
            storage = storages[alias]
        except InvalidStorageError:
            return [
                _error(
                    f"WAGTAIL_UGC['PRIVATE_STORAGE'] names {alias!r}, which is not in STORAGES.",
                    "Add it to settings.STORAGES or set PRIVATE_STORAGE to None.",
                    10,
                )
            ]
        if alias == "default" or serves_public_urls(storage):
            return [
                _error(
                    "The wagtail-ugc private storage serves public URLs.",
                    "Pending and rejected originals must never be reachable: "
                    "use a storage with no public URL (or signed URLs only).",
                    11,
                )
            ]
        if isinstance(storage, FileSystemStorage):
            location = storage.location
        else:
            return check_private_bucket(alias, storage)
    else:
        location = default_private_root()
    for name, public in public_folders():
        if _is_inside(location, public):
            setting = (
                f"the location of STORAGES[{alias!r}]"
                if alias
                else "WAGTAIL_UGC['PRIVATE_ROOT']"
            )
            return [
                _error(
                    f"The wagtail-ugc private storage ({location}) is inside "
                    f"a public folder ({public}, from {name}).",
                    "Anything there can be served at a public URL: set "
                    f"{setting} to a folder outside MEDIA_ROOT, STATIC_ROOT, "
                    "every STATICFILES_DIRS folder and your repository.",
                    12,
                )
            ]
    return []


def check_intake_settings():
    """Video providers wagtail.embeds knows, a proxy header's name, consent scopes as {code: label}."""
    errors = []
    providers = ugc_settings.VIDEO_PROVIDERS
    if not isinstance(providers, list | tuple) or not all(
        isinstance(name, str) and provider_definition(name) for name in providers
    ):
        errors.append(
            _error(
                "WAGTAIL_UGC['VIDEO_PROVIDERS'] must list provider names wagtail.embeds knows.",
                'For example ["youtube", "vimeo", "tiktok", "instagram"]; '
                "see wagtail/embeds/oembed_providers.py for more.",
                30,
            )
        )
    header = ugc_settings.TRUSTED_PROXY_HEADER
    if header is not None and not (
        isinstance(header, str) and re.fullmatch(r"[A-Za-z0-9-]+", header)
    ):
        errors.append(
            _error(
                "WAGTAIL_UGC['TRUSTED_PROXY_HEADER'] must be None or an HTTP header name.",
                'For example "X-Forwarded-For", as the proxy sends it (not '
                '"HTTP_X_FORWARDED_FOR").',
                32,
            )
        )
    scopes = ugc_settings.EXTRA_CONSENT_SCOPES
    if not isinstance(scopes, dict) or not all(
        isinstance(code, str) and code and isinstance(label, str)
        for code, label in scopes.items()
    ):
        errors.append(
            _error(
                "WAGTAIL_UGC['EXTRA_CONSENT_SCOPES'] must map scope codes to labels.",
                'For example {"ads": "Use in advertising"}.',
                31,
            )
        )
    return errors


def check_base_template():
    """The standalone pages' frame: a template name, and a block name that is not ours."""
    base, block = ugc_settings.BASE_TEMPLATE, ugc_settings.BASE_TEMPLATE_BLOCK
    head = ugc_settings.BASE_TEMPLATE_HEAD_BLOCK or ""
    if (
        isinstance(base, str)
        and base.strip()
        and '"' not in base
        and all(
            isinstance(name, str)
            and re.fullmatch(r"[\w-]+", name)
            and name != "title"
            and not name.startswith("ugc_")
            for name in ([block, head] if head else [block])
        )
        and head != block
    ):
        return []
    return [
        _error(
            "WAGTAIL_UGC['BASE_TEMPLATE'] must name a template, "
            "BASE_TEMPLATE_BLOCK the block of it the page goes in and "
            "BASE_TEMPLATE_HEAD_BLOCK another block or nothing.",
            'For example "base.html" and "content". The pages fill "title" '
            'themselves; "ugc_..." blocks are the package\'s own.',
            80,
        )
    ]


#: Apps wagtail-ugc cannot work without, and what it needs each for.
REQUIRED_APPS = {
    "wagtail.images": "an approved photo is shown as a Wagtail image with renditions",
    "wagtail.embeds": "video links are checked and shown through its embeds",
    "wagtail.snippets": "submissions, campaigns and rejection reasons are edited as snippets",
    "wagtail.users": "each moderator is written to in their admin language",
    "taggit": "submissions are tagged",
}


@register(Tags.compatibility)
def check_required_apps(app_configs, **kwargs):
    return [
        _error(
            f"wagtail-ugc needs {name!r} in INSTALLED_APPS: {why}.",
            f'Add "{name}" to INSTALLED_APPS.',
            70,
            obj="INSTALLED_APPS",
        )
        for name, why in REQUIRED_APPS.items()
        if not apps.is_installed(name)
    ]


URLS_LINE = 'path("ugc/", include("wagtail_ugc.urls"))'


@register(Tags.urls)
def check_urls(app_configs, **kwargs):
    """The public URLs are included, and before Wagtail's catch-all page URL."""
    if not getattr(settings, "ROOT_URLCONF", None):
        return []
    try:
        url = reverse("wagtail_ugc:submit", kwargs={"campaign_slug": "check"})
        match = resolve("/" + url.removeprefix(get_script_prefix()))
    except NoReverseMatch:
        return [
            _error(
                "The wagtail-ugc URLs are not included: pages with a UGC block "
                "and the submissions' admin cannot be shown.",
                f"Add {URLS_LINE} to your urls.py, before Wagtail's catch-all "
                'path("", include(wagtail_urls)).',
                50,
                obj="ROOT_URLCONF",
            )
        ]
    except Resolver404:
        match = None
    except Exception:
        # A urls.py that cannot be imported: Django's own URL check reports it.
        return []
    if match is None or "wagtail_ugc" not in match.app_names:
        return [
            _error(
                f"The wagtail-ugc URLs are unreachable: {url} is answered by "
                f"{match.view_name if match else 'nothing'}.",
                f"Move {URLS_LINE} in your urls.py before Wagtail's catch-all "
                'path("", include(wagtail_urls)).',
                51,
                obj="ROOT_URLCONF",
            )
        ]
    return []

"""The package's settings: one ``WAGTAIL_UGC`` dict, read through ``ugc_settings``.

Every key, its default and its meaning is listed in ``DEFAULTS``; the README's
settings reference is the table of them for users (``tests/test_docs.py``
keeps the two equal). Values are re-read when Django's
``setting_changed`` signal fires (``override_settings`` in tests).
"""

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.translation import gettext_noop

DEFAULTS = {
    # Storage for originals and previews that must never have a public URL:
    # an alias in settings.STORAGES, or None for a private filesystem storage
    # at PRIVATE_ROOT.
    "PRIVATE_STORAGE": None,
    # Folder of the built-in private storage; None means "ugc_private" beside
    # MEDIA_ROOT (never inside it).
    "PRIVATE_ROOT": None,
    # Largest accepted upload, enforced while the file streams in.
    "MAX_UPLOAD_BYTES": 15 * 1024 * 1024,
    # Largest accepted image, in pixels, read from the header before decoding.
    "MAX_PIXELS": 40_000_000,
    # Hard cap on photos in one submission (a campaign may allow fewer).
    "MAX_PHOTOS_PER_SUBMISSION": 5,
    # Longest caption or review text, in characters.
    "MAX_TEXT_LENGTH": 2000,
    # Longest edge of the sanitised master kept for each photo.
    "MASTER_MAX_EDGE": 2048,
    # JPEG quality of the sanitised master.
    "JPEG_QUALITY": 85,
    # wagtail.embeds provider names accepted for video links.
    "VIDEO_PROVIDERS": ["youtube", "vimeo", "tiktok", "instagram"],
    # Minimum age a creator confirms on the form.
    "MINIMUM_AGE": 16,
    # Uses beyond the site's own galleries that a creator may tick separately
    # (labels are translated where they are shown, if a catalogue has them).
    # "ai_training" lifts the reservation of text and data mining on the
    # item's public files and page (docs/licensing.md); leave it out to not
    # offer it.
    "EXTRA_CONSENT_SCOPES": {
        "marketing_email": gettext_noop("Use in marketing e-mails"),
        "ads": gettext_noop("Use in advertising"),
        "ai_training": gettext_noop("Training AI models, by anyone"),
    },
    # Submissions allowed per IP address and per e-mail address, per hour.
    "RATE_LIMIT_PER_IP": 10,
    "RATE_LIMIT_PER_EMAIL": 5,
    # Cache alias used for rate limits.
    "RATE_LIMIT_CACHE": "default",
    # Behind a proxy or load balancer of the site's own: the header it puts
    # the client's address in ("X-Forwarded-For"), and how many such proxies
    # add to it; the address that many entries from the right is used. None:
    # REMOTE_ADDR only, and every such header is ignored (it can be forged).
    "TRUSTED_PROXY_HEADER": None,
    "TRUSTED_PROXY_COUNT": 1,
    # Secret salt for hashing IP addresses; None derives one from SECRET_KEY.
    "IP_HASH_SALT": None,
    # Days the hashed IP and user agent of a consent are kept.
    "CONSENT_NETWORK_DATA_RETENTION_DAYS": 90,
    # Days after which rejected submissions are purged.
    "REJECTED_RETENTION_DAYS": 30,
    # Days after which submissions whose processing never finished are purged.
    "ABANDONED_RETENTION_DAYS": 7,
    # Days a rights request stays open before it counts as declined.
    "RIGHTS_REQUEST_DAYS": 14,
    # Days after a rights request is sent before one reminder goes out.
    "RIGHTS_REMINDER_DAYS": 7,
    # Moderator e-mails on new submissions: "immediate", "digest" or "off".
    "MODERATOR_NOTIFICATIONS": "immediate",
    # Whether creators are told when their submission is rejected.
    "NOTIFY_CREATOR_ON_REJECTION": False,
    # Auto-approve clean submissions from creators with approved work.
    "AUTO_APPROVE_TRUSTED_CREATORS": False,
    # External moderation adapters: dotted paths, or {"BACKEND": path,
    # "OPTIONS": {...}} dicts (see docs/moderation-rules.md).
    "EXTERNAL_MODERATION_BACKENDS": [],
    # Photos shorter than this on their short side are flagged "small".
    "MIN_PHOTO_EDGE": 400,
    # Photos whose sharpness (variance of the Laplacian of a 512 px grey copy)
    # is below this are flagged "blurry".
    "BLUR_THRESHOLD": 25,
    # Cache alias of Django's cache middleware (CACHE_MIDDLEWARE_ALIAS), cleared
    # whenever a submission starts or stops being displayable; None if pages
    # are not cached that way. Give the page cache an alias of its own.
    "PAGE_CACHE_ALIAS": None,
    # Items per gallery page ("load more").
    "GALLERY_PAGE_SIZE": 12,
    # Galleries: cache alias for each item's rendered HTML and JSON-LD, keyed
    # on everything the item shows, so nothing needs invalidating (Redis with
    # several processes); None or "" renders every item on every request.
    "FRAGMENT_CACHE": "default",
    # Seconds a rendered gallery item is kept in FRAGMENT_CACHE.
    "FRAGMENT_CACHE_TIMEOUT": 24 * 3600,
    # Galleries: the page describing each licence, by licence code, for the
    # "license" of each photo in the search-engine data (JSON-LD). Licences
    # without a URL are left out of it.
    "LICENCE_URLS": {"cc-by-4.0": "https://creativecommons.org/licenses/by/4.0/"},
    # Galleries: where someone can ask to license a photo (JSON-LD
    # "acquireLicensePage"), an absolute URL or a site path; None leaves it out.
    "ACQUIRE_LICENCE_URL": None,
    # The site's base template the standalone pages (thank-you, closed,
    # withdraw, rights request) extend, so they show the site's header and
    # footer; they also fill its "title" block. A site without this template
    # gets the package's own minimal page.
    "BASE_TEMPLATE": "base.html",
    # The block of BASE_TEMPLATE where the page's content goes.
    "BASE_TEMPLATE_BLOCK": "content",
    # A block inside the <head> of BASE_TEMPLATE where the item pages put
    # their canonical link and OpenGraph and Twitter card tags ("extra_css"
    # is the one `wagtail start` makes); "" or None: no tags in the head.
    "BASE_TEMPLATE_HEAD_BLOCK": "extra_css",
    # Engagement counts (docs/engagement.md).
    # Count impressions, lightbox opens and link clicks of displayed items
    # (cookieless beacons); False: no tokens, no beacons.
    "ENGAGEMENT_COUNTS": True,
    # Cache alias the counts and replay keys are gathered in before they are
    # folded into daily rows; needs an atomic incr (Redis, Memcached, local
    # memory). None: RATE_LIMIT_CACHE.
    "ENGAGEMENT_CACHE": None,
    # Seconds a gallery's beacon token is accepted after the page was
    # rendered; longer than pages are cached (CACHE_MIDDLEWARE_SECONDS).
    "ENGAGEMENT_TOKEN_MAX_AGE": 2 * 3600,
    # Seconds of counts gathered under one cache bucket; each closed bucket
    # is folded into the daily rows once.
    "ENGAGEMENT_BUCKET_SECONDS": 300,
    # Words that mark a user agent as a bot, never counted (any case; an
    # empty user agent is never counted either).
    "ENGAGEMENT_BOT_USER_AGENTS": [
        "bot",
        "crawl",
        "spider",
        "slurp",
        "scrap",
        "headless",
        "lighthouse",
        "pingdom",
        "monitor",
        "preview",
        "facebookexternalhit",
        "embedly",
        "curl",
        "wget",
        "python",
        "java/",
        "go-http",
        "okhttp",
        "axios",
        "node-fetch",
        "httpclient",
        "phantomjs",
        "selenium",
        "puppeteer",
        "playwright",
    ],
    # Reports (docs/reports.md).
    # Reward codes (docs/rewards.md).
    # Fernet keys that encrypt the reward codes, newest first (older ones
    # still decrypt: rotation). Empty: keys derived from SECRET_KEY and
    # SECRET_KEY_FALLBACKS.
    "REWARD_CODE_KEYS": [],
    # The creator's own page (docs/creators.md).
    # Seconds the link to a creator's own page works after it is e-mailed.
    "CREATOR_LINK_MAX_AGE": 24 * 3600,
    # Links to creators' pages that may be asked for per IP address and per
    # e-mail address, per hour (counted whether the address is known or not).
    "CREATOR_LINK_RATE_LIMIT_PER_IP": 10,
    "CREATOR_LINK_RATE_LIMIT_PER_EMAIL": 3,
    # Webhooks (docs/webhooks.md).
    # Endpoints besides those made in the admin: a list of {"name", "url",
    # "secret", "events"} dicts; "events" (WebhookEvent values) may be left
    # out for every event.
    "WEBHOOK_ENDPOINTS": [],
    # Seconds one delivery attempt may take, connecting included.
    "WEBHOOK_TIMEOUT_SECONDS": 5,
    # Seconds to wait before each retry of a failed delivery; after the last,
    # the delivery is marked failed (so len + 1 attempts in all).
    "WEBHOOK_RETRY_DELAYS": [60, 5 * 60, 30 * 60, 2 * 3600, 12 * 3600],
    # Days delivered and failed deliveries stay in the log.
    "WEBHOOK_LOG_DAYS": 30,
    # Social import (docs/social-import.md).
    # Kinds of import source: kind name -> dotted path of its class.
    "IMPORT_SOURCE_KINDS": {
        "rss": "wagtail_ugc.intake.importing.rss.FeedSource",
        "mastodon": "wagtail_ugc.intake.importing.mastodon.MastodonTagSource",
    },
    # Whether sources may read private, loopback and link-local addresses.
    # Off: an editor cannot make the server fetch from inside its network.
    "IMPORT_ALLOW_PRIVATE_ADDRESSES": False,
    # Seconds one fetch (a feed, a timeline page or an image) may take in all.
    "IMPORT_TIMEOUT_SECONDS": 10,
    # Largest feed or timeline page read, in bytes; images: MAX_UPLOAD_BYTES.
    "IMPORT_MAX_FEED_BYTES": 2 * 1024 * 1024,
    # Posts one poll of one source looks at, at most.
    "IMPORT_MAX_POSTS_PER_POLL": 50,
}

NOTIFICATION_MODES = ("immediate", "digest", "off")


class UGCSettings:
    """Attribute access to WAGTAIL_UGC with DEFAULTS filled in."""

    def __init__(self):
        self._cache = None

    @property
    def user_settings(self):
        return getattr(settings, "WAGTAIL_UGC", {}) or {}

    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(f"Unknown wagtail-ugc setting: {name}")
        if self._cache is None:
            self._cache = {**DEFAULTS, **self.user_settings}
        return self._cache[name]

    def reload(self):
        self._cache = None


ugc_settings = UGCSettings()


@receiver(setting_changed)
def reload_ugc_settings(*, setting, **kwargs):
    if setting in ("WAGTAIL_UGC", "STORAGES", "MEDIA_ROOT", "SECRET_KEY"):
        ugc_settings.reload()

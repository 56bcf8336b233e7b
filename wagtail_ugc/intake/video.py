"""Video links: only allowlisted providers (``VIDEO_PROVIDERS``), checked through ``wagtail.embeds``.

A link is accepted when its address matches one of the allowlisted
providers' oEmbed URL patterns and the site's embed finders can find it.
Providers the finders do not know (TikTok and Instagram need extra finder
settings) are accepted on the pattern alone; the moderator sees the link.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from wagtail.embeds import oembed_providers
from wagtail.embeds.embeds import get_embed
from wagtail.embeds.exceptions import (
    EmbedException,
    EmbedNotFoundException,
    EmbedUnsupportedProviderException,
)
from wagtail.embeds.finders.instagram import INSTAGRAM_PROVIDER

from ..conf import ugc_settings
from .errors import RefusedInput

TIKTOK_PROVIDER = {
    "endpoint": "https://www.tiktok.com/oembed",
    "urls": [
        r"^https://(?:www\.|m\.)?tiktok\.com/@[\w.-]+/video/\d+",
        r"^https://vm\.tiktok\.com/\w+/?$",
    ],
}

#: Providers Wagtail's oEmbed list lacks or keeps elsewhere; any other name in
#: VIDEO_PROVIDERS is looked up in ``wagtail.embeds.oembed_providers``.
EXTRA_PROVIDERS = {"tiktok": TIKTOK_PROVIDER, "instagram": INSTAGRAM_PROVIDER}

PROVIDER_LABELS = {
    "youtube": "YouTube",
    "vimeo": "Vimeo",
    "tiktok": "TikTok",
    "instagram": "Instagram",
}


class VideoLinkRefused(RefusedInput):
    """A video link we refuse."""


@dataclass(frozen=True)
class VideoLink:
    url: str
    provider: str


def provider_definition(name):
    """The oEmbed provider dict for a VIDEO_PROVIDERS name, or None if there is none."""
    if name in EXTRA_PROVIDERS:
        return EXTRA_PROVIDERS[name]
    provider = getattr(oembed_providers, name, None)
    if isinstance(provider, dict) and "urls" in provider:
        return provider
    return None


def allowed_provider_names():
    return list(ugc_settings.VIDEO_PROVIDERS)


def allowed_provider_labels():
    return [
        PROVIDER_LABELS.get(name, name.title()) for name in allowed_provider_names()
    ]


def provider_for_url(url):
    """The allowlisted provider name whose URL patterns match, or None."""
    for name in allowed_provider_names():
        provider = provider_definition(name)
        if provider and any(re.match(pattern, url) for pattern in provider["urls"]):
            return name
    return None


def check_video_link(url):
    """Accept an allowlisted, findable video link, or raise ``VideoLinkRefused``."""
    url = url.strip()
    provider = provider_for_url(url)
    if provider is None:
        raise VideoLinkRefused(
            _("We accept video links from %(providers)s only.")
            % {"providers": ", ".join(allowed_provider_labels())},
            "unknown_provider",
        )
    try:
        get_embed(url)
    except EmbedUnsupportedProviderException:
        pass
    except (EmbedNotFoundException, EmbedException):
        raise VideoLinkRefused(
            _(
                "We could not find that video. Check the link, and that the video is public."
            ),
            "not_found",
        ) from None
    return VideoLink(url=url, provider=provider)

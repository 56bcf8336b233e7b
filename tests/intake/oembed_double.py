"""A stand-in for the video providers' oEmbed endpoints: the one external edge of video links.

Configured through WAGTAILEMBEDS_FINDERS, exactly where a site plugs in a real
finder, so everything of ours (allowlist, form, storage) runs for real.
"""

from wagtail.embeds.exceptions import EmbedNotFoundException
from wagtail.embeds.finders.base import EmbedFinder

PUBLIC_VIDEOS = {
    "https://www.youtube.com/watch?v=trail123": "Morning on the ridge",
    "https://vimeo.com/123456": "Lake crossing",
}


class OEmbedEndpointDouble(EmbedFinder):
    def __init__(self, **options):
        pass

    def accept(self, url):
        return "youtube.com" in url or "vimeo.com" in url

    def find_embed(self, url, max_width=None, max_height=None):
        if url not in PUBLIC_VIDEOS:
            raise EmbedNotFoundException
        return {
            "title": PUBLIC_VIDEOS[url],
            "author_name": "Ada",
            "provider_name": "YouTube" if "youtube" in url else "Vimeo",
            "type": "video",
            "thumbnail_url": "",
            "width": 640,
            "height": 360,
            "html": "<iframe></iframe>",
        }

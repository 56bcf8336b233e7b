"""Feeds and timelines as the far end serves them, and the calls the tests make on every poll."""

import json
from xml.sax.saxutils import escape, quoteattr

from wagtail_ugc.intake.importing import polling
from wagtail_ugc.models import ImportSource

from ..factories import CampaignFactory
from ..images import jpeg_bytes
from .server import Reply


def rss(items, *, language="en"):
    """An RSS 2.0 feed; each item: dict of title, link, guid, description, author, image, tags."""
    parts = []
    for item in items:
        part = ["<item>"]
        for name in ("title", "link", "guid", "description"):
            if item.get(name):
                part.append(f"<{name}>{escape(item[name])}</{name}>")
        if item.get("author"):
            part.append(f"<dc:creator>{escape(item['author'])}</dc:creator>")
        if item.get("image"):
            part.append(
                f'<enclosure url={quoteattr(item["image"])} type="image/jpeg" length="1"/>'
            )
        for tag in item.get("tags", ()):
            part.append(f"<category>{escape(tag)}</category>")
        part.append("</item>")
        parts.append("".join(part))
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>Trail photos</title><link>https://trails.example/</link>"
        f"<language>{language}</language>{''.join(parts)}</channel></rss>"
    ).encode()


def atom(entries):
    """An Atom feed; each entry: dict of id, title, link, content, author, author_uri, image, tags."""
    parts = []
    for entry in entries:
        part = [
            f"<entry><id>{escape(entry['id'])}</id><title>{escape(entry.get('title', ''))}</title>"
        ]
        if entry.get("link"):
            part.append(f'<link rel="alternate" href={quoteattr(entry["link"])}/>')
        if entry.get("image"):
            part.append(
                f'<link rel="enclosure" type="image/jpeg" href={quoteattr(entry["image"])}/>'
            )
        if entry.get("content"):
            part.append(f'<content type="html">{escape(entry["content"])}</content>')
        part.append(
            f"<author><name>{escape(entry.get('author', 'Someone'))}</name>"
            + (
                f"<uri>{escape(entry['author_uri'])}</uri>"
                if entry.get("author_uri")
                else ""
            )
            + "</author>"
        )
        for tag in entry.get("tags", ()):
            part.append(f"<category term={quoteattr(tag)}/>")
        part.append("<updated>2025-06-01T10:00:00Z</updated></entry>")
        parts.append("".join(part))
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<id>urn:trails</id><title>Trails</title><updated>2025-06-01T10:00:00Z</updated>"
        f"{''.join(parts)}</feed>"
    ).encode()


def status(number, far_end, *, image=True, text=None, **extra):
    """A Mastodon status as its API gives it."""
    return {
        "id": str(100000 + number),
        "uri": f"https://social.example/users/ana/statuses/{number}",
        "url": f"https://social.example/@ana/{number}",
        "content": text
        or f'<p>Day {number} on the trail <a href="https://social.example/tags/trails" class="mention hashtag">#<span>trails</span></a></p>',
        "language": "sv",
        "account": {
            "acct": "ana@social.example",
            "display_name": "Ana Lind",
            "url": "https://social.example/@ana",
        },
        "media_attachments": [
            {
                "type": "image",
                "url": far_end.url(f"/media/{number}.jpg"),
                "description": f"Tent by the lake, day {number}",
            }
        ]
        if image
        else [],
        "tags": [{"name": "trails"}, {"name": "summer"}],
        "reblog": None,
        **extra,
    }


def json_reply(data):
    return Reply(json.dumps(data).encode(), content_type="application/json")


def image_reply(width=800, height=600, **kwargs):
    return Reply(jpeg_bytes(width, height, **kwargs), content_type="image/jpeg")


def feed_source(far_end, path="/feed.xml", *, kind="rss", **kwargs):
    kwargs.setdefault("campaign", CampaignFactory())
    return ImportSource.objects.create(
        name=f"Source {path}", kind=kind, url=far_end.url(path), **kwargs
    )


def poll(source, capture):
    """Poll as the task does, then run what the commits set off (processing, moderation)."""
    with capture(execute=True):
        result = polling.poll(source)
    source.refresh_from_db()
    return result

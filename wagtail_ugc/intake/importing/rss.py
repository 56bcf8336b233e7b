"""RSS and Atom feeds, read with feedparser.

The feed is fetched by ``fetching.fetch`` (feedparser never touches the
network or the disk: it is handed the bytes, wrapped in a stream), with a
conditional GET: the ETag and Last-Modified of the last answer are kept in
the source's state. feedparser drops a feed's entity declarations except
plain one-line text ones, so neither an external entity (a local file, a
URL) nor a nested "billion laughs" entity is ever expanded. Every entry is
read again at each poll; entries already imported are recognised by their
key and skipped.

An entry's key is its link when it has one (so two feeds carrying the same
post import it once), else its id: as it is when that is an address or a URN,
else prefixed with the feed's address, as plain RSS ids ("42") are only
unique within their feed.
"""

import io
from urllib.parse import urljoin

import feedparser
from django.utils.translation import gettext_lazy as _
from feedparser.exceptions import CharacterEncodingOverride, NonXMLContentType

from ...conf import ugc_settings
from .base import (
    FoundPost,
    FoundPosts,
    ImportSourceKind,
    clean_language,
    clean_tags,
    html_to_text,
    web_link,
)
from .fetching import ImportFailed, fetch

#: What feedparser may complain of and still have read the feed in full.
FORGIVEN = (CharacterEncodingOverride, NonXMLContentType)
ACCEPT = "application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1"


class FeedSource(ImportSourceKind):
    label = _("RSS or Atom feed")

    def fetch(self, source):
        state = dict(source.state or {})
        fetched = fetch(
            source.url,
            max_bytes=ugc_settings.IMPORT_MAX_FEED_BYTES,
            accept=ACCEPT,
            etag=state.get("etag", ""),
            last_modified=state.get("last_modified", ""),
        )
        if fetched.status == 304:
            return FoundPosts(posts=[], state=state)
        parsed = feedparser.parse(
            io.BytesIO(fetched.body),
            response_headers={
                "content-type": fetched.content_type,
                "content-location": fetched.url,
            },
        )
        entries = parsed.get("entries") or []
        problem = parsed.get("bozo_exception")
        # Only a wrong declared encoding or content type is forgiven: from a
        # feed that is not well-formed XML, nothing is taken.
        if (problem and not isinstance(problem, FORGIVEN)) or (
            not entries and not parsed.get("version")
        ):
            raise ImportFailed(
                _("This is not an RSS or Atom feed, or it is broken."), "not_a_feed"
            )
        feed = parsed.get("feed") or {}
        posts = []
        for entry in entries[: ugc_settings.IMPORT_MAX_POSTS_PER_POLL]:
            post = entry_post(entry, feed, fetched.url)
            if post is not None:
                posts.append(post)
        state.update(etag=fetched.etag, last_modified=fetched.last_modified)
        return FoundPosts(posts=posts, state=state)


def entry_post(entry, feed, feed_url):
    link = web_link(_resolved(entry.get("link"), feed_url))
    entry_id = entry.get("id") if isinstance(entry.get("id"), str) else ""
    entry_id = entry_id.strip()[:500]
    if link:
        key = link
    elif ":" in entry_id:
        key = entry_id
    elif entry_id:
        key = f"{feed_url} {entry_id}"
    else:
        return None
    title = html_to_text(entry.get("title"))
    body = ""
    for content in entry.get("content") or []:
        if isinstance(content, dict) and content.get("value"):
            body = html_to_text(content["value"])
            break
    body = body or html_to_text(entry.get("summary"))
    text = body if not title or body.startswith(title) else f"{title}\n\n{body}".strip()
    author = entry.get("author_detail") or feed.get("author_detail") or {}
    author_name = html_to_text(
        author.get("name") or entry.get("author") or feed.get("author"),
        multiline=False,
    )
    return FoundPost(
        key=key,
        link=link,
        text=text,
        author_name=author_name,
        author_url=web_link(author.get("href")),
        image_urls=image_urls(entry, feed_url),
        tags=clean_tags(
            tag.get("term") for tag in entry.get("tags") or [] if isinstance(tag, dict)
        ),
        locale=clean_language(entry.get("language") or feed.get("language")),
    )


def image_urls(entry, feed_url):
    """The entry's images: image enclosures, then Media RSS images, each once."""
    candidates = []
    for enclosure in entry.get("enclosures") or []:
        if isinstance(enclosure, dict) and str(enclosure.get("type", "")).startswith(
            "image/"
        ):
            candidates.append(enclosure.get("href"))
    for media in entry.get("media_content") or []:
        if not isinstance(media, dict):
            continue
        if media.get("medium") == "image" or str(media.get("type", "")).startswith(
            "image/"
        ):
            candidates.append(media.get("url"))
    urls = []
    for candidate in candidates:
        url = web_link(_resolved(candidate, feed_url))
        if url and url not in urls:
            urls.append(url)
    return urls[: ugc_settings.MAX_PHOTOS_PER_SUBMISSION]


def _resolved(value, base):
    if not isinstance(value, str) or not value.strip():
        return ""
    try:
        return urljoin(base, value.strip())
    except ValueError:
        return ""

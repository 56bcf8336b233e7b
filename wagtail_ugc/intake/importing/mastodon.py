"""A Mastodon hashtag timeline, read through its public API (no account, no token).

``GET {server}/api/v1/timelines/tag/{hashtag}?limit=40``. The first poll
takes the newest page; each later one asks for what came after the newest
post seen (``min_id``), page after page while pages come back full, up to
``IMPORT_MAX_POSTS_PER_POLL``, so a busy hashtag leaves no gap between polls.
The newest id seen is kept in the source's state only once its posts are
imported. The answer is JSON from a server we do not control: anything not
shaped like a list of statuses is refused, and a status with a field of the
wrong type is left out.

A post's key is its ActivityPub ``uri``: the same post seen through two
servers has the same one, and is imported once.
"""

import json
from urllib.parse import quote, urlencode

from django.utils.translation import gettext_lazy as _

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

PAGE_SIZE = 40
MAX_ID_LENGTH = 30


class MastodonTagSource(ImportSourceKind):
    label = _("Mastodon hashtag")
    needs_hashtag = True

    def fetch(self, source):
        state = dict(source.state or {})
        hashtag = (source.hashtag or "").strip().lstrip("#")
        if not hashtag:
            raise ImportFailed(_("Give the hashtag to follow."), "no_hashtag")
        endpoint = (
            f"{source.url.rstrip('/')}/api/v1/timelines/tag/{quote(hashtag, safe='')}"
        )
        newest = state.get("newest_id") if _is_id(state.get("newest_id")) else ""
        limit = ugc_settings.IMPORT_MAX_POSTS_PER_POLL
        posts = []
        while len(posts) < limit:
            paging = bool(newest)
            query = {"limit": PAGE_SIZE, **({"min_id": newest} if paging else {})}
            statuses = _statuses(f"{endpoint}?{urlencode(query)}")
            page = sorted(
                (status for status in statuses if _is_id(status.get("id"))),
                key=lambda status: _order(status["id"]),
            )
            for status in page:
                if len(posts) >= limit:
                    break
                # The cursor passes boosts and unusable statuses too.
                newest = max(newest or status["id"], status["id"], key=_order)
                post = status_post(status)
                if post is not None:
                    posts.append(post)
            # Without a cursor the first page is the newest: older posts are
            # not imported. With one, a full page may have more after it.
            if not paging or not page or len(statuses) < PAGE_SIZE:
                break
        if newest:
            state["newest_id"] = newest
        return FoundPosts(posts=posts, state=state)


def _statuses(url):
    fetched = fetch(
        url, max_bytes=ugc_settings.IMPORT_MAX_FEED_BYTES, accept="application/json"
    )
    try:
        data = json.loads(fetched.body)
    except (ValueError, RecursionError):
        raise ImportFailed(
            _("The server's answer is not valid JSON."), "not_json"
        ) from None
    if not isinstance(data, list):
        raise ImportFailed(
            _("The server's answer is not a list of posts."), "not_a_list"
        )
    return [status for status in data if isinstance(status, dict)]


def _is_id(value):
    return (
        isinstance(value, str) and 0 < len(value) <= MAX_ID_LENGTH and value.isdigit()
    )


def _order(status_id):
    # Ids are numbers written as strings, too big for some clients' integers.
    return (len(status_id), status_id)


def status_post(status):
    """A status as a ``FoundPost``, or None if it is not one we can credit and link to."""
    if status.get("reblog") is not None:
        # A boost: the original post is the one to ask about, under its own author.
        return None
    key = _text(status.get("uri")) or _text(status.get("url"))
    link = web_link(status.get("url")) or web_link(status.get("uri"))
    account = status.get("account")
    if not key or not link or not isinstance(account, dict):
        return None
    handle = _text(account.get("acct"))
    author_name = html_to_text(_text(account.get("display_name")), multiline=False)
    if handle:
        author_name = f"{author_name} (@{handle})" if author_name else f"@{handle}"
    images, descriptions = [], []
    attachments = status.get("media_attachments")
    for attachment in attachments if isinstance(attachments, list) else []:
        if not isinstance(attachment, dict) or attachment.get("type") != "image":
            continue
        url = web_link(attachment.get("url"))
        if url and url not in images:
            images.append(url)
            descriptions.append(
                html_to_text(_text(attachment.get("description")), multiline=False)
            )
    tags = status.get("tags")
    return FoundPost(
        key=key[:500],
        link=link,
        text=html_to_text(_text(status.get("content"))),
        author_name=author_name,
        author_url=web_link(account.get("url")),
        image_urls=images[: ugc_settings.MAX_PHOTOS_PER_SUBMISSION],
        image_descriptions=descriptions[: ugc_settings.MAX_PHOTOS_PER_SUBMISSION],
        tags=clean_tags(
            tag.get("name")
            for tag in (tags if isinstance(tags, list) else [])
            if isinstance(tag, dict)
        ),
        locale=clean_language(status.get("language")),
    )


def _text(value):
    return value.strip() if isinstance(value, str) else ""

"""Polling import sources, and turning what they find into found content awaiting a rights request.

An imported post becomes a ``Submission`` the way an editor's found content
does (``intake.services.receiving_submission``): no creator, no consent
(rights: none), pending moderation, its photos fetched and then sanitised by
the processing task like any upload. Without granted rights it can never be
displayed (invariant 1 in docs/architecture.md); an editor asks its author
for rights from the queue.

What kind of submission a post becomes: a photo when it has images (all of
them must pass the upload checks, or the post is left out and the reason is
recorded); else a video link when its own link is a video of an allowed
provider; else text, when it has any; else nothing.

Each post is imported once: ``source_key`` (a hash of the post's key) is
unique, and a post whose link an editor already added is skipped too. A
poll killed half-way loses nothing: the source's state moves on only once
its posts are imported, and the next poll skips what was.
"""

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ...conf import ugc_settings
from ...models import ImportSource, Submission
from ...models.choices import Kind, Source
from ...text import clean_text
from ..media import UnacceptableImage, probe_image
from ..services import receiving_submission
from ..video import provider_for_url
from .base import source_kind
from .fetching import ImportFailed, fetch

logger = logging.getLogger(__name__)

#: Reasons kept in ``ImportSource.last_error``; the rest are counted.
MAX_ERRORS_SHOWN = 3
MAX_ERROR_LENGTH = 1000


@dataclass
class PollResult:
    found: int = 0
    known: int = 0
    skipped: int = 0
    errors: list = field(default_factory=list)


def source_key(post_key):
    return hashlib.sha256(post_key.encode("utf-8", "surrogatepass")).hexdigest()


def due_sources(now):
    return ImportSource.objects.filter(active=True).filter(
        Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)
    )


def poll_due(now=None):
    """Poll every active source whose time has come; ``{source: PollResult}``.

    Each source is claimed first (its next poll moved on with a conditional
    update), so two runs at once poll it once.
    """
    now = now or timezone.now()
    results = {}
    for source in due_sources(now):
        claimed = (
            due_sources(now)
            .filter(pk=source.pk)
            .update(next_poll_at=now + timedelta(minutes=max(1, source.poll_minutes)))
        )
        if claimed:
            results[source] = poll(source)
    return results


def poll(source):
    """Poll ``source`` now and record the outcome on it. Nothing a source sends makes it raise."""
    result = PollResult()
    found = None
    try:
        found = source_kind(source.kind).fetch(source)
    except ImportFailed as failure:
        result.errors.append(str(failure.message))
    except Exception:
        logger.exception("Import source %s could not be read", source.pk)
        result.errors.append(_("The source could not be read (see the server's log)."))
    for post in found.posts[: ugc_settings.IMPORT_MAX_POSTS_PER_POLL] if found else ():
        try:
            outcome = import_post(source, post)
        except ImportFailed as failure:
            result.errors.append(
                _("%(post)s: %(reason)s")
                % {"post": (post.link or post.key)[:120], "reason": failure.message}
            )
            continue
        except Exception:
            logger.exception(
                "Import source %s: a post could not be imported", source.pk
            )
            result.errors.append(
                _("%(post)s: could not be imported (see the server's log).")
                % {"post": (post.link or post.key)[:120]}
            )
            continue
        if outcome is None:
            result.skipped += 1
        elif outcome:
            result.found += 1
        else:
            result.known += 1
    now = timezone.now()
    changes = {
        "last_polled_at": now,
        "next_poll_at": now + timedelta(minutes=max(1, source.poll_minutes)),
        "last_found": result.found,
        "last_error": error_summary(result.errors),
    }
    if found is not None:
        changes["state"] = found.state
    ImportSource.objects.filter(pk=source.pk).update(**changes)
    for name, value in changes.items():
        setattr(source, name, value)
    return result


def error_summary(errors):
    shown = list(errors[:MAX_ERRORS_SHOWN])
    if len(errors) > MAX_ERRORS_SHOWN:
        shown.append(
            _("%(count)s more posts could not be imported.")
            % {"count": len(errors) - MAX_ERRORS_SHOWN}
        )
    return "\n".join(shown)[:MAX_ERROR_LENGTH]


def already_imported(key, link):
    return (
        Submission.objects.filter(source_key=key).exists()
        or bool(link)
        and Submission.objects.filter(source_url=link).exists()
    )


def import_post(source, post):
    """Make ``post`` a submission awaiting a rights request.

    True if it was made, False if it was there already, None if the post has
    nothing to import; ``ImportFailed`` if it cannot be (an image refused).
    """
    key = source_key(post.key)
    if already_imported(key, post.link):
        return False
    fields = {}
    uploads, formats = [], []
    if post.image_urls:
        for url in post.image_urls:
            upload, image_format = fetch_image(url)
            uploads.append(upload)
            formats.append(image_format)
        kind = Kind.PHOTO
    elif provider := provider_for_url(post.link):
        kind = Kind.VIDEO
        fields.update(video_url=post.link, video_provider=provider)
    elif post.text:
        kind = Kind.REVIEW
    else:
        return None
    try:
        with receiving_submission(
            email="",
            name="",
            language=post.locale,
            uploads=uploads,
            formats=formats,
            kind=kind,
            campaign=source.campaign,
            text=shortened(post.text),
            credit_line=clean_text(post.author_name)[:100],
            credit_url=post.author_url,
            source=Source.IMPORT,
            source_url=post.link,
            import_source=source,
            source_key=key,
            **fields,
        ) as (submission, photos):
            for photo, description in zip(
                photos, post.image_descriptions, strict=False
            ):
                if description:
                    photo.alt_text = description[:250]
                    photo.save(update_fields=["alt_text"])
            if post.tags:
                submission.tags.add(*post.tags)
                submission.tagged_items.commit()
    except IntegrityError:
        if Submission.objects.filter(source_key=key).exists():
            # Another poll imported it a moment ago.
            return False
        raise
    return True


def fetch_image(url):
    """An image of a post, checked like an upload: ``(ContentFile, format)``."""
    fetched = fetch(url, max_bytes=ugc_settings.MAX_UPLOAD_BYTES, accept="image/*")
    if not fetched.content_type.startswith("image/"):
        raise ImportFailed(_("The post's image link gives no image."), "not_an_image")
    try:
        probe = probe_image(fetched.body)
    except UnacceptableImage as refusal:
        raise ImportFailed(refusal.message, refusal.code) from None
    return ContentFile(fetched.body, name="upload"), probe.format


def shortened(text):
    limit = ugc_settings.MAX_TEXT_LENGTH
    if not limit or len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"

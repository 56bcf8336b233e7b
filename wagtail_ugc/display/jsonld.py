"""Search-engine data (schema.org JSON-LD) for what a gallery shows: credit and licence included.

User text (captions, credits, reviews) ends up inside a ``<script>`` element,
so the JSON is escaped for HTML: ``<``, ``>`` and ``&`` become ``\\u003C``
etc., which JSON parsers read back unchanged and which can never close the
script element (invariant 3 in docs/architecture.md).
"""

import json

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..conf import ugc_settings
from ..mail import absolute_url
from ..models.choices import Kind
from ..text import web_address

HTML_UNSAFE_IN_SCRIPT = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}


def json_ld_script(data):
    """A ``<script type="application/ld+json">`` element that user text cannot break out of."""
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(  # noqa: S308 - every character that could end the element is escaped
        '<script type="application/ld+json">'
        + text.translate(HTML_UNSAFE_IN_SCRIPT)
        + "</script>"
    )


def licence_fields(submission, request):
    fields = {}
    licence_url = ugc_settings.LICENCE_URLS.get(submission.licence)
    if licence_url:
        fields["license"] = licence_url
    if ugc_settings.ACQUIRE_LICENCE_URL:
        fields["acquireLicensePage"] = absolute_url(
            ugc_settings.ACQUIRE_LICENCE_URL, request
        )
    return fields


def credit_fields(submission):
    if not submission.credit_line:
        return {}
    creator = {"@type": "Person", "name": submission.credit_line}
    if web_address(submission.credit_url):
        creator["url"] = web_address(submission.credit_url)
    return {
        "creator": creator,
        "creditText": submission.credit_line,
        "copyrightNotice": f"© {submission.credit_line}",
    }


def about_fields(submission, request):
    """The page the item is about, when the item links to it (``loading.attach_related_links()``)."""
    link = getattr(submission, "related_link", None)
    if link is None:
        return {}
    page = {
        "@type": "WebPage",
        "name": link.title,
        "url": absolute_url(link.url, request),
    }
    return {"about": page}


def image_objects(submission, request):
    objects = []
    for photo in getattr(submission, "public_photos", ()):
        data = {
            "@type": "ImageObject",
            "contentUrl": absolute_url(photo.image.file.url, request),
            "width": photo.image.width,
            "height": photo.image.height,
            **credit_fields(submission),
            **licence_fields(submission, request),
            **about_fields(submission, request),
        }
        if submission.text:
            data["caption"] = submission.text
        if not photo.decorative and photo.alt_text:
            data["description"] = photo.alt_text
        objects.append(data)
    return objects


def video_object(submission, request):
    data = {
        "@type": "VideoObject",
        "name": submission.text[:110]
        or _("Video by %(credit)s") % {"credit": submission.credit_line or "?"},
        "url": web_address(submission.video_url),
        **credit_fields(submission),
        **licence_fields(submission, request),
        **about_fields(submission, request),
    }
    if submission.text:
        data["description"] = submission.text
    if submission.first_published_at:
        data["uploadDate"] = submission.first_published_at.isoformat()
    photos = getattr(submission, "public_photos", ())
    if photos:
        data["thumbnailUrl"] = absolute_url(photos[0].full_rendition.url, request)
    return data


def review_object(submission):
    data = {
        "@type": "Review",
        "reviewBody": submission.text,
        "author": {
            "@type": "Person",
            "name": submission.credit_line or _("Anonymous"),
        },
    }
    if submission.rating:
        data["reviewRating"] = {
            "@type": "Rating",
            "ratingValue": submission.rating,
            "bestRating": 5,
            "worstRating": 1,
        }
    if submission.first_published_at:
        data["datePublished"] = submission.first_published_at.date().isoformat()
    return data


def item_objects(submission, request):
    """What one gallery item adds to the graph: a VideoObject, or an ImageObject per photo."""
    if submission.kind == Kind.VIDEO and submission.video_url:
        return [video_object(submission, request)]
    return image_objects(submission, request)


def graph_of(objects):
    """The gallery's JSON-LD from its items' objects, in order; ``None`` if there are none."""
    if not objects:
        return None
    return {"@context": "https://schema.org", "@graph": list(objects)}


def gallery_graph(submissions, request):
    """ImageObject per photo and VideoObject per video link of a gallery."""
    return graph_of(
        [
            data
            for submission in submissions
            for data in item_objects(submission, request)
        ]
    )


def reviews_graph(reviews, summary, *, item_type, item_name):
    """The reviewed item with its Review list and AggregateRating."""
    if not reviews:
        return None
    data = {
        "@context": "https://schema.org",
        "@type": item_type,
        "name": item_name,
        "review": [review_object(review) for review in reviews],
    }
    if summary.get("count"):
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": round(summary["average"], 1),
            "reviewCount": summary["count"],
            "bestRating": 5,
            "worstRating": 1,
        }
    return data

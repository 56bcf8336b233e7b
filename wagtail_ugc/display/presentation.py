"""What the display templates need beyond the model: credit, licence, alt text, stars, page links.

Kept in Python so overriding a template never means re-deriving the rules
(credit is never lost; links only to http(s) addresses; alt text from
moderation, or empty for decorative photos).
"""

from django.utils.translation import gettext as _

from ..conf import ugc_settings
from ..links import item_path
from ..models.choices import Licence
from ..text import web_address

PROVIDER_NAMES = {"youtube": "YouTube", "tiktok": "TikTok", "vimeo": "Vimeo"}


def licence_label(code):
    try:
        return Licence(code).label
    except ValueError:
        return code


def stars(rating):
    rating = max(0, min(5, int(rating or 0)))
    return "★" * rating + "☆" * (5 - rating)


def decorate(submissions):
    """Attach credit, licence, link, star and alt-text attributes the templates read."""
    for submission in submissions:
        submission.credit_text = submission.credit_line or _("Anonymous")
        submission.credit_href = web_address(submission.credit_url)
        submission.licence_label = licence_label(submission.licence)
        submission.licence_href = ugc_settings.LICENCE_URLS.get(submission.licence, "")
        submission.star_text = stars(submission.rating)
        submission.video_href = web_address(submission.video_url)
        submission.permalink = permalink(submission)
        provider = (submission.video_provider or "").lower()
        submission.provider_label = PROVIDER_NAMES.get(provider, provider.title())
        for photo in getattr(submission, "public_photos", ()):
            if photo.decorative:
                photo.display_alt = ""
            else:
                photo.display_alt = photo.alt_text.strip() or _(
                    "Photo by %(credit)s"
                ) % {"credit": submission.credit_text}


def permalink(submission):
    """The path of the item's own page (docs/item-pages.md); "" where the package's URLs are not included."""
    return item_path(submission.uuid)


def page_links(request, parameter, gallery_page, *, anchor):
    """Plain links to the previous and next page of one gallery (they work with JS off)."""
    if request is None:
        return None, None
    previous_url = next_url = None
    if gallery_page.has_next:
        next_url = _page_url(request, parameter, gallery_page.number + 1, anchor)
    if gallery_page.number > 1:
        previous_url = _page_url(request, parameter, gallery_page.number - 1, anchor)
    return previous_url, next_url


def _page_url(request, parameter, number, anchor):
    query = request.GET.copy()
    if number == 1:
        query.pop(parameter, None)
    else:
        query[parameter] = str(number)
    encoded = query.urlencode()
    return f"{request.path}{'?' + encoded if encoded else ''}#{anchor}"

"""Demo content for the moderation rules: reviews that the rules flag, so the queue shows flags.

They go through the real intake pipeline (``create_submission``), so the
flags are the ones the rules really raise. Running it twice adds nothing.
"""

from django.utils import translation

from wagtail_ugc.models import Campaign
from wagtail_ugc.models.choices import Kind

from .visitors import submit_once, visitor_email

EMAIL_DOMAIN = "rules-demo.example.com"

FLAGGED_REVIEWS = [
    # name, language, rating, text
    (
        "Deal Bot",
        "en",
        5,
        "BEST TENTS EVER!!!!!!! Buy cheap followers and tents at www.cheap-tents.shop",
    ),
    (
        "Rosa Copy",
        "en",
        4,
        "Comfortable straps, and the rain cover really works. "
        "Wish it had one more pocket!",
    ),
    (
        "Sven Arg",
        "sv",
        1,
        "Jävla dåligt tält, blåste sönder första natten.",
    ),
]


def load(stdout):
    campaign = Campaign.objects.filter(slug="summer-trails").first()
    if campaign is None:
        return
    made = 0
    for name, language, rating, text in FLAGGED_REVIEWS:
        with translation.override(language):
            made += submit_once(
                campaign,
                kind=Kind.REVIEW,
                name=name,
                email=visitor_email(name, EMAIL_DOMAIN),
                text=text,
                rating=rating,
            )
    if made:
        stdout.write(f"Moderation rules: {made} flagged reviews in the queue.")

"""Each displayable item's own page: canonical URL, sharing tags, JSON-LD, credit; 404 and 410 otherwise."""

import json
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Site

from wagtail_ugc.models import ErasedSubmission, Submission
from wagtail_ugc.models.choices import (
    AI_TRAINING_SCOPE,
    SITE_SCOPE,
    Licence,
    ModerationStatus,
    ProcessingState,
    RightsStatus,
)
from wagtail_ugc.rights.revocation import withdraw

from ..display.helpers import (
    gallery_page,
    gallery_value,
    photo_submission,
    review_submission,
    video_submission,
)
from ..factories import CampaignFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

SITE_ROOT = "https://shop.example"


@pytest.fixture(autouse=True)
def site_frame(settings):
    """The example site's base template puts head tags in its "extra_head" block."""
    settings.WAGTAIL_UGC = {
        **settings.WAGTAIL_UGC,
        "BASE_TEMPLATE_HEAD_BLOCK": "extra_head",
    }


@pytest.fixture
def shop_site(db):
    """The default Wagtail Site at https://shop.example (the canonical host)."""
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "shop.example", 443
    site.save()
    return site


def item_url(submission):
    return f"/ugc/items/{submission.uuid}/"


def head_tags(html):
    """{property or name: content} of the <meta> tags, and the canonical link."""
    tags = dict(
        re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', html)
    )
    canonical = re.findall(r'<link rel="canonical" href="([^"]+)"', html)
    return tags, canonical


UNKNOWN = "00000000-0000-4000-8000-000000000000"


def body_without(response, uuid):
    """The body with the asked-for id blanked: the site's 404 page repeats the path."""
    return response.content.decode().replace(str(uuid), "ID")


def json_ld_scripts(html):
    return [
        json.loads(text)
        for text in re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', html, re.S
        )
    ]


def test_a_displayable_photo_has_its_page_with_canonical_sharing_tags_and_json_ld(
    client, shop_site, settings
):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "other.example"]
    campaign = CampaignFactory(title="Lakes in summer")
    submission = photo_submission(
        credit_line="Ana Trail",
        credit_url="https://ana.example/",
        licence=Licence.CC_BY_4,
        campaign=campaign,
        text="Morning at the lake",
    )
    page = gallery_page(("ugc_gallery", gallery_value()[1]))

    response = client.get(item_url(submission), HTTP_HOST="other.example")

    assert response.status_code == 200
    html = response.content.decode()
    canonical_url = f"{SITE_ROOT}/ugc/items/{submission.uuid}/"
    tags, canonical = head_tags(html)
    # The head of the site's own base template, not the body.
    head = html.split("</head>")[0]
    assert f'<link rel="canonical" href="{canonical_url}">' in head
    assert canonical == [canonical_url]
    assert response["Link"] == f'<{canonical_url}>; rel="canonical"'
    assert "other.example" not in html
    assert tags["og:url"] == canonical_url
    assert tags["og:title"] == "Photo by Ana Trail"
    assert tags["og:description"] == "Morning at the lake"
    assert tags["og:type"] == "article"
    assert tags["og:image"].startswith(f"{SITE_ROOT}/media/ugc/")
    assert int(tags["og:image:width"]) > 0 and int(tags["og:image:height"]) > 0
    assert tags["og:image:alt"] == "A green tent by a lake"
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["twitter:image"] == tags["og:image"]
    assert tags["robots"].startswith("index, follow")
    assert "X-Robots-Tag" not in response
    assert "public" in response["Cache-Control"]

    (graph,) = json_ld_scripts(html)
    assert graph["@context"] == "https://schema.org"
    (image,) = graph["@graph"]
    assert image["@type"] == "ImageObject"
    assert image["url"] == image["mainEntityOfPage"] == canonical_url
    assert image["contentUrl"].startswith(f"{SITE_ROOT}/media/ugc/")
    assert image["creator"]["name"] == image["author"]["name"] == "Ana Trail"
    assert image["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert image["caption"] == "Morning at the lake"

    # The photo with srcset and alt text; credit, licence, campaign, pages.
    assert 'srcset="' in html and 'alt="A green tent by a lake"' in html
    assert (
        '<a dir="auto" href="https://ana.example/" rel="nofollow ugc">Ana Trail</a>'
        in html
    )
    assert (
        '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">'
        "Creative Commons Attribution 4.0</a>" in html
    )
    assert "Lakes in summer" in html
    assert f'<a href="{page.url}" dir="auto">Our customers</a>' in html
    # The site's own frame around it.
    assert "Northwind Outdoor" in html


def test_a_review_page_has_stars_and_a_review_graph(client, shop_site):
    submission = review_submission(rating=4, text="Warm and light.", credit_line="Bo")
    response = client.get(item_url(submission))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rated 4 out of 5" in html and "Warm and light." in html
    tags, _ = head_tags(html)
    assert tags["twitter:card"] == "summary"
    assert "og:image" not in tags
    (graph,) = json_ld_scripts(html)
    (review,) = graph["@graph"]
    assert review["@type"] == "Review"
    assert review["author"]["name"] == "Bo"
    assert review["reviewRating"]["ratingValue"] == 4
    assert review["url"] == f"{SITE_ROOT}/ugc/items/{submission.uuid}/"


def test_a_video_page_links_to_the_video(client, shop_site):
    submission = video_submission(credit_line="Vid Maker")
    html = client.get(item_url(submission)).content.decode()
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in html
    assert "Watch the video on YouTube" in html
    (graph,) = json_ld_scripts(html)
    assert graph["@graph"][0]["@type"] == "VideoObject"


def not_displayable_kinds():
    now = timezone.now()
    return {
        "pending": {"moderation_status": ModerationStatus.PENDING, "live": False},
        "rejected": {
            "moderation_status": ModerationStatus.REJECTED,
            "live": False,
        },
        "expired": {"rights_expires_at": now - timedelta(minutes=1)},
        "not-live": {"live": False},
        "no-rights": {"rights_status": RightsStatus.NONE},
        "processing": {"processing_state": ProcessingState.RECEIVED},
    }


@pytest.mark.parametrize("state", sorted(not_displayable_kinds()))
def test_anything_not_displayable_answers_the_same_404_as_nothing(client, state):
    submission = review_submission(**not_displayable_kinds()[state])
    assert not submission.is_displayable()
    response = client.get(item_url(submission))
    unknown = client.get(f"/ugc/items/{UNKNOWN}/")
    assert response.status_code == unknown.status_code == 404
    assert body_without(response, submission.uuid) == body_without(unknown, UNKNOWN)
    assert "tdm-reservation" not in response


@pytest.mark.parametrize(
    "path",
    [
        "/ugc/items/not-a-uuid/",
        "/ugc/items/00000000-0000-4000-8000-00000000000G/",
        "/ugc/items/%27%3Bdrop%20table/",
        "/ugc/items/" + "a" * 5000 + "/",
        "/ugc/items/00000000-0000-4000-8000-000000000000%00/",
        "/ugc/items/../../admin/",
    ],
)
def test_hostile_addresses_answer_404(client, path):
    assert client.get(path).status_code == 404


def test_only_safe_methods(client):
    submission = review_submission()
    assert client.post(item_url(submission)).status_code == 405


def test_a_withdrawn_item_answers_410_gone(client):
    submission = review_submission()
    assert client.get(item_url(submission)).status_code == 200
    withdraw(submission)
    response = client.get(item_url(submission))
    assert response.status_code == 410
    assert "No longer shown" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"


def test_withdrawn_before_it_was_ever_public_answers_404(client):
    submission = SubmissionFactory(withdrawn_at=timezone.now())
    unknown = client.get(f"/ugc/items/{UNKNOWN}/")
    response = client.get(item_url(submission))
    assert response.status_code == 404
    assert body_without(response, submission.uuid) == body_without(unknown, UNKNOWN)


def test_an_erased_item_answers_410_gone(client):
    shown = review_submission(creator__email="gone@example.com")
    never_shown = SubmissionFactory(creator=shown.creator)
    assert client.get(item_url(shown)).status_code == 200

    call_command("ugc_erase_creator", "gone@example.com", "--yes", stdout=StringIO())

    assert not Submission.objects.filter(pk__in=[shown.pk, never_shown.pk]).exists()
    assert client.get(item_url(shown)).status_code == 410
    # What was never public leaves nothing behind, and says nothing.
    assert not ErasedSubmission.objects.filter(uuid=never_shown.uuid).exists()
    assert client.get(item_url(never_shown)).status_code == 404


@pytest.mark.parametrize(
    "scopes,reserved", [([SITE_SCOPE], "1"), ([SITE_SCOPE, AI_TRAINING_SCOPE], "0")]
)
def test_the_tdm_reservation_header_follows_the_ai_training_scope(
    client, scopes, reserved
):
    submission = review_submission(consent_scopes=scopes)
    assert submission.allows_ai_training is (reserved == "0")
    response = client.get(item_url(submission))
    assert response["tdm-reservation"] == reserved


def test_head_tags_go_nowhere_without_a_head_block_but_the_link_header_stays(
    client, settings
):
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "BASE_TEMPLATE_HEAD_BLOCK": ""}
    submission = review_submission()
    response = client.get(item_url(submission))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'rel="canonical"' not in html
    assert 'rel="canonical"' in response["Link"]
    assert len(json_ld_scripts(html)) == 1


def test_the_package_frame_has_the_head_tags(client, settings):
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "BASE_TEMPLATE": "no-such.html"}
    submission = review_submission()
    html = client.get(item_url(submission)).content.decode()
    head = html.split("</head>")[0]
    assert '<link rel="canonical"' in head and "twitter:card" in head


def test_user_text_cannot_break_out_of_the_tags_or_the_script(client):
    hostile = '"><script>alert(1)</script></script>'
    submission = review_submission(text=hostile, credit_line=hostile[:90])
    html = client.get(item_url(submission)).content.decode()
    assert "<script>alert(1)" not in html
    (graph,) = json_ld_scripts(html)
    assert graph["@graph"][0]["reviewBody"] == hostile

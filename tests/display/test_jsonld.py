"""Search-engine data: credited, licensed ImageObjects, VideoObjects and reviews, safe from user text."""

import json
import re

import pytest

from wagtail_ugc.display.blocks import UGCReviewsBlock
from wagtail_ugc.models.choices import Licence

from .helpers import (
    gallery_value,
    photo_submission,
    render_block,
    review_submission,
    video_submission,
)

pytestmark = pytest.mark.django_db


def json_ld(html):
    scripts = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    )
    assert len(scripts) == 1
    return json.loads(scripts[0])


def test_each_photo_is_an_image_object_with_credit_and_licence(settings):
    settings.WAGTAIL_UGC = {
        **settings.WAGTAIL_UGC,
        "ACQUIRE_LICENCE_URL": "/licensing/",
    }
    photo_submission(
        photos=2,
        credit_line="Ana Trail",
        credit_url="https://ana.example/",
        licence=Licence.CC_BY_4,
    )
    block, value = gallery_value()
    graph = json_ld(render_block(block, value))["@graph"]
    assert [node["@type"] for node in graph] == ["ImageObject", "ImageObject"]
    image = graph[0]
    assert image["contentUrl"].startswith("http://testserver/media/ugc/")
    assert image["creator"] == {
        "@type": "Person",
        "name": "Ana Trail",
        "url": "https://ana.example/",
    }
    assert image["creditText"] == "Ana Trail"
    assert image["copyrightNotice"] == "© Ana Trail"
    assert image["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert image["acquireLicensePage"] == "http://testserver/licensing/"


def test_video_links_are_video_objects():
    video_submission(credit_line="Vid Maker")
    block, value = gallery_value()
    (video,) = json_ld(render_block(block, value))["@graph"]
    assert video["@type"] == "VideoObject"
    assert video["url"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert video["name"] == "Packing the tent in 40 seconds"
    assert video["creditText"] == "Vid Maker"
    assert "uploadDate" in video


def test_user_text_cannot_break_out_of_the_script_element():
    attack = '</script><script>alert("x")</script><!--'
    photo_submission(credit_line=attack, text=attack)
    block, value = gallery_value()
    html = render_block(block, value)
    assert "<script>alert" not in html
    assert html.count("</script>") == 2  # the asset tag and the JSON-LD itself
    assert "<!--" not in html
    assert json_ld(html)["@graph"][0]["creditText"] == attack


def test_reviews_have_review_and_aggregate_rating(rf):
    review_submission(rating=5, credit_line="A", text="Great & light")
    review_submission(rating=4, credit_line="B")
    block = UGCReviewsBlock()
    value = block.to_python({"reviewed_item_name": "Trail tent 2"})
    html = render_block(block, value)
    data = json_ld(html)
    assert data["@type"] == "Product" and data["name"] == "Trail tent 2"
    assert data["aggregateRating"]["ratingValue"] == 4.5
    assert data["aggregateRating"]["reviewCount"] == 2
    assert {review["author"]["name"] for review in data["review"]} == {"A", "B"}
    assert data["review"][0]["reviewRating"]["bestRating"] == 5

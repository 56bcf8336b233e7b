"""The items router also mounts on Wagtail's own API, beside its pages."""

import pytest

from ..display.helpers import review_submission
from .helpers import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def wagtail_api(settings):
    settings.ROOT_URLCONF = "tests.api.wagtail_v3_urls"


def test_items_under_wagtail_v3_show_displayable_items_only(client):
    world = World()
    data = client.get("/api/v3/ugc/items/", {"limit": 100, "fields": "*"}).json()
    assert {item["id"] for item in data["items"]} == world.shown_ids
    for item in world.hidden.values():
        assert client.get(f"/api/v3/ugc/items/{item.uuid}/").status_code == 404
    assert client.get("/api/v3/ugc/items/", {"limit": "x"}).status_code == 422


def test_wagtail_pages_api_still_answers(client):
    review_submission()
    assert client.get("/api/v3/pages/").status_code == 200

"""Whatever the query, the API shows displayable items only, and no private file, e-mail or source."""

import pytest

from .helpers import LIST_URL, World, item_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


def list_queries(world):
    return [
        {},
        {"limit": 100},
        {"order": "oldest"},
        {"campaign": world.campaign.pk},
        {"related_page": world.page.pk},
        {"tag": "lake-side"},
        {"tag": "lake side"},
        {"kind": "photo"},
        {"kind": "review"},
        {"kind": "video"},
        {"fields": "*"},
        {"fields": "creator,email,source_url,master,preview,rejection_reason"},
        {"search": "Hidden"},
        {"moderation_status": "pending", "live": "false", "withdrawn": "1"},
        {"order": "oldest", "limit": 100, "offset": 0, "sort": "-id"},
        {"campaign": world.campaign.pk, "tag": "lake-side", "kind": "photo"},
    ]


def test_every_list_query_shows_displayable_items_only(client, world):
    every_shown = set()
    for params in list_queries(world):
        response = client.get(LIST_URL, params)
        assert response.status_code == 200, (params, response.content)
        data = response.json()
        ids = {item["id"] for item in data["items"]}
        assert ids <= world.shown_ids, params
        assert not ids & world.hidden_ids, params
        assert data["count"] == len(ids), params
        every_shown |= ids
    assert every_shown == world.shown_ids
    assert {
        item["id"] for item in client.get(LIST_URL, {"limit": 100}).json()["items"]
    } == world.shown_ids


def test_detail_answers_for_displayable_items_and_404_for_every_other(client, world):
    for submission in world.shown:
        response = client.get(item_url(submission))
        assert response.status_code == 200
        assert response.json()["id"] == str(submission.uuid)
    for name, submission in world.hidden.items():
        response = client.get(item_url(submission), {"fields": "*"})
        assert response.status_code == 404, name
        assert str(submission.uuid) not in response.content.decode()
    assert client.get(f"{LIST_URL}{world.erased_uuid}/").status_code == 404


def test_no_response_contains_a_private_file_an_email_or_a_source(client, world):
    secrets = world.secrets()
    assert len(secrets) > 20  # masters of 14 photos, their public originals, e-mails
    urls = [(LIST_URL, params) for params in list_queries(world)]
    urls += [(item_url(item), {"fields": "*"}) for item in world.shown]
    urls += [(item_url(item), {}) for item in world.hidden.values()]
    urls += [("/api/ugc/openapi.json", {})]
    for url, params in urls:
        body = client.get(url, params).content.decode()
        leaked = [secret for secret in secrets if secret in body]
        assert leaked == [], (url, params, leaked)
        assert "Hidden " not in body  # the hidden items' credit lines


def test_an_item_that_stops_being_displayable_leaves_at_once(client, world):
    shown = world.shown[0]
    assert client.get(item_url(shown)).status_code == 200
    type(shown).objects.filter(pk=shown.pk).update(live=False)
    assert client.get(item_url(shown)).status_code == 404
    ids = {item["id"] for item in client.get(LIST_URL).json()["items"]}
    assert str(shown.uuid) not in ids

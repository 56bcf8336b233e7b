"""Hostile queries get a clear 4xx naming the parameter, or are ignored; never a 500."""

import pytest

from ..display.helpers import review_submission
from .helpers import LIST_URL

pytestmark = pytest.mark.django_db

REFUSED = [
    ({"campaign": "abc"}, "campaign"),
    ({"campaign": "-1"}, "campaign"),
    ({"campaign": "9" * 40}, "campaign"),
    ({"campaign": "1.5"}, "campaign"),
    ({"related_page": "0"}, "related_page"),
    ({"related_page": "2147483648"}, "related_page"),
    ({"kind": "secret"}, "kind"),
    ({"order": "random"}, "order"),
    ({"order": "-id"}, "order"),
    ({"order": "creator__email"}, "order"),
    ({"limit": "0"}, "limit"),
    ({"limit": "101"}, "limit"),
    ({"limit": "9" * 30}, "limit"),
    ({"limit": "many"}, "limit"),
    ({"offset": "-1"}, "offset"),
    ({"offset": "1000001"}, "offset"),
    ({"offset": "9" * 30}, "offset"),
    ({"tag": "x" * 101}, "tag"),
    ({"tag": "a\x00b"}, "tag"),
    ({"tag": "a\nb"}, "tag"),
    ({"tag": ""}, "tag"),
]


@pytest.mark.parametrize(("params", "name"), REFUSED)
def test_bad_parameters_get_a_422_naming_the_parameter(client, params, name):
    review_submission()
    response = client.get(LIST_URL, params)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["detail"] == "The query is not valid."
    assert [error["loc"][-1] for error in problem["errors"]] == [name]
    # A plain sentence about the parameter, not a validator's message.
    message = problem["errors"][0]["msg"]
    assert message.startswith(name) and message.endswith("."), message


def test_unknown_parameters_are_ignored(client):
    submission = review_submission()
    for params in (
        {"fields": "*"},
        {"search": "x"},
        {"page": "2"},
        {"creator": "1"},
        {"live": "false"},
        {"format": "xml"},
    ):
        response = client.get(LIST_URL, params)
        assert response.status_code == 200, params
        assert [i["id"] for i in response.json()["items"]] == [str(submission.uuid)]


@pytest.mark.parametrize(
    "path", ["not-a-uuid", "1", "0" * 32 + "0", "%00", "..%2f..%2fetc%2fpasswd"]
)
def test_a_bad_item_id_is_a_4xx(client, path):
    review_submission()
    response = client.get(f"{LIST_URL}{path}/")
    assert 400 <= response.status_code < 500


def test_an_unknown_uuid_is_a_404_problem(client):
    response = client.get(f"{LIST_URL}00000000-0000-4000-8000-000000000000/")
    assert response.status_code == 404
    assert response.json()["detail"] == "There is no such item."


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_only_reads(client, method):
    submission = review_submission()
    assert getattr(client, method)(LIST_URL).status_code == 405
    assert getattr(client, method)(f"{LIST_URL}{submission.uuid}/").status_code == 405
    assert submission.__class__.objects.filter(pk=submission.pk).exists()

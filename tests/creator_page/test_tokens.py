"""The link: expired, tampered, made for another purpose, or for a creator erased since, is refused clearly."""

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from wagtail_ugc.links import WITHDRAW_SALT, creator_page_token
from wagtail_ugc.models import Creator

from ..factories import CreatorFactory, SubmissionFactory
from .helpers import page_path, token_made_ago

pytestmark = pytest.mark.django_db


def get(token):
    return Client().get(reverse("wagtail_ugc:creator_page", kwargs={"token": token}))


def test_a_fresh_link_opens_the_page_privately():
    creator = CreatorFactory()
    response = Client().get(page_path(creator))
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]
    assert "sessionid" not in response.cookies


def test_a_link_older_than_the_setting_is_refused_as_expired(settings):
    creator = CreatorFactory()
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "CREATOR_LINK_MAX_AGE": 3600}
    assert get(token_made_ago(creator, 3500)).status_code == 200
    response = get(token_made_ago(creator, 3700))
    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()
    assert "/ugc/my-submissions/" in response.content.decode()


@pytest.mark.parametrize(
    "make",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token[: len(token) // 2],
        lambda token: "x" + token,
        lambda token: "not-a-token",
        lambda token: "%00",
    ],
)
def test_a_changed_token_is_refused(make):
    creator = CreatorFactory()
    response = get(make(creator_page_token(creator)))
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()


def test_a_token_signed_for_another_purpose_is_refused():
    creator = CreatorFactory()
    from wagtail_ugc.links import _address_check

    other = signing.dumps(
        [creator.pk, _address_check(creator.email)], salt=WITHDRAW_SALT
    )
    assert get(other).status_code == 400
    assert get(token_made_ago(creator, 0, salt=WITHDRAW_SALT)).status_code == 400


def test_a_withdraw_link_does_not_open_the_page():
    from wagtail_ugc.links import withdraw_token

    submission = SubmissionFactory()
    assert get(withdraw_token(submission)).status_code == 400


def test_the_link_of_an_erased_creator_opens_nobody_elses_page():
    creator = CreatorFactory(email="first@example.org")
    token = creator_page_token(creator)
    pk = creator.pk
    creator.delete()
    # A new row with the same id (SQLite may reuse it) but another address.
    Creator.objects.create(pk=pk, email="second@example.org", name="Second")
    response = get(token)
    assert response.status_code == 404
    assert "Second" not in response.content.decode()

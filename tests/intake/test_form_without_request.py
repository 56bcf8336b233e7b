"""The form works however a page renders its StreamField, and a forged post saves nothing.

``{{ page.body }}`` gives the block no request, so no CSRF token: the browser's
own same-origin headers vouch for the post instead. A post nothing vouches for
gets the standalone form back, with what was typed and a token to send again,
never Django's CSRF failure page.
"""

import re
import warnings

import pytest
from django.test import Client
from django.urls import reverse
from home.models import ContentPage
from wagtail.models import Site

from wagtail_ugc.models import ConsentRecord, Submission

from .conftest import form_data
from .plain_body import render_bodies

pytestmark = pytest.mark.django_db

SEND_AGAIN = "Please check your details and send it again."
CHOOSE_AGAIN = "please choose your photos again"
OWN_ORIGIN = "http://testserver"


@pytest.fixture
def share_page(campaign):
    page = ContentPage(
        title="Share yours",
        slug="share-yours",
        body=[("submission_form", {"heading": "Send us yours", "campaign": campaign})],
    )
    Site.objects.get(is_default_site=True).root_page.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def plain_body(settings, tmp_path, share_page):
    """The page's template renders ``{{ page.body }}``."""
    render_bodies(settings, tmp_path / "templates", "str")
    return share_page


@pytest.fixture
def visitor(django_capture_on_commit_callbacks):
    """A browser-like client: Django's CSRF checks enforced, as in production."""
    client = Client(enforce_csrf_checks=True)

    def post(url, data, **headers):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, **headers)

    client.send = post
    return client


def form_action(html):
    return re.search(r'<form class="ugc-form"[^>]*action="([^"]+)"', html)[1]


def open_page(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def assert_sent_back_to_send_again(response):
    html = response.content.decode()
    assert response.status_code == 403
    assert "CSRF verification failed" not in html
    assert '<form class="ugc-form"' in html
    assert SEND_AGAIN in html
    assert CHOOSE_AGAIN in html
    assert 'value="Ada Walker"' in html and 'value="ada@example.com"' in html
    assert "Sunrise at the lake" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert response.cookies["csrftoken"].value
    assert not Submission.objects.exists()
    assert not ConsentRecord.objects.exists()


def test_a_page_rendering_its_body_as_a_string_shows_the_form_without_a_token(
    plain_body, settings
):
    settings.DEBUG = (
        True  # Django warns about a {% csrf_token %} without a token only then
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        html = open_page(Client(), plain_body)

    assert '<form class="ugc-form"' in html
    assert "csrfmiddlewaretoken" not in html
    assert [str(w.message) for w in caught if "csrf_token" in str(w.message)] == []


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": OWN_ORIGIN},
        {"HTTP_SEC_FETCH_SITE": "same-origin"},
        {"HTTP_ORIGIN": OWN_ORIGIN},
        {"HTTP_REFERER": OWN_ORIGIN + "/share-yours/"},
    ],
    ids=["browser", "sec-fetch-site", "origin", "referer-only"],
)
def test_a_same_origin_post_from_a_page_without_a_token_is_saved(
    plain_body, visitor, headers
):
    action = form_action(open_page(visitor, plain_body))

    response = visitor.send(action, form_data(), **headers)

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "wagtail_ugc:submit_thanks", kwargs={"campaign_slug": "summer"}
    )
    submission = Submission.objects.get()
    assert submission.creator.email == "ada@example.com"
    assert ConsentRecord.objects.filter(submission=submission).exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_REFERER": "https://evil.example/share-yours/"},
        {},
    ],
    ids=["cross-site", "foreign-origin", "null-origin", "foreign-referer", "none"],
)
def test_a_post_nothing_vouches_for_saves_nothing_and_the_form_comes_back(
    plain_body, visitor, headers
):
    action = form_action(open_page(visitor, plain_body))

    response = visitor.send(action, form_data(), **headers)

    assert_sent_back_to_send_again(response)


def test_the_visitor_sends_again_from_the_form_that_came_back(plain_body, visitor):
    action = form_action(open_page(visitor, plain_body))
    refused = visitor.send(action, form_data())  # a browser that sent no headers
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', refused.text)[1]

    response = visitor.send(action, form_data(csrfmiddlewaretoken=token))

    assert response.status_code == 302
    assert Submission.objects.count() == 1


@pytest.mark.parametrize("how", ["include_block", "loop"])
def test_a_page_passing_its_context_to_the_block_posts_with_cookie_and_token(
    share_page, settings, tmp_path, visitor, how
):
    render_bodies(settings, tmp_path / "templates", how)
    html = open_page(visitor, share_page)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]

    response = visitor.send(form_action(html), form_data(csrfmiddlewaretoken=token))

    assert response.status_code == 302
    assert Submission.objects.count() == 1


def test_the_standalone_page_posts_with_cookie_and_token(campaign, visitor):
    url = reverse("wagtail_ugc:submit", kwargs={"campaign_slug": campaign.slug})
    html = visitor.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]

    response = visitor.send(url, form_data(csrfmiddlewaretoken=token))

    assert response.status_code == 302
    assert Submission.objects.count() == 1


def test_a_token_from_another_visitor_without_their_cookie_is_refused(
    campaign, visitor
):
    url = reverse("wagtail_ugc:submit", kwargs={"campaign_slug": campaign.slug})
    html = Client().get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]

    response = visitor.send(url, form_data(csrfmiddlewaretoken=token))

    assert_sent_back_to_send_again(response)


def test_a_trusted_origin_vouches_by_django_s_wildcard_rules(
    plain_body, visitor, settings
):
    settings.CSRF_TRUSTED_ORIGINS = ["https://*.example.org"]
    action = form_action(open_page(visitor, plain_body))

    lookalike = visitor.send(
        action, form_data(), HTTP_ORIGIN="https://example.org.evil.example"
    )
    assert_sent_back_to_send_again(lookalike)

    trusted = visitor.send(action, form_data(), HTTP_ORIGIN="https://shop.example.org")
    assert trusted.status_code == 302


def test_over_https_an_http_page_does_not_vouch(plain_body, visitor):
    action = form_action(open_page(visitor, plain_body))

    insecure = visitor.send(
        action, form_data(), secure=True, HTTP_REFERER="http://testserver/share-yours/"
    )
    assert_sent_back_to_send_again(insecure)

    secure = visitor.send(
        action, form_data(), secure=True, HTTP_REFERER="https://testserver/share-yours/"
    )
    assert secure.status_code == 302

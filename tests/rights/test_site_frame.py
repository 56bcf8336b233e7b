"""The pages creators reach by signed links show the site's frame, and stay private."""

import pytest

from wagtail_ugc.links import rights_request_url, withdraw_url
from wagtail_ugc.models.choices import Source
from wagtail_ugc.rights.requests import request_rights

from ..factories import SubmissionFactory, displayable_submission

pytestmark = pytest.mark.django_db

HEADER = '<a class="site-name" href="/">Northwind Outdoor</a>'
FOOTER = "A demo site for wagtail-ugc."


def assert_framed_and_private(response, heading):
    html = response.content.decode()
    assert HEADER in html and FOOTER in html
    assert html.index(HEADER) < html.index(f"<h1>{heading}") < html.index(FOOTER)
    assert f"<title>{heading} · Northwind Outdoor</title>" in html
    assert '<div class="ugc-standalone ugc-rights">' in html
    assert "/static/wagtail_ugc/pages.css" in html
    assert "<style" not in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_withdraw_pages_are_in_the_site_s_frame(client):
    submission = displayable_submission()

    confirm = client.get(withdraw_url(submission))
    assert_framed_and_private(confirm, "Withdraw your submission")

    done = client.post(withdraw_url(submission))
    assert_framed_and_private(done, "Your submission is withdrawn")


def test_the_rights_request_page_is_in_the_site_s_frame(client):
    rights_request = request_rights(SubmissionFactory(source=Source.RIGHTS_REQUEST))

    response = client.get(rights_request_url(rights_request))

    assert response.status_code == 200
    assert_framed_and_private(response, "May we show your content?")


def test_a_bad_link_is_in_the_site_s_frame(client):
    response = client.get("/ugc/withdraw/not-a-token/")

    assert response.status_code == 400
    assert_framed_and_private(response, "This link does not work")


def test_without_the_site_s_base_template_the_page_is_the_package_s_own(
    client, settings
):
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "BASE_TEMPLATE": "missing.html"}

    response = client.get(withdraw_url(displayable_submission()))
    html = response.content.decode()

    assert HEADER not in html
    assert "<title>Withdraw your submission</title>" in html
    assert '<main class="ugc-page" id="main">' in html
    assert response["Referrer-Policy"] == "same-origin"

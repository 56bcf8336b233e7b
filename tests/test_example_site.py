"""The example site serves its pages, and `ugc_demo` can run twice."""

import pytest
from django.core.management import call_command

from wagtail_ugc.models import Campaign, Submission

pytestmark = pytest.mark.django_db


def test_home_share_and_gallery_pages_are_served(client, demo_content):
    for url in ("/", "/share/", "/gallery/"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert b"Northwind Outdoor" in client.get("/").content


def test_admin_login_page_is_served(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200


def test_demo_loads_twice_without_duplicates(capsys):
    call_command("ugc_demo")
    counts = (Campaign.objects.count(), Submission.objects.count())
    call_command("ugc_demo")
    assert (Campaign.objects.count(), Submission.objects.count()) == counts
    assert "admin / changeme" in capsys.readouterr().out


def test_unknown_page_is_a_404(client, demo_content):
    assert client.get("/no-such-page/").status_code == 404

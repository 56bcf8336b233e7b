"""A visitor whose browser asks for Swedish gets the form, its errors and the thank-you page in Swedish;
Danish and Chinese visitors get the form in their language."""

import pytest
from django.urls import reverse

from wagtail_ugc.models import Submission

from .conftest import form_data, private_files, upload

pytestmark = pytest.mark.django_db

SWEDISH = {"HTTP_ACCEPT_LANGUAGE": "sv-SE,sv;q=0.9,en;q=0.5"}


@pytest.fixture
def url(campaign):
    return reverse("wagtail_ugc:submit", kwargs={"campaign_slug": campaign.slug})


@pytest.mark.parametrize(
    "accept_language, lang, consent, send",
    [
        ("da-DK,da;q=0.9", "da", "Dit samtykke", "Indsend"),
        ("zh-CN,zh;q=0.9", "zh-hans", "你的同意", "提交"),
    ],
)
def test_the_form_speaks_danish_and_chinese(
    client, url, accept_language, lang, consent, send
):
    page = client.get(url, HTTP_ACCEPT_LANGUAGE=accept_language).content.decode()
    assert f'<html lang="{lang}"' in page
    assert consent in page
    assert f">{send}</button>" in page


def test_the_form_speaks_swedish(client, url):
    page = client.get(url, **SWEDISH).content.decode()
    assert '<html lang="sv"' in page
    assert "Ditt samtycke" in page
    assert ">Skicka</button>" in page
    assert "Användning i annonser" in page  # a default consent-scope label


def test_a_refused_photo_is_explained_in_swedish(client, url, private_root):
    data = form_data(photos=[upload(b"<html><script>x</script></html>", name="a.jpg")])
    response = client.post(url, data, **SWEDISH)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Kontrollera de markerade fälten nedan." in page
    assert "Det här är inte ett foto som vi kan ta emot." in page
    assert not Submission.objects.exists()
    assert private_files(private_root) == []


def test_the_thank_you_page_speaks_swedish(
    client, url, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form_data(), follow=True, **SWEDISH)
    assert response.status_code == 200
    assert "<h1>Tack!</h1>" in response.content.decode()

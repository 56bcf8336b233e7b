"""The W3C TDM Reservation Protocol: /.well-known/tdmrep.json and the header on UGC media."""

import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from wagtail_ugc.licensing import tdmrep_rules

from .helpers import clean_master

pytestmark = pytest.mark.django_db


def test_tdmrep_json_reserves_the_public_ugc_media(client):
    response = client.get("/.well-known/tdmrep.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    rules = json.loads(response.content)
    # An array of rules (TDMRep, "TDM File on the Origin Server").
    assert rules == [{"location": "/media/ugc/*", "tdm-reservation": 1}]
    assert "public" in response["Cache-Control"]


def test_tdmrep_json_answers_only_reads(client):
    assert client.post("/.well-known/tdmrep.json").status_code == 405


def test_media_on_another_host_is_left_to_that_host(settings):
    settings.MEDIA_URL = "https://media.example.com/"
    assert tdmrep_rules() == []


def test_ugc_media_served_by_the_site_says_mining_is_reserved(client):
    name = default_storage.save("ugc/a.jpg", ContentFile(clean_master(40, 30)))
    response = client.get(default_storage.url(name))
    assert response.status_code == 200
    assert response["tdm-reservation"] == "1"


def test_other_media_is_not_marked(client):
    name = default_storage.save(
        "original_images/a.jpg", ContentFile(clean_master(40, 30))
    )
    response = client.get(default_storage.url(name))
    assert response.status_code == 200
    assert "tdm-reservation" not in response

"""Whose address counts: the connection's, unless the site names the header its own proxy sets.

One function (``hashing.client_ip``) gives the address for the rate limits
and for the consent ledger's hashed IP. A forwarded-for header is a string
anyone can send: by default it is ignored; with ``TRUSTED_PROXY_HEADER`` only
the entries the site's own proxies wrote (counted from the right) are used.
"""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from wagtail_ugc.checks import check_settings
from wagtail_ugc.hashing import client_ip, keyed_hash
from wagtail_ugc.models import ConsentRecord

from .conftest import form_data

PROXY = "10.0.0.2"


def behind_proxy(settings, count=1, header="X-Forwarded-For", **more):
    settings.WAGTAIL_UGC = {
        **settings.WAGTAIL_UGC,
        "TRUSTED_PROXY_HEADER": header,
        "TRUSTED_PROXY_COUNT": count,
        **more,
    }


def limit_of_one(settings):
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "RATE_LIMIT_PER_IP": 1}


@pytest.fixture
def send(client, campaign):
    """A review from a new e-mail address each time, with these request headers; the status code."""
    sent = []

    def post(**meta):
        sent.append(meta)
        data = form_data(kind="review", email=f"visitor{len(sent)}@example.com")
        url = reverse("wagtail_ugc:submit", kwargs={"campaign_slug": campaign.slug})
        return client.post(url, data, **meta).status_code

    return post


def ledger_ip_hashes():
    return list(ConsentRecord.objects.order_by("pk").values_list("ip_hash", flat=True))


def test_a_forged_forwarded_for_header_is_ignored_by_default(send, settings):
    limit_of_one(settings)
    assert send(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.1") == 302
    # Another made-up address in the header does not get round the limit.
    assert send(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.2") == 429
    assert ledger_ip_hashes() == [keyed_hash("ip:203.0.113.7")]


def test_behind_one_proxy_the_right_most_entry_is_the_visitor(send, settings):
    behind_proxy(settings, count=1)
    limit_of_one(settings)
    assert send(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.5") == 302
    # A second visitor behind the same proxy has an allowance of their own.
    assert send(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.6") == 302
    # The first one again, with a made-up address put in front: still them.
    assert send(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.99, 192.0.2.5") == 429
    assert ledger_ip_hashes() == [
        keyed_hash("ip:192.0.2.5"),
        keyed_hash("ip:192.0.2.6"),
    ]


def request_with(**meta):
    return RequestFactory().get("/", REMOTE_ADDR="203.0.113.7", **meta)


@pytest.mark.parametrize(
    "count, forwarded, expected",
    [
        (1, "192.0.2.5", "192.0.2.5"),
        (1, " 198.51.100.1 ,192.0.2.5 ", "192.0.2.5"),
        (1, "2001:db8::5", "2001:db8::5"),
        (2, "198.51.100.1, 192.0.2.5, 10.0.0.9", "192.0.2.5"),
        (3, "198.51.100.1, 192.0.2.5, 10.0.0.9", "198.51.100.1"),
    ],
)
def test_the_entry_that_many_proxies_from_the_right_is_used(
    settings, count, forwarded, expected
):
    behind_proxy(settings, count=count)
    assert client_ip(request_with(HTTP_X_FORWARDED_FOR=forwarded)) == expected


@pytest.mark.parametrize(
    "count, forwarded",
    [
        (1, ""),
        (1, "not-an-address"),
        (1, "999.1.1.1"),
        (1, "192.0.2.5:443"),
        (1, "192.0.2.5, "),
        (1, "unknown"),
        (1, "<script>"),
        (2, "192.0.2.5"),  # fewer entries than proxies: one of them is missing
    ],
)
def test_a_missing_or_garbled_header_falls_back_to_the_connection(
    settings, count, forwarded
):
    behind_proxy(settings, count=count)
    assert client_ip(request_with(HTTP_X_FORWARDED_FOR=forwarded)) == "203.0.113.7"
    assert client_ip(request_with()) == "203.0.113.7"


def test_another_header_can_be_named(settings):
    behind_proxy(settings, header="X-Real-IP")
    request = request_with(HTTP_X_REAL_IP="192.0.2.5", HTTP_X_FORWARDED_FOR="1.1.1.1")
    assert client_ip(request) == "192.0.2.5"


@pytest.mark.parametrize(
    "header, count, error",
    [
        ("HTTP_X_FORWARDED_FOR", 1, "wagtail_ugc.E032"),
        ("", 1, "wagtail_ugc.E032"),
        (["X-Forwarded-For"], 1, "wagtail_ugc.E032"),
        ("X-Forwarded-For", 0, "wagtail_ugc.E003"),
        ("X-Forwarded-For", "1", "wagtail_ugc.E003"),
    ],
)
def test_a_proxy_setting_that_cannot_work_fails_the_checks(
    settings, tmp_path, header, count, error
):
    settings.WAGTAIL_UGC = {
        "PRIVATE_ROOT": tmp_path / "private",
        "TRUSTED_PROXY_HEADER": header,
        "TRUSTED_PROXY_COUNT": count,
    }
    assert [found.id for found in check_settings(None)] == [error]


def test_the_documented_proxy_setting_passes_the_checks(settings, tmp_path):
    settings.WAGTAIL_UGC = {
        "PRIVATE_ROOT": tmp_path / "private",
        "TRUSTED_PROXY_HEADER": "X-Forwarded-For",
        "TRUSTED_PROXY_COUNT": 2,
    }
    assert check_settings(None) == []

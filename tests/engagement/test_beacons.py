"""Beacons: what counts once, and what counts nothing (replays, forged or expired tokens, bots, other sites)."""

import json
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import signing
from django.test.utils import override_settings

from wagtail_ugc.engagement import tokens
from wagtail_ugc.models import EngagementDay

from .helpers import (
    BROWSER_UA,
    SEEN_URL,
    counts,
    page_with_gallery,
    send,
    shown_items,
    token_of,
    tokens_in,
)

pytestmark = pytest.mark.django_db

#: Playwright's own headless Chromium says so; real visitors' browsers never do.
HEADLESS_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "HeadlessChrome/131.0.0.0 Safari/537.36"
)


@pytest.fixture
def shown(client):
    items = shown_items(3)
    page = page_with_gallery()
    return page, items, token_of(client, page)


def test_the_token_sits_on_the_block_and_names_exactly_the_items_it_rendered(client):
    items = shown_items(3)
    page = page_with_gallery(max_items=2)
    html = client.get(page.url).content.decode()
    [token] = tokens_in(html)
    read = tokens.read(token)
    newest_two = {item.pk for item in items[1:]}
    assert read.page_id == page.pk and read.item_ids == newest_two
    for pk in newest_two:
        assert f'data-ugc-item="{pk}"' in html
    assert html.count('<noscript><img class="ugc-beacon"') == 1
    # The next page of the gallery brings its own token, for its own item.
    more = client.get(page.url, {"ugc-b1": 2} if "ugc-b1" in html else {})
    assert more.status_code == 200


def test_each_event_is_counted_for_its_item_and_page_with_the_campaign(client, shown):
    page, items, token = shown
    first, second = items[0], items[1]
    response = send(
        client,
        [
            {
                "t": token,
                "e": [
                    ["impression", first.pk],
                    ["impression", second.pk],
                    ["lightbox", first.pk],
                    ["link", first.pk],
                    ["credit", second.pk],
                ],
            }
        ],
    )
    assert response.status_code == 204
    assert counts() == {
        (page.pk, first.pk): (1, 1, 1, 0),
        (page.pk, second.pk): (1, 0, 0, 1),
    }
    row = EngagementDay.objects.get(submission=first)
    assert row.campaign_id == first.campaign_id


def test_a_replayed_beacon_counts_once_but_another_visitor_counts_again(client, shown):
    page, items, token = shown
    beacon = [{"t": token, "e": [["impression", items[0].pk], ["credit", items[0].pk]]}]
    for _ in range(3):
        assert send(client, beacon).status_code == 204
    # The same events twice in one beacon are one.
    send(client, [{"t": token, "e": [["link", items[0].pk]] * 5}])

    send(client, beacon, REMOTE_ADDR="203.0.113.9")
    send(client, beacon, user_agent=BROWSER_UA.replace("131", "130"))
    assert counts() == {(page.pk, items[0].pk): (3, 0, 1, 3)}


def forged_tokens(token):
    value, stamp, signature = token.rsplit(":", 2)
    page_id, *item_ids = value.split(".")
    return {
        "signature changed": f"{value}:{stamp}:{signature[:-2]}AA",
        "item added": f"{value}.99999:{stamp}:{signature}",
        "page changed": f"{int(page_id) + 1}.{'.'.join(item_ids)}:{stamp}:{signature}",
        "another salt": signing.TimestampSigner(salt="another").sign(value),
        "not a token": "hello",
        "empty": "",
        "huge": "x" * 5000,
    }


def test_forged_tokens_count_nothing_and_are_refused(client, shown):
    page, items, token = shown
    for name, forged in forged_tokens(token).items():
        response = send(client, [{"t": forged, "e": [["impression", items[0].pk]]}])
        assert response.status_code == 403, name
    assert send(client, [{"t": 12, "e": []}]).status_code == 403
    assert counts() == {}


class IssuedLongAgo(signing.TimestampSigner):
    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 3 * 3600)


def test_an_expired_token_counts_nothing(client, shown):
    page, items, token = shown
    value = token.rsplit(":", 2)[0]
    old = IssuedLongAgo(salt=tokens.SALT).sign(value)
    response = send(client, [{"t": old, "e": [["impression", items[0].pk]]}])
    assert response.status_code == 410
    assert "reload" in response.content.decode()
    # The same token is still good with a longer lifetime.
    with override_settings(WAGTAIL_UGC={"ENGAGEMENT_TOKEN_MAX_AGE": 4 * 3600}):
        assert (
            send(client, [{"t": old, "e": [["impression", items[0].pk]]}]).status_code
            == 204
        )


def test_an_item_the_token_does_not_name_voids_the_whole_beacon(client, shown):
    page, items, token = shown
    elsewhere = shown_items(1)[
        0
    ]  # real and displayable, but not rendered with this token
    response = send(
        client,
        [
            {
                "t": token,
                "e": [["impression", items[0].pk], ["impression", elsewhere.pk]],
            }
        ],
    )
    assert response.status_code == 400
    assert counts() == {}


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        b"\xff\xfe\x00",
        "{}",
        "[]",
        "[1]",
        '[{"t": "x"}]',
        '[{"e": [["impression", 1]]}]',
        "[" + ",".join(['{"t": "x", "e": []}'] * 21) + "]",
        "9" * 400,
        '"' + "a" * 100 + '"',
        "[" * 5000,
    ],
    ids=lambda body: repr(body)[:30],
)
def test_a_garbled_beacon_is_a_4xx_never_a_500(client, shown, body):
    response = send(client, body)
    assert 400 <= response.status_code < 500
    assert counts() == {}


@pytest.mark.parametrize(
    "event",
    [
        lambda pk: ["stare", pk],
        lambda pk: ["impression", str(pk)],
        lambda pk: ["impression", float(pk)],
        lambda pk: ["impression", True],
        lambda pk: ["impression"],
        lambda pk: ["impression", pk, pk],
        lambda pk: "impression",
    ],
    ids=["unknown", "str", "float", "bool", "short", "long", "not-a-list"],
)
def test_unknown_events_and_items_that_are_not_ids_are_refused(client, shown, event):
    page, items, token = shown
    response = send(client, [{"t": token, "e": [event(items[0].pk)]}])
    assert response.status_code == 400
    assert counts() == {}


def test_a_body_over_the_cap_is_refused_before_it_is_read(client, shown):
    page, items, token = shown
    events = [["impression", items[0].pk]] * 2000
    response = send(client, json.dumps([{"t": token, "e": events}]))
    assert response.status_code == 413
    assert counts() == {}


@pytest.mark.parametrize(
    "user_agent",
    [
        "",
        HEADLESS_UA,
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "curl/8.5.0",
        "python-requests/2.32.3",
        "facebookexternalhit/1.1",
    ],
    ids=["empty", "headless", "googlebot", "curl", "python", "facebook"],
)
def test_bots_get_the_usual_answer_and_count_nothing(client, shown, user_agent):
    page, items, token = shown
    beacon = [{"t": token, "e": [["impression", items[0].pk]]}]
    assert send(client, beacon, user_agent=user_agent).status_code == 204
    # Even a forged token gets the usual answer: a bot learns nothing.
    assert send(client, "garbage", user_agent=user_agent).status_code == 204
    response = client.get(SEEN_URL, {"t": token}, HTTP_USER_AGENT=user_agent)
    assert response.status_code == 200
    assert counts() == {}


def test_beacons_from_other_sites_or_without_origin_count_nothing(client, shown):
    page, items, token = shown
    beacon = [{"t": token, "e": [["impression", items[0].pk]]}]
    assert send(client, beacon, origin=None).status_code == 204
    assert send(client, beacon, origin="https://evil.example").status_code == 204
    assert send(client, beacon, origin="null").status_code == 204
    assert send(client, beacon, HTTP_SEC_FETCH_SITE="cross-site").status_code == 204
    assert counts() == {}
    assert send(client, beacon, HTTP_SEC_FETCH_SITE="same-origin").status_code == 204
    assert counts() == {(page.pk, items[0].pk): (1, 0, 0, 0)}


def test_only_post_and_no_cookie_no_cache_no_query(
    client, shown, django_assert_num_queries
):
    page, items, token = shown
    assert client.get("/ugc/engagement/beacon/").status_code == 405
    assert client.post(SEEN_URL).status_code == 405
    client.cookies.clear()
    with django_assert_num_queries(0):
        response = send(client, [{"t": token, "e": [["impression", items[0].pk]]}])
    assert response.status_code == 204
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]
    seen = client.get(
        SEEN_URL,
        {"t": token},
        HTTP_USER_AGENT=BROWSER_UA,
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert not seen.cookies and "no-store" in seen["Cache-Control"]
    assert not client.cookies


def test_with_js_off_the_noscript_image_counts_every_rendered_item_once(client, shown):
    page, items, token = shown
    html = client.get(page.url).content.decode()
    assert f'src="{SEEN_URL}?t=' in html
    image = {"HTTP_USER_AGENT": BROWSER_UA, "HTTP_SEC_FETCH_SITE": "same-origin"}
    response = client.get(SEEN_URL, {"t": token}, **image)
    assert response.status_code == 200 and response["Content-Type"] == "image/gif"
    client.get(SEEN_URL, {"t": token}, **image)
    # A browser with JS on never loads the <noscript> image; and if one did
    # both, the replay rule is shared: still one impression per item.
    send(client, [{"t": token, "e": [["impression", items[0].pk]]}])
    assert counts() == {(page.pk, item.pk): (1, 0, 0, 0) for item in items}


def test_the_noscript_image_from_another_site_or_with_a_bad_token(client, shown):
    page, items, token = shown
    headers = {"HTTP_USER_AGENT": BROWSER_UA}
    assert (
        client.get(
            SEEN_URL, {"t": token}, HTTP_SEC_FETCH_SITE="cross-site", **headers
        ).status_code
        == 200
    )
    assert (
        client.get(SEEN_URL, {"t": token}, **headers).status_code == 200
    )  # says nothing of where
    assert counts() == {}
    forged = forged_tokens(token)["item added"]
    response = client.get(
        SEEN_URL, {"t": forged}, HTTP_SEC_FETCH_SITE="same-origin", **headers
    )
    assert response.status_code == 403
    assert (
        client.get(SEEN_URL, HTTP_SEC_FETCH_SITE="same-origin", **headers).status_code
        == 403
    )
    assert counts() == {}


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_counts_land_on_the_day_in_the_sites_time_zone(client, zone):
    with override_settings(TIME_ZONE=zone):
        items = shown_items(1)
        page = page_with_gallery()
        token = token_of(client, page)
        send(client, [{"t": token, "e": [["impression", items[0].pk]]}])
        counts()
    # UTC+14 and UTC-11 are 25 hours apart: never the same date.
    [row] = EngagementDay.objects.all()
    assert row.day == datetime.now(ZoneInfo(zone)).date()


def test_previews_and_blocks_without_a_page_get_no_token(client):
    from ..display.helpers import gallery_value, render_block

    shown_items(1)
    block, value = gallery_value()
    html = render_block(block, value, page=None)
    assert "data-ugc-token" not in html and "<noscript>" not in html
    with override_settings(WAGTAIL_UGC={"ENGAGEMENT_COUNTS": False}):
        page = page_with_gallery()
        assert tokens_in(client.get(page.url).content.decode()) == []

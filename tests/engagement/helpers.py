"""A page showing displayable UGC with its beacon token, and beacons as a browser sends them."""

import json
import re
from datetime import datetime, time, timedelta

from django.utils import timezone

from wagtail_ugc.engagement import counting
from wagtail_ugc.models import EngagementDay

from ..display.helpers import gallery_page, gallery_value, video_submission

#: A desktop Chrome's user agent, as a real visitor's browser sends it.
BROWSER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
BEACON_URL = "/ugc/engagement/beacon/"
SEEN_URL = "/ugc/engagement/seen.gif"
ORIGIN = "http://testserver"


def midday_today():
    """Noon today in the site's time zone: counts a few buckets either side stay on one day."""
    return timezone.make_aware(
        datetime.combine(timezone.localdate(), time(12)),
        timezone.get_current_timezone(),
    )


def shown_items(count=3, **kwargs):
    """``count`` displayable videos with credit links, newest first (the gallery's order)."""
    kwargs.setdefault("credit_url", "https://example.com/me")
    items = [
        video_submission(credit_line=f"Creator {n}", **kwargs) for n in range(count)
    ]
    return items


def page_with_gallery(slug="gallery-test", **options):
    block, value = gallery_value(**options)
    return gallery_page(("ugc_gallery", block.get_prep_value(value)), slug=slug)


def tokens_in(html):
    return re.findall(r'data-ugc-token="([^"]+)"', html)


def token_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    [token] = tokens_in(response.content.decode())
    return token


def send(client, batches, *, origin=ORIGIN, user_agent=BROWSER_UA, **headers):
    """A beacon as navigator.sendBeacon sends a string: text/plain, with Origin."""
    if origin is not None:
        headers["HTTP_ORIGIN"] = origin
    body = batches if isinstance(batches, str | bytes) else json.dumps(batches)
    return client.post(
        BEACON_URL,
        data=body,
        content_type="text/plain;charset=UTF-8",
        HTTP_USER_AGENT=user_agent,
        **headers,
    )


def folded():
    """Fold as the cron does once every bucket so far has closed."""
    later = timezone.now() + timedelta(seconds=3 * counting.bucket_seconds())
    return counting.fold(now=later)


def counts():
    """``{(page id, submission id): (impressions, lightbox, link, credit)}`` after a fold."""
    folded()
    return {
        (row.page_id, row.submission_id): (
            row.impressions,
            row.lightbox_opens,
            row.link_clicks,
            row.credit_clicks,
        )
        for row in EngagementDay.objects.all()
    }

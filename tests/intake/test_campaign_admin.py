"""A campaign made in the admin: a new one starts accepting every kind; an edited one keeps its choice."""

import re

from tests.admin_forms import _FormReader
from wagtail_ugc.models import Campaign

ADD_URL = "/admin/snippets/wagtail_ugc/campaign/add/"


def ticked_kinds(html):
    return re.findall(
        r'<input[^>]*name="accepted_kinds" value="(\w+)"[^>]*checked', html
    )


def posted_fields(html, form_id="w-editor-form"):
    """Every field of the form as a browser posts it: a ticked box group posts every tick."""
    reader = _FormReader(form_id)
    reader.feed(html)
    fields = {}
    for name, value in reader.data:
        fields.setdefault(name, []).append(value)
    return fields


def test_a_new_campaign_starts_with_every_kind_ticked(admin_client):
    html = admin_client.get(ADD_URL).content.decode()

    assert ticked_kinds(html) == ["photo", "review", "video"]


def test_a_campaign_saved_with_the_defaults_takes_every_kind(admin_client):
    data = posted_fields(admin_client.get(ADD_URL).content.decode())
    data.update(
        title=["Autumn walks"],
        slug=["autumn-walks"],
        terms_text=["You let us show what you send."],
    )

    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    campaign = Campaign.objects.get(slug="autumn-walks")
    assert campaign.accepted_kinds == ["photo", "review", "video"]


def test_editing_a_campaign_shows_the_kinds_it_was_saved_with(admin_client):
    from tests.factories import CampaignFactory

    campaign = CampaignFactory(accepted_kinds=["review"])

    html = admin_client.get(
        f"/admin/snippets/wagtail_ugc/campaign/edit/{campaign.pk}/"
    ).content.decode()

    assert ticked_kinds(html) == ["review"]

"""Editors fill a campaign's pool by pasting or uploading a CSV file; hostile input gets a clear answer, never a 500."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail_ugc.models import RewardCode
from wagtail_ugc.rewards.pool import MAX_IMPORT_BYTES, add_codes, codes_left

from ..factories import CampaignFactory

pytestmark = pytest.mark.django_db


def test_add_codes_counts_what_it_added_and_left_out():
    campaign = CampaignFactory()
    result = add_codes(
        campaign,
        ["A-1", "", "  ", "B-2", "a-1", "=HYPERLINK(1)", "X" * 65, "C\x073", "B-2"],
    )
    assert result.added == 2
    assert result.duplicates_in_input == 2
    assert result.duplicates == 2
    assert result.invalid == 3
    assert [line for line, _message in result.problems] == [6, 7, 8]
    assert codes_left(campaign) == 2
    again = add_codes(campaign, ["A-1", "D-4"])
    assert (again.added, again.duplicates_in_pool) == (1, 1)
    # Pools are per campaign: the same code can be in another's.
    assert add_codes(CampaignFactory(), ["A-1"]).added == 1


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_user(
        username="ed", email="ed@example.com", password="pw"
    )
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_campaign"),
    )
    client.force_login(user)
    return user


def pool_url(campaign):
    return reverse("wagtail_ugc_reward_codes", args=[campaign.pk])


def post(client, campaign, **data):
    return client.post(pool_url(campaign), data, follow=True)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_pasted_codes_are_added_and_counted(client, editor):
    campaign = CampaignFactory()
    add_codes(campaign, ["OLD-1"])
    response = post(client, campaign, codes="NEW-1\r\n\r\nNEW-2\nold-1\nNEW-1\n")
    assert response.status_code == 200
    said = " ".join(messages_of(response))
    assert "2 codes added" in said
    assert "1 code was already in the pool" in said
    assert "1 code was given twice" in said
    assert codes_left(campaign) == 3


def test_a_csv_file_first_column_with_a_header(client, editor):
    campaign = CampaignFactory()
    data = "Code;Value\r\nCSV-0001;10\r\nCSV-0002;10\r\n\r\n".encode("utf-8-sig")
    response = post(
        client, campaign, csv_file=SimpleUploadedFile("codes.csv", data, "text/csv")
    )
    assert "2 codes added" in " ".join(messages_of(response))
    assert sorted(code.code for code in RewardCode.objects.all()) == [
        "CSV-0001",
        "CSV-0002",
    ]


@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary data"),
        ("CODE-Ü\n".encode("latin-1"), "UTF-8"),
        (b"A" * (MAX_IMPORT_BYTES + 1), "kB"),
        (b'"unterminated\n', None),
    ],
)
def test_hostile_files_get_a_clear_answer(client, editor, upload, expected):
    campaign = CampaignFactory()
    response = post(
        client, campaign, csv_file=SimpleUploadedFile("codes.csv", upload, "text/csv")
    )
    assert response.status_code == 200
    if expected:
        assert expected in response.content.decode()
        assert not RewardCode.objects.exists()


def test_formula_overlong_and_control_characters_are_named_by_line(client, editor):
    campaign = CampaignFactory()
    response = post(
        client,
        campaign,
        codes="GOOD-1\n=cmd|' /C calc'!A0\n+SUM(1)\n@x\n" + "L" * 100 + "\n",
    )
    said = " ".join(messages_of(response))
    assert "1 code added" in said
    assert "4 lines were left out" in said
    assert "line 2" in said and "formula" in said and "longer than 64" in said


def test_nothing_given_and_a_huge_paste(client, editor):
    campaign = CampaignFactory()
    response = client.post(pool_url(campaign), {"codes": "\n \n"})
    assert response.status_code == 200
    assert "Paste codes or choose a CSV file" in response.content.decode()
    response = client.post(
        pool_url(campaign), {"codes": "A\n" * (MAX_IMPORT_BYTES // 2 + 1)}
    )
    assert response.status_code in (200, 400)
    assert not RewardCode.objects.exists()


def test_the_pool_page_shows_counts_and_hints_never_whole_codes(
    client, editor, django_user_model
):
    from wagtail_ugc.moderation import actions

    from ..moderation.helpers import make_moderator, pending_submission

    campaign = CampaignFactory()
    add_codes(campaign, ["SECRETCODE-AAAA", "SECRETCODE-BBBB", "SECRETCODE-CCCC"])
    submission = pending_submission(kind="review", campaign=campaign)
    actions.approve(submission, make_moderator(django_user_model))
    response = client.get(pool_url(campaign))
    page = response.content.decode()
    assert response.status_code == 200
    assert "SECRETCODE" not in page
    assert "…AAAA" in page and "…BBBB" in page and "…CCCC" in page
    assert 'data-left="2"' in page and 'data-handed-out="1"' in page
    # The campaign listing links to it.
    listing = client.get(reverse("wagtailsnippets_wagtail_ugc_campaign:list"))
    assert pool_url(campaign) in listing.content.decode()


def test_only_editors_who_may_change_campaigns(client, django_user_model):
    user = django_user_model.objects.create_user(username="viewer", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    campaign = CampaignFactory()
    response = client.post(pool_url(campaign), {"codes": "X-1"})
    assert response.status_code in (302, 403)
    assert not RewardCode.objects.exists()


def test_the_campaign_editor_links_to_the_pool(client, editor):
    campaign = CampaignFactory()
    edit = reverse("wagtailsnippets_wagtail_ugc_campaign:edit", args=[campaign.pk])
    page = client.get(edit).content.decode()
    assert pool_url(campaign) in page
    assert 'name="reward_low_at"' in page

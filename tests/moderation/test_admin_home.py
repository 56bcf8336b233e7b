"""One admin home: a single "UGC" menu group, each item for those who may use it, breadcrumbs, and who may choose a submission."""

import html
import json
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from ..factories import SubmissionFactory
from .helpers import make_moderator

pytestmark = pytest.mark.django_db

EVERY_UGC_ITEM = [
    "Submissions",
    "Moderation queue",
    "Campaigns",
    "Add found content",
    "Import sources",
    "Export a creator's data",
    "Rejection reasons",
    "Blocklist",
    "Engagement report",
    "Webhooks",
    "Webhook log",
]

CHOOSER = "wagtailsnippetchoosers_wagtail_ugc_submission"
MODAL = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}  # as the chooser modal asks


def user_with(django_user_model, username, *codenames):
    """An admin user whose only permissions are ``codenames`` (besides admin access)."""
    user = django_user_model.objects.create_user(username=username, password="pw")
    group = Group.objects.create(name=f"{username}'s group")
    group.permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", *codenames])
    )
    user.groups.add(group)
    return user


@pytest.fixture
def moderator_client(client, django_user_model):
    client.force_login(make_moderator(django_user_model))
    return client


@pytest.fixture
def editor_client(client, django_user_model):
    """An admin user who edits pages but has no permission on anything of the app."""
    client.force_login(user_with(django_user_model, "ed", "add_page", "change_page"))
    return client


def unpack(value, refs):
    """Undo telepath's sharing of repeated values (``_val``/``_id``, ``_ref``)."""
    if isinstance(value, list):
        return [unpack(item, refs) for item in value]
    if not isinstance(value, dict):
        return value
    if "_ref" in value:
        return refs[value["_ref"]]
    if "_val" in value:
        refs[value["_id"]] = unpack(value["_val"], refs)
        return refs[value["_id"]]
    return {key: unpack(item, refs) for key, item in value.items()}


def main_menu(client):
    """The sidebar's main menu as the admin page sends it: ``[{"label", "url", "items"}]``."""
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>',
        page,
        re.S,
    ).group(1)
    modules = unpack(json.loads(props), {})["modules"]
    menu = next(m for m in modules if m["_type"] == "wagtail.sidebar.MainMenuModule")

    def item(packed):
        options = packed["_args"][0]
        is_group = packed["_type"] == "wagtail.sidebar.SubMenuItem"
        children = packed["_args"][1] if is_group else []
        return {
            "label": options["label"],
            "url": options.get("url"),
            "items": [item(child) for child in children],
        }

    return [item(packed) for packed in menu["_args"][0]]


def ugc_group(client):
    return next((entry for entry in main_menu(client) if entry["label"] == "UGC"), None)


def labels(group):
    # The queue's label carries the number waiting, e.g. "Moderation queue (3)".
    return [re.sub(r" \(\d+\)$", "", entry["label"]) for entry in group["items"]]


def breadcrumbs(client, url):
    """The breadcrumb trail of an admin page: ``[(label, href)]``."""
    response = client.get(url)
    assert response.status_code == 200
    nav = re.search(
        r'aria-label="Breadcrumb">(.*?)</nav', response.content.decode(), re.S
    ).group(1)
    return [
        (html.unescape(re.sub(r"<[^>]+>|\s+", " ", text)).strip(), href)
        for href, text in re.findall(
            r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', nav, re.S
        )
    ]


# The menu


def test_a_superuser_finds_everything_of_the_app_in_one_ugc_group(admin_client):
    menu = main_menu(admin_client)
    assert labels(ugc_group(admin_client)) == EVERY_UGC_ITEM
    top_level = [entry["label"] for entry in menu]
    assert top_level.count("UGC") == 1
    for old_menu in ("UGC moderation", "UGC rights", "Campaigns"):
        assert old_menu not in top_level


def test_the_apps_snippets_are_not_listed_again_under_snippets(admin_client):
    # The test site has no other snippets, so "Snippets" has nothing left to list.
    assert "Snippets" not in [entry["label"] for entry in main_menu(admin_client)]


def test_a_moderator_sees_the_items_the_moderators_group_allows(moderator_client):
    # The default group may moderate and view campaigns, but not export a
    # creator's data or edit the blocklist.
    assert labels(ugc_group(moderator_client)) == [
        "Submissions",
        "Moderation queue",
        "Campaigns",
        "Add found content",
        "Rejection reasons",
        "Engagement report",
    ]


def test_the_queue_is_at_the_address_the_docs_give(moderator_client):
    queue = next(
        entry
        for entry in ugc_group(moderator_client)["items"]
        if entry["label"].startswith("Moderation queue")
    )
    assert queue["url"] == "/admin/ugc/queue/"


def test_exporting_a_creators_data_shows_only_to_those_who_may_export(
    client, django_user_model
):
    client.force_login(user_with(django_user_model, "dpo", "change_creator"))
    assert labels(ugc_group(client)) == ["Export a creator's data"]


def test_an_editor_without_permissions_on_the_app_sees_no_ugc_menu(editor_client):
    assert ugc_group(editor_client) is None


def test_an_editor_without_permissions_on_the_app_is_turned_away_everywhere(
    editor_client,
):
    submission = SubmissionFactory()
    urls = [
        reverse("wagtailsnippets_wagtail_ugc_submission:list"),
        reverse("wagtail_ugc_queue:index"),
        reverse("wagtailsnippets_wagtail_ugc_campaign:list"),
        reverse("wagtail_ugc_rights:add"),
        reverse("wagtail_ugc_rights:submission", args=[submission.pk]),
        reverse("wagtail_ugc_rights:record_consent", args=[submission.pk]),
        reverse("wagtail_ugc_export:index"),
        reverse("wagtailsnippets_wagtail_ugc_rejectionreason:list"),
        reverse("wagtailsnippets_wagtail_ugc_blocklistterm:list"),
    ]
    for url in urls:
        response = editor_client.get(url)
        assert response.status_code in (302, 403), url
        assert response.get("Location", "/admin/") == "/admin/", url
        assert str(submission) not in response.content.decode(), url


# Breadcrumbs


def test_the_queue_has_breadcrumbs(moderator_client):
    assert breadcrumbs(moderator_client, reverse("wagtail_ugc_queue:index")) == [
        ("Home", "/admin/"),
        ("Moderation queue", ""),
    ]


def test_a_submissions_rights_page_sits_under_the_submission(moderator_client):
    submission = SubmissionFactory()
    trail = breadcrumbs(
        moderator_client, reverse("wagtail_ugc_rights:submission", args=[submission.pk])
    )
    assert trail == [
        ("Home", "/admin/"),
        ("Submissions", reverse("wagtailsnippets_wagtail_ugc_submission:list")),
        (
            str(submission),
            reverse(
                "wagtailsnippets_wagtail_ugc_submission:inspect", args=[submission.pk]
            ),
        ),
        ("Rights", ""),
    ]


def test_recording_consent_sits_under_the_rights_page(moderator_client):
    submission = SubmissionFactory()
    trail = breadcrumbs(
        moderator_client,
        reverse("wagtail_ugc_rights:record_consent", args=[submission.pk]),
    )
    assert trail[-2:] == [
        ("Rights", reverse("wagtail_ugc_rights:submission", args=[submission.pk])),
        ("Record consent", ""),
    ]


def test_adding_found_content_and_exporting_have_breadcrumbs(admin_client):
    assert breadcrumbs(admin_client, reverse("wagtail_ugc_rights:add")) == [
        ("Home", "/admin/"),
        ("Add found content and request rights", ""),
    ]
    assert breadcrumbs(admin_client, reverse("wagtail_ugc_export:index")) == [
        ("Home", "/admin/"),
        ("Export a creator's data", ""),
    ]


# The submission chooser (SnippetChooserBlock("wagtail_ugc.Submission"))


def test_the_chooser_does_not_list_submissions_to_an_editor_without_permission(
    editor_client,
):
    submission = SubmissionFactory(credit_line="Ada Walker")
    for url in (
        reverse(f"{CHOOSER}:choose"),
        reverse(f"{CHOOSER}:choose_results"),
        reverse(f"{CHOOSER}:chosen", args=[submission.pk]),
        reverse(f"{CHOOSER}:chosen_multiple") + f"?id={submission.pk}",
    ):
        response = editor_client.get(url, **MODAL)
        assert response.status_code == 403, url
        assert "Ada Walker" not in response.content.decode(), url


@pytest.mark.parametrize("codename", ["view_submission", "moderate_submission"])
def test_the_chooser_lists_submissions_to_a_user_with_a_permission_on_them(
    client, django_user_model, codename
):
    client.force_login(user_with(django_user_model, "ed", codename))
    submission = SubmissionFactory(credit_line="Ada Walker")
    response = client.get(reverse(f"{CHOOSER}:choose"), **MODAL)
    assert response.status_code == 200
    assert str(submission) in json.loads(response.content)["html"]
    chosen = client.get(reverse(f"{CHOOSER}:chosen", args=[submission.pk]), **MODAL)
    assert chosen.status_code == 200
    assert "Ada Walker" in chosen.content.decode()

"""``manage.py ugc_grant_moderation``: a site's existing group moderates UGC, without joining "UGC moderators"."""

import html
import io
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from wagtail_ugc.models import Submission
from wagtail_ugc.models.choices import Kind, ModerationStatus
from wagtail_ugc.moderation import notifications
from wagtail_ugc.moderation.defaults import MODERATOR_PERMISSIONS

from .helpers import pending_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderators_group():
    """The "Moderators" group Wagtail's own migrations give every site."""
    group, _created = Group.objects.get_or_create(name="Moderators")
    return group


@pytest.fixture
def max_client(client, django_user_model, moderators_group):
    user = django_user_model.objects.create_user(
        username="max", email="max@example.com", password="pw"
    )
    user.groups.add(moderators_group)
    client.force_login(user)
    return client


def grant(*names):
    out = io.StringIO()
    call_command("ugc_grant_moderation", *names, stdout=out)
    return out.getvalue()


def approve_in_the_queue(client, submission):
    client.post(reverse("wagtail_ugc_queue:approve", args=[submission.pk]), follow=True)
    return Submission.objects.get(pk=submission.pk).moderation_status


def codenames(group):
    return set(group.permissions.values_list("codename", flat=True))


def test_a_member_of_the_granted_group_moderates(max_client, moderators_group):
    first = pending_submission(kind=Kind.REVIEW, text="Before")
    assert approve_in_the_queue(max_client, first) == ModerationStatus.PENDING

    assert '"Moderators" may now moderate UGC' in grant("Moderators")

    second = pending_submission(kind=Kind.REVIEW, text="After")
    assert approve_in_the_queue(max_client, second) == ModerationStatus.APPROVED
    assert Submission.objects.displayable().filter(pk=second.pk).exists()


def test_a_member_of_the_granted_group_gets_the_moderators_emails(
    max_client, moderators_group
):
    grant("Moderators")
    notifications.notify_moderators_of_new_submission(
        pending_submission(kind=Kind.REVIEW)
    )
    assert "max@example.com" in [address for m in mail.outbox for address in m.to]


def test_the_group_gets_what_the_ugc_moderators_group_gets(moderators_group):
    grant("Moderators")
    assert codenames(moderators_group) >= {c for _a, _m, c in MODERATOR_PERMISSIONS}
    assert codenames(moderators_group) >= codenames(
        Group.objects.get(name="UGC moderators")
    )


def test_running_it_again_changes_nothing(moderators_group):
    grant("Moderators")
    before = codenames(moderators_group)
    assert "nothing changed" in grant("Moderators")
    assert codenames(moderators_group) == before


def test_an_unknown_group_is_a_clear_error_and_changes_nothing(moderators_group):
    before = codenames(moderators_group)
    with pytest.raises(CommandError, match='No group named "Moderatorz"'):
        grant("Moderators", "Moderatorz")
    assert codenames(moderators_group) == before


def test_wagtails_group_page_offers_the_moderate_permission(
    admin_client, moderators_group
):
    grant("Moderators")
    page = html.unescape(
        admin_client.get(
            reverse("wagtailusers_groups:edit", args=[moderators_group.pk])
        ).content.decode()
    )
    moderate = Permission.objects.get(codename="moderate_submission")
    checkbox = re.search(rf'<input[^>]*value="{moderate.pk}"[^>]*>', page)
    assert checkbox and "checked" in checkbox.group(0)
    assert "Can moderate submissions" in page

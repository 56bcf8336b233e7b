"""E-mails about submissions: to moderators (new work) and to creators (decisions).

Every e-mail is rendered from overridable templates under
``wagtail_ugc/emails/`` (a subject, a plain-text body and an HTML body), in
the reader's language: a moderator's admin language, the creator's language
for creators. Subjects are folded onto one line, so user text can never add
a header; the HTML part escapes user text like every template. Mail goes
through ``django.core.mail`` and so through whatever e-mail backend the site
configured.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMultiAlternatives
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django_tasks import task
from wagtail.admin.admin_url_finder import AdminURLFinder

from ..conf import ugc_settings
from ..models import Submission
from ..models.choices import ModerationStatus

logger = logging.getLogger(__name__)

MODERATE_PERMISSION = ("wagtail_ugc", "moderate_submission")
#: Most submissions listed in one digest (the rest are counted).
DIGEST_LIMIT = 25
MAX_SUBJECT_LENGTH = 200


# Who reads what, in which language -------------------------------------------


def moderators():
    """Active users with the submission moderation permission, and superusers, with an address."""
    app_label, codename = MODERATE_PERMISSION
    permission = Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    ).first()
    condition = Q(is_superuser=True)
    if permission is not None:
        condition |= Q(user_permissions=permission) | Q(groups__permissions=permission)
    return list(
        get_user_model()
        .objects.filter(condition, is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def supported_language(*codes):
    """The first of ``codes`` the site speaks, else LANGUAGE_CODE."""
    for code in codes:
        if not code:
            continue
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def moderator_language(user):
    from wagtail.users.models import UserProfile

    profile = UserProfile.objects.filter(user=user).first()
    return supported_language(profile.preferred_language if profile else "")


def creator_language(submission):
    creator = submission.creator
    return supported_language(submission.locale, creator.language if creator else "")


# URLs in e-mails ---------------------------------------------------------------


def site_base_url():
    """Scheme and host for links in e-mails: WAGTAILADMIN_BASE_URL, else the default site."""
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
    if not base:
        from wagtail.models import Site

        site = Site.objects.filter(is_default_site=True).first()
        base = site.root_url if site else ""
    return base.rstrip("/")


def absolute(path):
    return site_base_url() + path if path.startswith("/") else path


def admin_url(submission):
    path = AdminURLFinder().get_edit_url(submission)
    return absolute(path) if path else queue_url()


def queue_url():
    viewset = getattr(Submission, "snippet_viewset", None)
    try:
        if viewset is not None:
            return absolute(reverse(viewset.get_url_name("list")))
        return absolute(reverse("wagtailadmin_home"))
    except NoReverseMatch:
        return absolute(reverse("wagtailadmin_home"))


def where_shown(submission):
    """``[(title, full URL)]`` of the live pages that show ``submission`` now."""
    from ..rights.usage import pages_showing

    pages = [(page.title, page.get_full_url()) for page in pages_showing(submission)]
    return [(title, url) for title, url in pages if url]


def withdraw_link(submission):
    from ..rights.links import withdraw_url

    return absolute(withdraw_url(submission))


def site_name():
    return getattr(settings, "WAGTAIL_SITE_NAME", "") or site_base_url()


# Rendering and sending ---------------------------------------------------------


def one_line(text):
    """Fold every kind of line break and run of spaces to one space (no header injection)."""
    return " ".join(str(text).split())[:MAX_SUBJECT_LENGTH]


def build_email(template, context, to, language):
    """Render ``wagtail_ugc/emails/<template>_subject.txt``, ``.txt`` and ``.html``."""
    context = {"site_name": site_name(), **context}
    with translation.override(language):
        subject = one_line(
            render_to_string(f"wagtail_ugc/emails/{template}_subject.txt", context)
        )
        text = render_to_string(f"wagtail_ugc/emails/{template}.txt", context)
        html = render_to_string(f"wagtail_ugc/emails/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, to=[to])
    message.attach_alternative(html, "text/html")
    return message


def send(messages):
    if not messages:
        return 0
    # EmailMessage.send() picks the mail backend the way the running Django
    # version wants it (EMAIL_BACKEND on 5.2, MAILERS on 6.1+).
    return sum(message.send() for message in messages)


def submission_context(submission):
    return {
        "submission": submission,
        "credit": one_line(submission.credit_line),
        "campaign": submission.campaign,
        "flags": list(submission.flags.all()),
        "admin_url": admin_url(submission),
    }


# Moderators --------------------------------------------------------------------


def notify_moderators_of_new_submission(submission):
    """Tell moderators about ``submission`` now, or leave it for the digest.

    Returns the number of e-mails sent (0 in "digest" and "off" modes).
    """
    if ugc_settings.MODERATOR_NOTIFICATIONS != "immediate":
        return 0
    context = submission_context(submission)
    messages = [
        build_email(
            "moderator_new_submission", context, user.email, moderator_language(user)
        )
        for user in moderators()
    ]
    return send(messages)


def send_moderator_digest(*, force=False):
    """Send each moderator one e-mail listing the submissions awaiting moderation.

    Does nothing unless MODERATOR_NOTIFICATIONS is "digest" (or ``force``), or
    when nothing awaits. Returns the number of e-mails sent.
    """
    if ugc_settings.MODERATOR_NOTIFICATIONS != "digest" and not force:
        return 0
    waiting = Submission.objects.awaiting_moderation().order_by("submitted_at", "pk")
    total = waiting.count()
    if not total:
        return 0
    since = timezone.now() - timedelta(days=1)
    listed = list(
        waiting.select_related("campaign").annotate(flag_count=Count("flags"))[
            :DIGEST_LIMIT
        ]
    )
    context = {
        "total": total,
        "new_today": waiting.filter(submitted_at__gte=since).count(),
        "oldest": listed[0].submitted_at,
        "items": [
            {
                "submission": item,
                "credit": one_line(item.credit_line),
                "flag_count": item.flag_count,
                "admin_url": admin_url(item),
            }
            for item in listed
        ],
        "more": total - len(listed),
        "queue_url": queue_url(),
    }
    messages = [
        build_email("moderator_digest", context, user.email, moderator_language(user))
        for user in moderators()
    ]
    return send(messages)


@task()
def send_moderator_digest_task():
    """The daily digest as a background task (schedule it, or run ``ugc_moderator_digest``)."""
    return send_moderator_digest()


# Creators ----------------------------------------------------------------------


def notify_creator_of_approval(submission):
    """Tell the creator their submission is approved, where it shows, how to withdraw."""
    creator = submission.creator
    if creator is None or not creator.email:
        return 0
    context = {
        "submission": submission,
        "name": one_line(creator.name),
        "pages": where_shown(submission),
        "withdraw_url": withdraw_link(submission),
    }
    return send(
        [
            build_email(
                "creator_approved",
                context,
                creator.email,
                creator_language(submission),
            )
        ]
    )


def notify_creator_of_rejection(submission):
    """Tell the creator their submission was rejected, with the reason, if the site does that."""
    if not ugc_settings.NOTIFY_CREATOR_ON_REJECTION:
        return 0
    creator = submission.creator
    if creator is None or not creator.email:
        return 0
    context = {
        "submission": submission,
        "name": one_line(creator.name),
        "reason": submission.rejection_reason,
    }
    return send(
        [
            build_email(
                "creator_rejected",
                context,
                creator.email,
                creator_language(submission),
            )
        ]
    )


@task()
def notify_creator_task(decision, submission_id):
    """Tell the creator of a decision, from a worker: moderators do not wait for mail servers.

    Nothing is sent if, before the worker got to it, the submission was
    decided otherwise, withdrawn or erased.
    """
    submission = (
        Submission.objects.select_related("creator").filter(pk=submission_id).first()
    )
    if (
        submission is None
        or submission.moderation_status != decision
        or submission.withdrawn_at
    ):
        return 0
    if decision == ModerationStatus.APPROVED:
        return notify_creator_of_approval(submission)
    return notify_creator_of_rejection(submission)

"""The creator's own page: what they sent, where it is shown, what it earned; credit, withdraw, export.

A creator asks for a link by e-mail address; the link is signed and expires
(``wagtail_ugc.links.creator_page_token``), and is e-mailed only to an address
we hold. The request form answers the same whether the address is known or
not: the look-up and the e-mail happen after the response is sent, in a task
(docs/creators.md).
"""

import logging
from functools import partial

from django import forms
from django.db import transaction
from django.db.models import Exists, IntegerField, OuterRef, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from wagtail.log_actions import log

from ..conf import ugc_settings
from ..hashing import client_ip
from ..intake.ratelimit import count_one
from ..links import creator_page_url
from ..mail import absolute_url, send_templated_mail, supported_language
from ..models import Creator, Submission
from ..models.choices import (
    ConsentMethod,
    Kind,
    ModerationStatus,
    ProcessingState,
    RightsStatus,
)
from ..models.ledger import record_credit
from ..models.usage import pages_showing
from ..text import EmailAddressField, SingleLineTextField, WebLinkField
from .revocation import withdraw

logger = logging.getLogger(__name__)

CREDIT_LOG_ACTION = "wagtail_ugc.credit_changed"

#: The thumbnail: one of the tile renditions publication makes for every
#: displayable photo (``publication.TILE_SPECS``), so none is made here.
THUMBNAIL_SPEC = "width-400|format-jpeg"

ENGAGEMENT_COUNTS = ("impressions", "lightbox_opens", "link_clicks", "credit_clicks")


# Forms ---------------------------------------------------------------------------


class CreatorLinkForm(forms.Form):
    email = EmailAddressField(label=_("Your e-mail address"), max_length=254)


class CreditForm(forms.Form):
    credit_line = SingleLineTextField(label=_("Credit"), max_length=100)
    credit_url = WebLinkField(
        label=_("Link for the credit (optional)"), max_length=500, required=False
    )


# The creator's language ------------------------------------------------------------


def creator_page_language(creator):
    """The creator's chosen language, else that of their latest submission, else the site's."""
    latest = creator.submissions.order_by("-submitted_at", "-pk").first()
    return supported_language(creator.language, latest.locale if latest else "")


# Asking for the link ---------------------------------------------------------------


def _take(kind, value, limit):
    """Count one request against ``kind``/``value``; whether it was within ``limit`` this hour."""
    _key, count = count_one(kind, value)
    return count <= limit


def may_ask_for_link(request, email):
    """Count a request for a link; False once the IP or the address has had its share this hour.

    Counted the same whether the address is known or not, so the limit says
    nothing about who is a creator. The address is hashed in the key.
    """
    ip_ok = _take(
        "creator_link_ip",
        client_ip(request) or "unknown",
        ugc_settings.CREATOR_LINK_RATE_LIMIT_PER_IP,
    )
    email_ok = _take(
        "creator_link_email",
        email.strip().lower(),
        ugc_settings.CREATOR_LINK_RATE_LIMIT_PER_EMAIL,
    )
    return ip_ok and email_ok


def send_link_after(response, email):
    """E-mail the link to ``email`` once ``response`` has been sent, if it is a creator's.

    Django closes a response after the server has sent it; doing the look-up
    and the sending then (or in a worker, with a worker backend) keeps the
    response's timing the same for known and unknown addresses.
    """
    response._resource_closers.append(partial(_enqueue_link, email))
    return response


def _enqueue_link(email):
    try:
        send_creator_link_task.enqueue(email)
    except Exception:
        # After the response: nobody is waiting for an answer any more.
        logger.exception("Could not send a creator's page link")


@task()
def send_creator_link_task(email):
    return send_creator_link(email)


def send_creator_link(email):
    """E-mail a fresh link to the creator with ``email``; 0 (and nothing sent) for an unknown address."""
    creator = Creator.objects.filter(email=email.strip().lower()).first()
    if creator is None:
        return 0
    # The site's own address, never the request's Host header: a forged
    # Host would otherwise send the creator a working link to another site.
    link = absolute_url(creator_page_url(creator))
    context = {
        "creator": creator,
        "name": creator.name,
        "link": link,
        "hours": max(1, ugc_settings.CREATOR_LINK_MAX_AGE // 3600),
    }
    return send_templated_mail(
        "creator_page_link",
        context,
        [creator.email],
        language=creator_page_language(creator),
    )


# What the page shows ---------------------------------------------------------------


def submissions_of_creator(creator):
    """The creator's own submissions, newest first, with whether each is shown and its counts."""
    counts = {
        name: Coalesce(
            Sum(f"engagement_days__{name}"), Value(0), output_field=IntegerField()
        )
        for name in ENGAGEMENT_COUNTS
    }
    return (
        Submission.objects.filter(creator=creator)
        .annotate(
            shown=Exists(Submission.objects.displayable().filter(pk=OuterRef("pk"))),
            **counts,
        )
        .select_related("campaign")
        .prefetch_related("photos__image")
        .order_by("-submitted_at", "-pk")
    )


def status_label(submission):
    """Its state in plain words for the creator (``shown`` comes from ``submissions_of_creator``)."""
    if submission.withdrawn_at:
        return gettext("Withdrawn by you")
    if submission.shown:
        return gettext("Shown on the site")
    if submission.processing_state == ProcessingState.RECEIVED:
        return gettext("Being prepared")
    if submission.processing_state == ProcessingState.FAILED:
        return gettext("Not shown: we could not process it")
    if submission.rights_status == RightsStatus.REQUESTED:
        return gettext("Waiting for your answer to our request")
    if submission.rights_status == RightsStatus.DECLINED:
        return gettext("Not shown: you said no")
    if submission.rights_status == RightsStatus.EXPIRED:
        return gettext("Not shown any more: the agreed time is over")
    if submission.moderation_status == ModerationStatus.PENDING:
        return gettext("Awaiting moderation")
    if submission.moderation_status == ModerationStatus.REJECTED:
        return gettext("Not shown: it was not chosen for the site")
    return gettext("Not shown at the moment")


def thumbnail(submission):
    """A public rendition of its first photo while it is shown; None otherwise (a placeholder).

    Only a displayable submission has public images (invariant 2 in
    docs/architecture.md); a private file is never linked from this page.
    """
    if not submission.shown or submission.kind != Kind.PHOTO:
        return None
    for photo in submission.photos.all():
        if photo.image is not None:
            return {
                "url": photo.image.get_rendition(THUMBNAIL_SPEC).url,
                "alt": photo.alt_text,
            }
    return None


def describe(submission, request):
    """What the page shows for one submission."""
    return {
        "submission": submission,
        "status": status_label(submission),
        "thumbnail": thumbnail(submission),
        "pages": [
            (page.title, page.get_url(request))
            for page in (pages_showing(submission) if submission.shown else [])
        ],
        "counts": {name: getattr(submission, name) for name in ENGAGEMENT_COUNTS},
        "active": submission.withdrawn_at is None,
    }


# What the creator may do -------------------------------------------------------------


def change_credit(submission, *, credit_line, credit_url, request=None):
    """Give ``submission`` a new credit chosen by its creator; False if withdrawn or unchanged.

    Written to the ledger (``record_credit``) and to the content. A live
    submission with no draft gets a published revision with the new credit,
    so its history and what is live agree; a draft gets it through
    ``Submission.change_content``, so approving the draft keeps it.
    """
    with transaction.atomic():
        locked = Submission.objects.select_for_update().filter(pk=submission.pk).first()
        if locked is None or locked.withdrawn_at is not None:
            return False
        if (locked.credit_line, locked.credit_url) == (credit_line, credit_url):
            return False
        record_credit(
            locked,
            method=ConsentMethod.CREATOR_PAGE,
            credit_line=credit_line,
            credit_url=credit_url,
            request=request,
        )
        if locked.live and not locked.has_unpublished_changes:
            revision = locked.save_revision(clean=False)
            # Not an approval: it publishes what was already live, with the
            # creator's credit (publication reconciles, caches are purged).
            revision.publish(skip_permission_checks=True, log_action=False)
        log(
            instance=locked,
            action=CREDIT_LOG_ACTION,
            data={"credit_line": credit_line, "credit_url": credit_url},
        )
    submission.credit_line, submission.credit_url = credit_line, credit_url
    return True


def withdraw_one(submission, request=None):
    return withdraw(submission, request=request, method=ConsentMethod.CREATOR_PAGE)


def withdraw_all(creator, request=None):
    """Withdraw every submission of ``creator`` not withdrawn yet; return how many."""
    pending = Submission.objects.filter(creator=creator, withdrawn_at__isnull=True)
    return sum(withdraw_one(submission, request) for submission in pending)

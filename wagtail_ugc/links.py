"""Signed links sent to creators: withdraw a submission, answer a rights request, open their own page.

Intake sends the withdraw link in its confirmation, moderation in its
approval e-mail, rights serves both pages: so the links live in the core,
which every stage may import. Functions here return paths; e-mails make
them absolute with ``wagtail_ugc.mail.absolute_url``.

A token is a ``django.core.signing`` signature over the submission's (or the
rights request's) UUID with a purpose-specific salt, so it cannot be forged,
cannot be moved to another submission and cannot be used for another purpose.
"""

from django.core import signing
from django.urls import NoReverseMatch, reverse

from .conf import ugc_settings
from .hashing import keyed_hash

# The salts name the old module on purpose: changing them would break every
# link already sent.
WITHDRAW_SALT = "wagtail_ugc.rights.withdraw"
RIGHTS_REQUEST_SALT = "wagtail_ugc.rights.request"
CREATOR_PAGE_SALT = "wagtail_ugc.rights.creator_page"


class BadToken(Exception):
    """A token that was tampered with, truncated or made for something else."""


class ExpiredToken(BadToken):
    """A genuine token older than it may be."""


def withdraw_token(submission):
    return signing.dumps(str(submission.uuid), salt=WITHDRAW_SALT, compress=False)


def submission_uuid_from_withdraw_token(token):
    try:
        return signing.loads(token, salt=WITHDRAW_SALT)
    except signing.BadSignature as error:
        raise BadToken(str(error)) from error


def withdraw_url(submission):
    """The path of the creator's withdraw page for this submission (no host).

    Withdrawing is always possible, so the link does not expire.
    """
    return reverse("wagtail_ugc:withdraw", kwargs={"token": withdraw_token(submission)})


def rights_request_token(rights_request):
    return signing.dumps(str(rights_request.uuid), salt=RIGHTS_REQUEST_SALT)


def rights_request_uuid_from_token(token, max_age=None):
    try:
        return signing.loads(token, salt=RIGHTS_REQUEST_SALT, max_age=max_age)
    except signing.BadSignature as error:
        # SignatureExpired is a BadSignature too: the request's own expiry
        # decides what the creator is told, so the caller checks that first.
        raise BadToken(str(error)) from error


def rights_request_url(rights_request):
    """The path of the public page where a creator grants or declines rights."""
    return reverse(
        "wagtail_ugc:rights_request",
        kwargs={"token": rights_request_token(rights_request)},
    )


def _address_check(email):
    # Ties the token to the address as well as the row: a token made for an
    # erased creator never opens the page of a later row with the same id.
    return keyed_hash("creator-page:" + email.strip().lower())[:16]


def creator_page_token(creator):
    return signing.dumps(
        [creator.pk, _address_check(creator.email)],
        salt=CREATOR_PAGE_SALT,
        compress=False,
    )


def creator_from_token(token, creators):
    """The creator in ``creators`` (a queryset) a creator-page token names, or None if gone.

    Raises ``ExpiredToken`` after ``CREATOR_LINK_MAX_AGE`` seconds, ``BadToken``
    for anything forged, truncated or made for another purpose.
    """
    try:
        pk, check = signing.loads(
            token, salt=CREATOR_PAGE_SALT, max_age=ugc_settings.CREATOR_LINK_MAX_AGE
        )
    except signing.SignatureExpired as error:
        raise ExpiredToken(str(error)) from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadToken(str(error)) from error
    creator = creators.filter(pk=pk).first() if isinstance(pk, int) else None
    if creator is None or _address_check(creator.email) != check:
        return None
    return creator


def creator_page_url(creator):
    """The path of the creator's own page; the link works for ``CREATOR_LINK_MAX_AGE`` seconds."""
    return reverse(
        "wagtail_ugc:creator_page", kwargs={"token": creator_page_token(creator)}
    )


def creator_link_request_url():
    """The path of the public form where a creator asks for that link; "" if not routed."""
    try:
        return reverse("wagtail_ugc:creator_link")
    except NoReverseMatch:
        return ""


def item_path(submission_uuid):
    """The path of an item's own page (docs/item-pages.md); "" where the site does not route item pages."""
    try:
        return reverse("wagtail_ugc:item", kwargs={"uuid": submission_uuid})
    except NoReverseMatch:
        return ""

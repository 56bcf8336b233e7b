"""Intake rules: checks that flag a submission for moderators; they never delete anything.

``apply_rules`` runs once a submission is ready (its photos sanitised): the
blocklist, link and spam heuristics, duplicate search, photo size and
sharpness, and any external moderation services. Each finding becomes a
``SubmissionFlag`` with a code and a reason moderators read. Reasons are
written in the site's default language (``LANGUAGE_CODE``), not in the
language of the visitor whose request happened to run the rules.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from PIL import Image

from ...conf import ugc_settings
from ...models import BlocklistTerm, Submission, SubmissionFlag, SubmissionPhoto
from ...models.choices import ModerationStatus
from ...storage import private_storage
from .. import actions
from . import images as image_rules
from .duplicates import (
    photo_duplicate_findings,
    store_search_keys,
    text_duplicate_findings,
)
from .external import external_findings
from .findings import FLAG_LABELS, Finding, flag_label
from .text import (
    blocklist_finding,
    find_blocklisted_terms,
    spam_findings,
    text_fingerprint,
)

logger = logging.getLogger(__name__)

__all__ = [
    "FLAG_LABELS",
    "Finding",
    "apply_rules",
    "flag_label",
    "maybe_auto_approve",
]


def apply_rules(submission):
    """Run every rule on ``submission`` and return the SubmissionFlag rows created.

    Safe to run again: a flag with the same code and reason is not repeated.
    """
    with translation.override(settings.LANGUAGE_CODE):
        photos = list(submission.photos.order_by("sort_order", "pk"))
        findings = text_findings(submission, photos)
        findings += photo_findings(photos)
        fingerprint = text_fingerprint(submission.text)
        if fingerprint != submission.text_fingerprint:
            submission.text_fingerprint = fingerprint
            Submission.objects.filter(pk=submission.pk).update(
                text_fingerprint=fingerprint
            )
        findings += photo_duplicate_findings(submission, photos)
        findings += text_duplicate_findings(submission)
        store_search_keys(submission, photos)
        findings += external_findings(submission)
    return save_flags(submission, findings)


def save_flags(submission, findings):
    existing = set(submission.flags.values_list("code", "reason"))
    created = []
    for finding in findings:
        key = (finding.code, finding.reason)
        if key in existing:
            continue
        existing.add(key)
        created.append(
            SubmissionFlag.objects.create(
                submission=submission, code=finding.code, reason=finding.reason
            )
        )
    return created


def blocklist_terms():
    """``{language: (term, ...)}`` from the editable blocklist (one query)."""
    terms = {}
    for language, term in BlocklistTerm.objects.values_list("language", "term"):
        terms.setdefault(language.strip().lower(), []).append(term)
    return {language: tuple(sorted(words)) for language, words in terms.items()}


def text_findings(submission, photos):
    texts = [
        (_("The text"), submission.text),
        (_("The credit"), submission.credit_line),
    ]
    texts += [
        (_("The alt text of photo %(number)d") % {"number": number}, photo.alt_text)
        for number, photo in enumerate(photos, start=1)
    ]
    terms = blocklist_terms()
    findings = []
    for where, text in texts:
        if not text:
            continue
        matches = find_blocklisted_terms(text, terms, submission.locale)
        if matches:
            findings.append(blocklist_finding(matches, where))
        findings += spam_findings(text, where)
    return findings


def photo_findings(photos):
    """Measure each photo's master: store its perceptual hash, flag small or blurry ones."""
    findings = []
    min_edge = ugc_settings.MIN_PHOTO_EDGE
    blur_threshold = ugc_settings.BLUR_THRESHOLD
    for number, photo in enumerate(photos, start=1):
        if not photo.master:
            continue
        try:
            with private_storage.open(photo.master.name) as master:
                width, height, grey = image_rules.measure_master(master)
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
            logger.warning("Could not read the master of photo %s", photo.pk)
            findings.append(
                Finding(
                    "photo_unreadable",
                    _("Photo %(number)d could not be read for checking.")
                    % {"number": number},
                )
            )
            continue
        width, height = photo.width or width, photo.height or height
        phash = image_rules.perceptual_hash(grey)
        if phash != photo.perceptual_hash:
            photo.perceptual_hash = phash
            SubmissionPhoto.objects.filter(pk=photo.pk).update(perceptual_hash=phash)
        if min(width, height) < min_edge:
            findings.append(
                Finding(
                    "small_photo",
                    _(
                        "Photo %(number)d is small (%(width)d×%(height)d pixels; "
                        "galleries need at least %(min)d on the short side)."
                    )
                    % {
                        "number": number,
                        "width": width,
                        "height": height,
                        "min": min_edge,
                    },
                )
            )
        sharpness = image_rules.sharpness(grey)
        if sharpness < blur_threshold:
            findings.append(
                Finding(
                    "blurry_photo",
                    _(
                        "Photo %(number)d looks blurry or featureless "
                        "(sharpness %(value).0f, below %(threshold)s)."
                    )
                    % {
                        "number": number,
                        "value": sharpness,
                        "threshold": blur_threshold,
                    },
                )
            )
    return findings


def maybe_auto_approve(submission):
    """Approve ``submission`` if the trusted-creator rule allows it; return whether it did.

    Only with ``AUTO_APPROVE_TRUSTED_CREATORS`` on, only for a creator marked
    trusted, only while pending, and only when no rule flagged it. Approval
    goes through the workflow like a moderator's, so the rights check still
    applies: if it refuses, the submission simply waits in the queue.
    """
    if not ugc_settings.AUTO_APPROVE_TRUSTED_CREATORS:
        return False
    creator = submission.creator
    if creator is None or not creator.trusted:
        return False
    if submission.moderation_status != ModerationStatus.PENDING:
        return False
    if submission.flags.exists():
        return False
    try:
        with transaction.atomic():
            actions.approve(submission, user=None)
    except actions.ModerationConflict:
        return False
    except PermissionDenied:
        # Rights, credit or alt text missing (ApprovalRefused) or the workflow
        # does not let an automatic approval through: a moderator decides.
        logger.info(
            "Trusted-creator auto-approval left submission %s for a moderator",
            submission.pk,
            exc_info=True,
        )
        return False
    submission.refresh_from_db()
    return submission.moderation_status == ModerationStatus.APPROVED

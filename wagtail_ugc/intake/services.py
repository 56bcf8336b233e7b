"""The one way a Submission is created: saved first, media work queued after the commit.

``receiving_submission`` writes everything that came in, in one transaction
(the creator, the submission in the RECEIVED state, the photos' bytes as
received on the private storage) and lets the caller add what its path needs
in the same transaction: the visitor's consent and their confirmation e-mail
(``create_submission``, the form) or an editor's rights request (found
content, in the rights stage). Heavy work starts only after the commit, so a
crash later loses nothing and the processing task can simply run again. If
anything fails, the files written are deleted: nothing is left half-written.
"""

import hashlib
import logging
from contextlib import contextmanager
from functools import partial

from django.db import transaction
from django.utils import translation

from ..links import withdraw_url
from ..mail import absolute_url
from ..models import Creator, Submission, SubmissionPhoto
from ..models.choices import (
    AI_TRAINING_SCOPE,
    ConsentMethod,
    Kind,
    Licence,
    ModerationStatus,
    ProcessingState,
    Source,
)
from ..models.ledger import record_grant
from ..storage import private_storage
from .tasks import mark_ready, process_submission, send_confirmation

logger = logging.getLogger(__name__)


def file_sha256(upload):
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def licence_for(scopes):
    """Display on the site only, or brand use in the extra scopes the creator ticked.

    The AI-training scope alone is no use by the brand: it lifts the
    reservation of text and data mining (docs/licensing.md).
    """
    brand_uses = [scope for scope in scopes if scope != AI_TRAINING_SCOPE]
    return Licence.BRAND_USE if brand_uses else Licence.SITE_DISPLAY


@contextmanager
def receiving_submission(*, email, name, language, uploads=(), formats=(), **fields):
    """Save a new submission, its creator and its photos as received; yield ``(submission, photos)``.

    The submission awaits processing and moderation and is not live;
    ``fields`` are its other model fields. Without ``email`` it has no
    creator. ``uploads`` are Django uploaded files already checked by a form;
    ``formats`` is the format content sniffing found for each. The caller's
    block runs inside the transaction: if it (or anything here) fails,
    nothing is saved and no file stays behind. Processing is queued once the
    transaction commits, after whatever the caller's block queued with
    ``transaction.on_commit``.
    """
    written = []
    try:
        with transaction.atomic():
            creator = (
                Creator.objects.for_email(email, name=name, language=language)
                if email
                else None
            )
            submission = Submission.objects.create(
                creator=creator,
                locale=language,
                processing_state=ProcessingState.RECEIVED,
                moderation_status=ModerationStatus.PENDING,
                live=False,
                **fields,
            )
            photos = []
            for order, (upload, received_format) in enumerate(
                zip(uploads, formats, strict=True)
            ):
                photo = SubmissionPhoto(
                    submission=submission,
                    sort_order=order,
                    received_sha256=file_sha256(upload),
                    received_bytes=upload.size,
                    received_format=received_format,
                )
                # The name is ignored: upload_to gives a random one.
                photo.incoming.save("upload", upload, save=False)
                written.append(photo.incoming.name)
                photo.save()
                photos.append(photo)
            yield submission, photos
            # Robust: the submission is saved once this runs; an error here
            # (a locked database, a refusing queue) must not unwind as if it
            # were not. ``ugc_process_received`` finishes what is left.
            transaction.on_commit(lambda: start_processing(submission.pk), robust=True)
    except BaseException:
        for name in written:
            private_storage.delete(name)
        raise


def create_submission(
    *,
    campaign,
    kind,
    name,
    email,
    text="",
    rating=None,
    video_url="",
    video_provider="",
    credit_line="",
    credit_url="",
    scopes=(),
    age_confirmed=False,
    people_shown_consented=False,
    uploads=(),
    formats=(),
    request=None,
    related_page=None,
):
    """Save what a visitor sent through the form, with their consent, then confirm and process it.

    Once the submission is committed, the creator's confirmation (with the
    withdraw link, made from ``request`` when given) is queued first, then
    the processing: a crash while processing never loses the confirmation.
    """
    credit_line = (credit_line or name).strip()
    with receiving_submission(
        email=email,
        name=name,
        language=(translation.get_language() or "")[:20],
        uploads=uploads if kind == Kind.PHOTO else (),
        formats=formats if kind == Kind.PHOTO else (),
        kind=kind,
        campaign=campaign,
        text=text,
        rating=rating if kind == Kind.REVIEW else None,
        video_url=video_url if kind == Kind.VIDEO else "",
        video_provider=video_provider if kind == Kind.VIDEO else "",
        credit_line=credit_line,
        credit_url=credit_url,
        related_page=related_page,
        source=Source.FORM,
    ) as (submission, photos):
        record_grant(
            submission,
            method=ConsentMethod.FORM,
            scopes=list(scopes),
            licence=licence_for(scopes),
            credit_line=credit_line,
            credit_url=credit_url,
            terms=campaign.current_terms,
            file_sha256s=[photo.received_sha256 for photo in photos],
            age_confirmed=age_confirmed,
            people_shown_consented=people_shown_consented,
            request=request,
        )
        # Robust: a task queue that refuses it must not stop the processing;
        # ``ugc_process_received`` sends what was never sent.
        transaction.on_commit(
            partial(
                send_confirmation.enqueue,
                submission.pk,
                absolute_url(withdraw_url(submission), request),
            ),
            robust=True,
        )
    return submission


def start_processing(submission_id):
    """Queue the media work; submissions without media are ready at once."""
    submission = Submission.objects.filter(pk=submission_id).first()
    if submission is None:
        return
    if submission.kind == Kind.PHOTO:
        process_submission.enqueue(submission_id)
    else:
        mark_ready(submission)

"""Turning an accepted form into a Submission: saved first, consent recorded, media work queued.

Everything a visitor sent is written in one transaction (the submission in
the RECEIVED state, the photos' bytes as received on the private storage,
the first consent entry) before any heavy work starts, so a crash later
loses nothing and the processing task can simply run again. If the
transaction fails, the files it wrote are deleted: nothing is left
half-written.
"""

import hashlib
import logging

from django.db import transaction
from django.utils import translation

from ..models import Creator, Submission, SubmissionPhoto
from ..models.choices import (
    ConsentMethod,
    Kind,
    Licence,
    ModerationStatus,
    ProcessingState,
    Source,
)
from ..rights.ledger import record_grant
from ..storage import private_storage

logger = logging.getLogger(__name__)


def file_sha256(upload):
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def licence_for(scopes):
    """Display on the site only, or brand use in the extra scopes the creator ticked."""
    return Licence.BRAND_USE if scopes else Licence.SITE_DISPLAY


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
    """Save a new submission and its first consent, then queue its processing.

    ``uploads`` are Django uploaded files already checked by the form;
    ``formats`` is the format the content sniffing found for each.
    """
    language = (translation.get_language() or "")[:20]
    credit_line = (credit_line or name).strip()
    written = []
    try:
        with transaction.atomic():
            creator = Creator.objects.for_email(email, name=name, language=language)
            submission = Submission.objects.create(
                kind=kind,
                campaign=campaign,
                creator=creator,
                text=text,
                rating=rating if kind == Kind.REVIEW else None,
                video_url=video_url if kind == Kind.VIDEO else "",
                video_provider=video_provider if kind == Kind.VIDEO else "",
                credit_line=credit_line,
                credit_url=credit_url,
                locale=language,
                related_page=related_page,
                source=Source.FORM,
                processing_state=ProcessingState.RECEIVED,
                moderation_status=ModerationStatus.PENDING,
                live=False,
            )
            checksums = []
            if kind == Kind.PHOTO:
                for order, (upload, received_format) in enumerate(
                    zip(uploads, formats, strict=True)
                ):
                    checksum = file_sha256(upload)
                    checksums.append(checksum)
                    photo = SubmissionPhoto(
                        submission=submission,
                        sort_order=order,
                        received_sha256=checksum,
                        received_bytes=upload.size,
                        received_format=received_format,
                    )
                    # The name is ignored: upload_to gives a random one.
                    photo.incoming.save("upload", upload, save=False)
                    written.append(photo.incoming.name)
                    photo.save()
            record_grant(
                submission,
                method=ConsentMethod.FORM,
                scopes=list(scopes),
                licence=licence_for(scopes),
                credit_line=credit_line,
                credit_url=credit_url,
                terms=campaign.current_terms,
                file_sha256s=checksums,
                age_confirmed=age_confirmed,
                people_shown_consented=people_shown_consented,
                request=request,
            )
            transaction.on_commit(lambda: start_processing(submission.pk))
    except BaseException:
        for name in written:
            private_storage.delete(name)
        raise
    return submission


def start_processing(submission_id):
    """Queue the media work; submissions without media are ready at once."""
    from .tasks import mark_ready, process_submission

    submission = Submission.objects.filter(pk=submission_id).first()
    if submission is None:
        return
    if submission.kind == Kind.PHOTO:
        process_submission.enqueue(submission_id)
    else:
        mark_ready(submission)

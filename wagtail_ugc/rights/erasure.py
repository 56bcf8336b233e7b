"""Deleting submissions and creators completely: files, renditions, history, personal data.

Used by erasure (``ugc_erase_creator``) and by the retention purge. What is
kept after erasure is a hashed proof of consent: the ledger entries lose their
links and every personal field, but keep the subject hash, the terms hash,
the file hashes and the dates.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from ..hashing import subject_hash
from ..models import ConsentRecord, Creator, ErasedSubmission, Submission

ERASE_LOG_ACTION = "wagtail_ugc.erase"
PURGE_LOG_ACTION = "wagtail_ugc.purge"

#: The ledger's personal fields, blanked by erasure. This and the network-data
#: retention in ``retention.py`` are the only rewrites of the append-only
#: ledger, made through ``_base_manager`` because privacy law requires them.
LEDGER_PERSONAL_FIELDS = {
    "credit_line": "",
    "credit_url": "",
    "ip_hash": "",
    "user_agent": "",
    "note": "",
    "evidence": "",
}


def delete_submission(submission, *, action=PURGE_LOG_ACTION, user=None):
    """Delete a submission with every file it has, public or private.

    Its photos take their files with them once the deletion commits (see
    ``publication``). The audit log keeps that it happened, not what it was:
    earlier entries of the submission lose their label and data, which can
    hold the credit. A submission that was ever published leaves its id in
    ``ErasedSubmission``, so its item page answers 410 Gone, not 404.
    """
    pk = submission.pk
    content_type = ContentType.objects.get_for_model(Submission)
    with transaction.atomic():
        ModelLogEntry.objects.filter(
            content_type=content_type, object_id=str(pk)
        ).update(label=f"#{pk}", data={})
        log(
            instance=submission,
            action=action,
            user=user,
            title=f"#{pk}",
            data={},
        )
        if submission.first_published_at is not None:
            ErasedSubmission.objects.get_or_create(uuid=submission.uuid)
        submission.delete()


def blank_ledger_personal_data(records):
    """Keep the hashed proof of consent, drop the rest (erasure only)."""
    records = list(records)
    for record in records:
        if record.evidence:
            record.evidence.storage.delete(record.evidence.name)
    ConsentRecord._base_manager.filter(pk__in=[r.pk for r in records]).update(
        submission=None, creator=None, **LEDGER_PERSONAL_FIELDS
    )
    return len(records)


def submissions_of(email, creator=None):
    """Everything sent by the creator, or found and asked about at their address."""
    condition = Q(rights_requests__sent_to=email)
    if creator is not None:
        condition |= Q(creator=creator)
    return Submission.objects.filter(condition).distinct().order_by("pk")


def erase_creator(email, *, user=None):
    """Erase everything held about the creator with ``email``; return a summary.

    Submissions, their media and renditions, rights requests, revisions and
    the creator row are deleted; the ledger keeps only hashes and dates.
    """
    email = email.strip().lower()
    creator = Creator.objects.filter(email=email).first()
    submissions = list(submissions_of(email, creator))
    records = ConsentRecord.objects.filter(subject_hash=subject_hash(email))
    if creator:
        records |= ConsentRecord.objects.filter(creator=creator)
    records |= ConsentRecord.objects.filter(submission__in=submissions)
    records = list(records.distinct())
    blank_ledger_personal_data(records)
    for submission in submissions:
        delete_submission(submission, action=ERASE_LOG_ACTION, user=user)
    if creator:
        creator.delete()
    return {
        "submissions": len(submissions),
        "consent_records_kept_as_hashes": len(records),
        "creator": bool(creator),
    }

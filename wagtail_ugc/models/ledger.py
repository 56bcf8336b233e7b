"""Writing the consent ledger, and keeping a submission's rights state in step with it.

The ledger (``ConsentRecord``, append-only) is the evidence; the rights
fields on ``Submission`` are its current state, kept for the displayable
rule. Every change of rights goes through here so the two never disagree.
It sits with the models so that any stage may record consent: intake when
a visitor submits, rights when a creator answers a request or withdraws.
"""

from django.db import transaction
from django.utils import timezone

from ..hashing import network_evidence, subject_hash
from ..signals import announce_change
from .choices import SITE_SCOPE, ConsentAction, ConsentMethod, RightsStatus
from .rights import ConsentRecord
from .submissions import Submission


@transaction.atomic
def record_grant(
    submission,
    *,
    method,
    scopes=(),
    licence,
    credit_line,
    credit_url="",
    terms=None,
    file_sha256s=(),
    age_confirmed=False,
    people_shown_consented=False,
    request=None,
    recorded_by=None,
    evidence=None,
    expires_at=None,
    note="",
):
    """Append a grant to the ledger and make it the submission's rights state."""
    scopes = [SITE_SCOPE, *[scope for scope in scopes if scope != SITE_SCOPE]]
    creator = submission.creator
    record = ConsentRecord.objects.create(
        submission=submission,
        creator=creator,
        subject_hash=subject_hash(creator.email) if creator else "",
        action=ConsentAction.GRANT,
        method=method,
        terms=terms,
        terms_version=terms.version if terms else "",
        terms_language=terms.language if terms else "",
        terms_sha256=terms.sha256 if terms else "",
        scopes=scopes,
        licence=licence,
        credit_line=credit_line,
        credit_url=credit_url,
        file_sha256s=list(file_sha256s),
        age_confirmed=age_confirmed,
        people_shown_consented=people_shown_consented,
        recorded_by=recorded_by,
        evidence=evidence or "",
        expires_at=expires_at,
        note=note,
        **network_evidence(request),
    )
    # The credit the creator chose is also content an editor may correct: it
    # goes into the draft too, or approval (publishing it) would undo it.
    submission.change_content(
        user=recorded_by, credit_line=credit_line, credit_url=credit_url
    )
    _set_rights_state(
        submission,
        rights_status=RightsStatus.GRANTED,
        consent_scopes=scopes,
        licence=licence,
        rights_expires_at=expires_at,
    )
    return record


@transaction.atomic
def record_decline(submission, *, method, request=None, note=""):
    record = _append(submission, ConsentAction.DECLINE, method, request, note)
    _set_rights_state(submission, rights_status=RightsStatus.DECLINED)
    return record


@transaction.atomic
def record_revocation(submission, *, method, request=None, note=""):
    """Revoke consent: the submission stops being displayable at once."""
    record = _append(submission, ConsentAction.REVOKE, method, request, note)
    _set_rights_state(
        submission,
        rights_status=RightsStatus.REVOKED,
        withdrawn_at=submission.withdrawn_at or timezone.now(),
    )
    return record


def record_rewards(awards, *, recorded_by=None):
    """Append which reward code went to which submission: ``awards`` is ``[(submission, code)]``.

    One insert for all; the rights state does not change. The submissions'
    creators should be fetched with them (``select_related("creator")``).
    """
    records = []
    for submission, code in awards:
        creator = submission.creator
        records.append(
            ConsentRecord(
                submission=submission,
                creator=creator,
                subject_hash=subject_hash(creator.email) if creator else "",
                action=ConsentAction.REWARD,
                method=ConsentMethod.APPROVAL,
                reward_code=code,
                recorded_by=recorded_by,
                note=f"…{code.code_hint}",
            )
        )
    return ConsentRecord.objects.bulk_create(records)


@transaction.atomic
def record_credit(submission, *, method, credit_line, credit_url="", request=None):
    """Append the creator's new credit to the ledger and make it the submission's credit.

    The credit is part of what the creator agreed to (invariant 4 in
    docs/architecture.md), so a change is evidence like a grant. The content
    changes on the row and in any unpublished draft together, and the change
    is announced: the pages showing it are purged from the caches.
    """
    record = _append(
        submission,
        ConsentAction.CREDIT,
        method,
        request,
        "",
        credit_line=credit_line,
        credit_url=credit_url,
    )
    submission.change_content(credit_line=credit_line, credit_url=credit_url)
    announce_change(submission.pk)
    return record


def _append(submission, action, method, request, note, **fields):
    creator = submission.creator
    return ConsentRecord.objects.create(
        submission=submission,
        creator=creator,
        subject_hash=subject_hash(creator.email) if creator else "",
        action=action,
        method=method,
        note=note,
        **fields,
        **network_evidence(request),
    )


def _set_rights_state(submission, **fields):
    # A plain UPDATE: rights state is not revisioned content (see
    # Submission.editable_fields), and saving the object could write stale
    # values read before a concurrent change.
    Submission.objects.filter(pk=submission.pk).update(**fields)
    for name, value in fields.items():
        setattr(submission, name, value)
    # Every change of rights may change what is displayable: publication
    # reconciles the public files once this commits.
    announce_change(submission.pk)

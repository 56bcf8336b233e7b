"""Export everything held about a creator (GDPR access request): one zip of JSON and media."""

import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from ..hashing import subject_hash
from ..models import ConsentRecord, Creator, RewardCode
from ..models.rewards import InvalidToken
from .erasure import submissions_of

SUBMISSION_FIELDS = (
    "uuid",
    "kind",
    "text",
    "rating",
    "video_url",
    "credit_line",
    "credit_url",
    "locale",
    "source",
    "source_url",
    "moderation_status",
    "rejection_reason",
    "rights_status",
    "consent_scopes",
    "licence",
    "rights_expires_at",
    "withdrawn_at",
    "submitted_at",
)
CONSENT_FIELDS = (
    "uuid",
    "action",
    "method",
    "terms_version",
    "terms_language",
    "terms_sha256",
    "scopes",
    "licence",
    "credit_line",
    "credit_url",
    "file_sha256s",
    "age_confirmed",
    "people_shown_consented",
    "ip_hash",
    "user_agent",
    "note",
    "expires_at",
    "created_at",
)


def _fields(obj, names):
    return {name: getattr(obj, name) for name in names}


def creator_data(email):
    """Everything held about ``email`` as plain data, with the media files to include."""
    email = email.strip().lower()
    creator = Creator.objects.filter(email=email).first()
    submissions = list(
        submissions_of(email, creator)
        .select_related("campaign")
        .prefetch_related("photos", "rights_requests", "tags")
    )
    records = ConsentRecord.objects.filter(subject_hash=subject_hash(email))
    if creator:
        records |= ConsentRecord.objects.filter(creator=creator)
    records |= ConsentRecord.objects.filter(submission__in=submissions)
    files = []
    data = {
        "exported_at": timezone.now(),
        "email": email,
        "creator": _fields(creator, ("email", "name", "language", "created_at"))
        if creator
        else None,
        "submissions": [],
        "consents": [],
    }
    by_pk = {}
    for submission in submissions:
        item = _fields(submission, SUBMISSION_FIELDS)
        item["campaign"] = submission.campaign.title if submission.campaign else None
        item["tags"] = [tag.name for tag in submission.tags.all()]
        item["photos"] = []
        for photo in submission.photos.all():
            entry = {"uuid": photo.uuid, "alt_text": photo.alt_text, "files": []}
            for kind in ("incoming", "master", "preview"):
                field = getattr(photo, kind)
                if field:
                    path = f"media/{submission.uuid}/{photo.uuid}-{kind}"
                    entry["files"].append(path)
                    files.append((path, field))
            item["photos"].append(entry)
        item["rights_requests"] = [
            _fields(
                r, ("status", "sent_to", "created_at", "expires_at", "responded_at")
            )
            for r in submission.rights_requests.all()
        ]
        item["reward_codes"] = by_pk[submission.pk] = []
        data["submissions"].append(item)
    for code in RewardCode.objects.filter(submission__in=submissions).select_related(
        "campaign"
    ):
        try:
            plain = code.code
        except InvalidToken:
            plain = None  # No key in use decrypts it (docs/rewards.md, "Keys").
        by_pk[code.submission_id].append(
            {
                "code": plain,
                "campaign": code.campaign.title,
                "handed_out_at": code.assigned_at,
                "emailed_at": code.sent_at,
            }
        )
    for record in records.distinct().order_by("created_at", "pk"):
        entry = _fields(record, CONSENT_FIELDS)
        entry["submission"] = record.submission.uuid if record.submission else None
        if record.evidence:
            path = f"evidence/{record.uuid}"
            entry["evidence"] = path
            files.append((path, record.evidence))
        data["consents"].append(entry)
    return data, files


def export_creator(email, destination):
    """Write the zip to ``destination`` (a path or a binary file); return the data."""
    data, files = creator_data(email)
    with zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json",
            json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        )
        for path, field in files:
            try:
                with field.storage.open(field.name, "rb") as handle:
                    archive.writestr(path, handle.read())
            except FileNotFoundError:
                continue
    return data


def export_creator_bytes(email):
    buffer = io.BytesIO()
    data = export_creator(email, buffer)
    return buffer.getvalue(), data

"""GDPR: a creator's data can be exported, and erased leaving only a hashed proof of consent."""

import json
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import RequestFactory

from wagtail_ugc.hashing import subject_hash
from wagtail_ugc.models import ConsentRecord, Creator, Submission
from wagtail_ugc.models.choices import ConsentMethod, Kind, Licence
from wagtail_ugc.models.ledger import record_grant
from wagtail_ugc.rights.erasure import erase_creator
from wagtail_ugc.rights.requests import request_rights
from wagtail_ugc.rights.revocation import withdraw

from ..factories import CreatorFactory, SubmissionFactory, displayable_submission
from .helpers import add_photo, files_under, published_photo_submission

pytestmark = pytest.mark.django_db

EMAIL = "ana.lind@example.org"
NAME = "Ana Lindqvist"
CREDIT = "@ana.outdoors.unique"
CAPTION = "Sunrise above Kebnekaise with my tent"


def creator_with_everything(moderator):
    """A creator with a published photo, a withdrawn review, a rights request and evidence."""
    creator = CreatorFactory(email=EMAIL, name=NAME, language="sv")
    request = RequestFactory().post(
        "/", REMOTE_ADDR="203.0.113.50", HTTP_USER_AGENT="AnaPhone/9"
    )
    photo_submission = published_photo_submission(
        creator=creator, credit_line=CREDIT, text=CAPTION
    )
    photo_submission.save_revision(user=moderator)
    record_grant(
        photo_submission,
        method=ConsentMethod.FORM,
        licence=Licence.SITE_DISPLAY,
        credit_line=CREDIT,
        terms=photo_submission.campaign.current_terms,
        request=request,
    )
    review = displayable_submission(creator=creator, credit_line=CREDIT, text=CAPTION)
    withdraw(review, request=request)
    found = SubmissionFactory(
        kind=Kind.PHOTO, creator=creator, credit_line=CREDIT, text=CAPTION
    )
    add_photo(found)
    request_rights(found)
    record = record_grant(
        found,
        method=ConsentMethod.EDITOR,
        licence=Licence.SITE_DISPLAY,
        credit_line=CREDIT,
        recorded_by=moderator,
        evidence=ContentFile(b"From: ana.lind@example.org\nYes!", name="mail.eml"),
    )
    return creator, [photo_submission, review, found], record


def sent_through_the_form(campaign, django_capture_on_commit_callbacks):
    """A photo sent through intake's real path: processing, moderation workflow, rules."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from wagtail_ugc.intake.services import create_submission

    from ..images import jpeg_bytes

    with django_capture_on_commit_callbacks(execute=True):
        submission = create_submission(
            campaign=campaign,
            kind=Kind.PHOTO,
            name=NAME,
            email=EMAIL,
            text=CAPTION,
            credit_line=CREDIT,
            age_confirmed=True,
            people_shown_consented=True,
            uploads=[SimpleUploadedFile("IMG_0001.jpg", jpeg_bytes(), "image/jpeg")],
            formats=["jpeg"],
            request=RequestFactory().post(
                "/", REMOTE_ADDR="203.0.113.50", HTTP_USER_AGENT="AnaPhone/9"
            ),
        )
    submission.refresh_from_db()
    return submission


def file_names(submissions, evidence_record):
    names = [Path(evidence_record.evidence.name).name]
    for submission in submissions:
        for photo in submission.photos.all():
            for field in (photo.incoming, photo.master, photo.preview):
                if field:
                    names.append(Path(field.name).name)
            if photo.image:
                names.append(Path(photo.image.file.name).name)
    return names


def database_text():
    """Every value of every table, as text: the place personal data would hide."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                chunks.append(f"{table}: " + " | ".join(str(value) for value in row))
    return "\n".join(chunks)


def test_erasure_leaves_no_file_and_no_personal_field(
    isolated_storage, moderator, django_capture_on_commit_callbacks
):
    creator, submissions, evidence = creator_with_everything(moderator)
    from_form = sent_through_the_form(
        submissions[0].campaign, django_capture_on_commit_callbacks
    )
    assert from_form.photos.get().master
    submissions.append(from_form)
    names = file_names(submissions, evidence)
    assert len(names) >= 5
    stored = [p.name for p in files_under(isolated_storage)]
    assert all(name in stored for name in names)
    before = database_text()
    assert EMAIL in before and CREDIT in before and CAPTION in before

    with django_capture_on_commit_callbacks(execute=True):
        call_command("ugc_erase_creator", EMAIL, "--yes", stdout=StringIO())

    assert files_under(isolated_storage / "media") == []
    assert files_under(isolated_storage / "ugc_private") == []
    text = database_text()
    for personal in (EMAIL, NAME, CREDIT, CAPTION, "AnaPhone", *names):
        leftovers = [line[:200] for line in text.splitlines() if personal in line]
        assert leftovers == [], personal
    assert not Creator.objects.exists() and not Submission.objects.exists()
    assert ConsentRecord.objects.filter(subject_hash=subject_hash(EMAIL)).count() == 4


def test_erasure_keeps_a_hashed_proof_of_consent(moderator):
    creator, submissions, _evidence = creator_with_everything(moderator)
    terms_hash = submissions[0].campaign.current_terms.sha256
    erase_creator(EMAIL)
    records = list(ConsentRecord.objects.all())
    assert records
    assert {r.subject_hash for r in records} == {subject_hash(EMAIL)}
    assert terms_hash in {r.terms_sha256 for r in records}
    for record in records:
        assert record.submission_id is None and record.creator_id is None
        assert (record.credit_line, record.ip_hash, record.user_agent) == ("", "", "")
        assert not record.evidence


def test_erasure_leaves_other_creators_alone(moderator):
    creator_with_everything(moderator)
    other = displayable_submission(credit_line="Bo")
    erase_creator(EMAIL)
    assert list(Submission.objects.values_list("pk", flat=True)) == [other.pk]


def test_the_erase_command_refuses_a_bad_address():
    with pytest.raises(CommandError):
        call_command("ugc_erase_creator", "not-an-address", "--yes")


def test_export_writes_a_zip_with_json_and_media(tmp_path, moderator):
    creator, submissions, evidence = creator_with_everything(moderator)
    target = tmp_path / "export.zip"
    out = StringIO()
    call_command("ugc_export_creator", EMAIL, "--output", str(target), stdout=out)
    assert "3 submission(s)" in out.getvalue()
    with zipfile.ZipFile(target) as archive:
        data = json.loads(archive.read("data.json"))
        names = archive.namelist()
        assert data["creator"]["email"] == EMAIL
        assert data["creator"]["name"] == NAME
        assert {s["text"] for s in data["submissions"]} == {CAPTION}
        assert any(c["user_agent"] == "AnaPhone/9" for c in data["consents"])
        assert any(
            r["sent_to"] == EMAIL
            for s in data["submissions"]
            for r in s["rights_requests"]
        )
        media = [name for name in names if name.startswith("media/")]
        assert len(media) == sum(
            len(p["files"]) for s in data["submissions"] for p in s["photos"]
        )
        assert media
        assert archive.read(media[0])[:2] == b"\xff\xd8"  # a JPEG
        assert any(name.startswith("evidence/") for name in names)

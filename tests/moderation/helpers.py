"""Submissions ready for moderation, made the way intake hands them over (the submission_ready signal)."""

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from wagtail_ugc.models import Submission, SubmissionPhoto
from wagtail_ugc.models.choices import SITE_SCOPE, Kind, Licence, RightsStatus
from wagtail_ugc.signals import submission_ready

from ..factories import SubmissionFactory
from ..images import jpeg_bytes


def pending_submission(
    *, kind=Kind.PHOTO, rights=True, alt_text="A tent by a lake", photos=1, **kwargs
):
    """A submission intake has finished: in the workflow, awaiting a moderator."""
    fields = {"kind": kind, "live": False}
    if rights:
        fields.update(
            rights_status=RightsStatus.GRANTED,
            consent_scopes=[SITE_SCOPE],
            licence=Licence.SITE_DISPLAY,
        )
    if kind != Kind.REVIEW:
        fields["rating"] = None
    fields.update(kwargs)
    submission = SubmissionFactory(**fields)
    if kind == Kind.PHOTO:
        for index in range(photos):
            add_photo(submission, alt_text=alt_text, sort_order=index)
    submission_ready.send(sender=Submission, submission=submission)
    submission.refresh_from_db()
    return submission


def add_photo(submission, *, alt_text="", sort_order=0, width=900, height=700):
    photo = SubmissionPhoto(
        submission=submission,
        received_sha256="0" * 64,
        alt_text=alt_text,
        sort_order=sort_order,
        width=width,
        height=height,
    )
    data = jpeg_bytes(width, height)
    photo.master.save("master.jpg", ContentFile(data), save=False)
    photo.preview.save("preview.jpg", ContentFile(jpeg_bytes(320, 240)), save=False)
    photo.save()
    return photo


def make_moderator(django_user_model, username="mira"):
    """A user in the "UGC moderators" group the data migration created."""
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.com", password="pw"
    )
    user.groups.add(Group.objects.get(name="UGC moderators"))
    return django_user_model.objects.get(pk=user.pk)


def run_worker(backend):
    """Run the held tasks in order, as a worker would; their names."""
    results = list(backend.results)
    backend.clear()
    for result in results:
        result.task.call(*result.args, **result.kwargs)
    return [result.task.name for result in results]

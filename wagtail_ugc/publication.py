"""Publication: a displayable submission has public files; nothing else has any (invariant 2).

``publish_public_files`` copies each photo's sanitised master into a public
``UGCImage`` and makes the gallery renditions up front, so no visitor waits
for them. ``remove_public_files`` deletes those images, their renditions and
their files; every stage that makes a submission undisplayable calls it.
"""

import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django_tasks import task

from .models import Submission, SubmissionPhoto, UGCImage
from .storage import private_storage

#: Exactly the renditions the display templates use (tiles in AVIF, WebP and
#: JPEG at two widths, and the enlarged view); made at publication so no
#: visitor waits. Kept equal to display.loading.DISPLAY_RENDITION_SPECS.
PUBLIC_RENDITION_SPECS = (
    "width-400|format-avif",
    "width-400|format-webp",
    "width-400|format-jpeg",
    "width-800|format-avif",
    "width-800|format-webp",
    "width-800|format-jpeg",
    "max-1600x1600|format-webp",
)


def publish_public_files(submission):
    """Give a displayable submission its public images and renditions."""
    if not submission.is_displayable():
        remove_public_files(submission)
        return []
    photos = submission.photos.filter(image__isnull=True).exclude(master="")
    for photo in photos:
        with private_storage.open(photo.master.name) as master:
            data = master.read()
        image = UGCImage(
            title=f"UGC photo {photo.uuid}",
            file=ContentFile(data, name=f"{uuid.uuid4().hex}.jpg"),
        )
        image.save()
        SubmissionPhoto.objects.filter(pk=photo.pk).update(image=image)
    images = list(UGCImage.objects.filter(photo__submission=submission))
    for image in images:
        image.get_renditions(*PUBLIC_RENDITION_SPECS)
    # Withdrawn or unpublished while the files were being made: take them down.
    if not submission.is_displayable():
        remove_public_files(submission)
        return []
    return images


def remove_public_files(submission):
    """Delete the public images, renditions and files of a submission, at once."""
    images = list(
        UGCImage.objects.filter(photo__submission_id=submission.pk).prefetch_related(
            "renditions"
        )
    )
    files = []
    for image in images:
        files.append(image.file)
        files.extend(rendition.file for rendition in image.renditions.all())
    with transaction.atomic():
        SubmissionPhoto.objects.filter(image__in=images).update(image=None)
        UGCImage.objects.filter(pk__in=[image.pk for image in images]).delete()
    for file in files:
        file.storage.delete(file.name)
    return len(images)


@task()
def publish_public_files_task(submission_id):
    submission = Submission.objects.filter(pk=submission_id).first()
    if submission is not None:
        publish_public_files(submission)

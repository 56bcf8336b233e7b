"""Publication: public files exist if and only if a submission is displayable (docs/architecture.md, invariant 2).

Stages never make or delete public files themselves: they change their own
state and announce it (``signals.announce_change``); ``reconcile`` then makes
the public files match the displayable rule. Every path goes through it:
approval, rejection, publish and unpublish (any user, any view), withdrawal,
rights granted or expired, erasure, and a photo deleted in the editor.

* A displayable submission's sanitised masters are copied into public
  ``UGCImage``s, with exactly the renditions the display templates use, made
  in the background so no visitor waits (``publish_public_files_task``). Its
  photos get them all at once, only when every file is made, so a process
  killed half-way leaves nothing half-published; the sweep publishes such an
  item again.
* Every public file carries its submission's licensing metadata (credit,
  licence, the creator's choice about AI training: ``licensing``). When any
  of those changes on a live item, its images are made again with the new
  metadata under new names, and the old ones deleted.
* Anything else loses its public images, renditions and files at once, in the
  request that made the change.
* A deleted photo takes every file it had with it, public and private.
* Where a task worker runs, a licence's end is scheduled as a task at that
  instant; the periodic ``sweep`` catches the rest, and also removes any file
  no row refers to.
* The pages that show a submission are purged from the page cache and CDN
  (``cache_purge``): as soon as it stops being displayable, and once its
  public files exist when it becomes so. Then, too, a photo's creator gets
  the approval e-mail, which lists those pages.
"""

import logging
import uuid
from datetime import timedelta
from functools import partial

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Exists, Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import task
from django_tasks.exceptions import InvalidTaskError
from wagtail.signals import published, unpublished

from .cache_purge import (
    purge_file_urls,
    purge_pages_showing,
    purge_pages_showing_later,
)
from .intake.uploads import remove_stale_uploads
from .licensing import embedded_xmp, jpeg_with_xmp, rights_of, xmp_packet
from .models import (
    Submission,
    SubmissionPhoto,
    UGCImage,
    UGCRendition,
    WebhookEvent,
)
from .models.choices import Kind
from .moderation.notifications import notify_creator_when_shown
from .rights.tasks import expire_licence_task, sweep_rights
from .signals import announce_change, announce_event, displayability_changed
from .storage import PUBLIC_FOLDER, private_storage

logger = logging.getLogger(__name__)

#: The tile renditions, in the order ``{% picture %}`` expands
#: ``width-{400,800} format-{avif,webp,jpeg}`` in the item templates.
TILE_WIDTHS = (400, 800)
TILE_FORMATS = ("avif", "webp", "jpeg")
TILE_SPECS = tuple(
    f"width-{width}|format-{fmt}" for width in TILE_WIDTHS for fmt in TILE_FORMATS
)
#: The large view behind each tile: the lightbox, or the link with JS off.
FULL_SPEC = "max-1600x1600|format-webp"
#: Every rendition the display templates use: made at publication, prefetched
#: by galleries. The one definition of them.
RENDITION_SPECS = (*TILE_SPECS, FULL_SPEC)

#: Where public UGC files live in the default storage (see models.images).
PUBLIC_FOLDERS = (PUBLIC_FOLDER, f"{PUBLIC_FOLDER}/renditions")
#: Where the private storage keeps photos (see models.submissions).
PRIVATE_PHOTO_FOLDERS = ("incoming", "masters", "previews")
#: Files younger than this are left alone by the sweep: they may belong to an
#: upload or a publication whose row is not committed yet.
STRAY_FILE_GRACE = timedelta(hours=1)


def reconcile(submission_id):
    """Make the public files of ``submission_id`` match the displayable rule.

    Undisplayable: its public files go now. Displayable: once the change
    commits, its public files are made in the background and its licence's
    end is scheduled.
    """
    submission = (
        Submission.objects.filter(pk=submission_id)
        .annotate(
            shown=Exists(Submission.objects.displayable().filter(pk=submission_id))
        )
        .first()
    )
    if submission is None:
        # Deleted: its photos took their files with them (see below).
        remove_orphaned_images()
        return
    if not submission.shown:  # The displayable rule, in the same query.
        remove_public_files(submission)
        return
    if submission.kind != Kind.PHOTO:
        # Shown as soon as this commits: nothing to make (photos: _give_images).
        announce_event(WebhookEvent.PUBLISHED, submission)
    # The worker must see the change committed before it makes files.
    transaction.on_commit(partial(_publish_later, submission))


def _publish_later(submission):
    if submission.kind == Kind.PHOTO:
        publish_public_files_task.enqueue(submission.pk)
    else:
        # Nothing to make: the pages that show it can change now.
        purge_pages_showing_later(submission)
    schedule_licence_end(submission)


@receiver(displayability_changed)
def reconcile_on_change(sender, submission_id, **kwargs):
    reconcile(submission_id)


@receiver(published, sender=Submission)
@receiver(unpublished, sender=Submission)
def announce_publish_state(sender, instance, **kwargs):
    # Publishing is never an approval (only moderation.actions approves), but
    # it changes what is live, so the public files are reconciled.
    announce_change(instance.pk)


@receiver(post_delete, sender=Submission)
def announce_deletion(sender, instance, **kwargs):
    announce_change(instance.pk)


@receiver(post_delete, sender=SubmissionPhoto)
def delete_photo_files(sender, instance, **kwargs):
    """A photo deleted anywhere (the editor, erasure, retention) takes all its files with it."""
    private_names = [
        field.name
        for field in (instance.incoming, instance.master, instance.preview)
        if field
    ]
    image_id = instance.image_id

    if image_id is not None:
        delete_images(UGCImage.objects.filter(pk=image_id))
    # Private files only once the deletion commits: a rolled-back edit must
    # not lose the creator's photo.
    transaction.on_commit(partial(_delete_private_files, private_names))


def _delete_private_files(names):
    for name in names:
        private_storage.delete(name)


def publish_public_files(submission):
    """Give a displayable submission its public images and renditions; return the images.

    Each image is made with all its renditions before any photo gets it; the
    photos then get theirs together (``_give_images``). A process killed
    before that leaves images no photo has, which no page shows and the
    sweep deletes (``remove_orphaned_images``), and the sweep publishes the
    submission again (``publish_incomplete``). A photo whose image carries
    outdated licensing metadata (a new credit, licence or AI-training choice)
    gets a new image the same way, and its old one is deleted.
    """
    if not submission.is_displayable():
        remove_public_files(submission)
        return []
    rights = rights_of(submission)
    xmp = xmp_packet(rights)
    made = {}
    try:
        for photo in submission.photos.exclude(master="").select_related("image"):
            if photo.image is None or not _carries(photo.image, xmp):
                made[photo.pk] = (photo.image_id, _make_public_image(photo, rights))
    except BaseException:
        delete_images(
            UGCImage.objects.filter(pk__in=[new.pk for _old, new in made.values()])
        )
        raise
    if made and not _give_images(submission, made):
        return []
    images = list(UGCImage.objects.filter(photo__submission=submission))
    for image in images:
        # Given by an earlier publication: make any rendition it lacks.
        image.get_renditions(*RENDITION_SPECS)
    return images


IMAGE_TITLE_PREFIX = "UGC photo "


def image_title(photo_uuid):
    """A public image's title names its photo, so an image not given yet can be told apart."""
    return f"{IMAGE_TITLE_PREFIX}{photo_uuid}"


def photo_uuid_of(title):
    """The photo an image was made for, from its title; ``None`` if it names none."""
    try:
        return uuid.UUID(title.removeprefix(IMAGE_TITLE_PREFIX))
    except ValueError:
        return None


def _carries(image, xmp):
    """Whether ``image``'s file carries exactly ``xmp`` (images made before it was added do not)."""
    try:
        return embedded_xmp(image.file) == xmp
    except (OSError, ValueError):
        return False  # Missing or unreadable: made again.


def _make_public_image(photo, rights):
    with private_storage.open(photo.master.name) as master:
        data = master.read()
    image = UGCImage(
        title=image_title(photo.uuid),
        file=ContentFile(
            jpeg_with_xmp(data, xmp_packet(rights)), name=f"{uuid.uuid4().hex}.jpg"
        ),
    )
    image.file_rights = rights
    image.save()
    image.get_renditions(*RENDITION_SPECS)
    return image


def _give_images(submission, made):
    """Give each photo the image made for it ({photo pk: (its old image's pk, image)}), in one transaction.

    Only while the submission is still displayable: whatever stops it being
    so writes its row, so with the row locked here such a change either
    waits for this one (and then removes the files) or is seen here. An
    image replaced goes, with its files. Returns whether the photos got
    their images.
    """
    unused = []
    newly_shown = False
    with transaction.atomic():
        list(
            Submission.objects.select_for_update()
            .filter(pk=submission.pk)
            .values_list("pk")
        )
        displayable = submission.is_displayable()
        for photo_pk, (old_image_pk, image) in made.items():
            given = displayable and SubmissionPhoto.objects.filter(
                pk=photo_pk, image=old_image_pk
            ).update(image=image)
            # Not given: withdrawn meanwhile, the photo deleted, or published
            # by a second worker first.
            unused.append(old_image_pk if given else image.pk)
            newly_shown = newly_shown or (given and old_image_pk is None)
        delete_images(UGCImage.objects.filter(pk__in=unused))
        if newly_shown:
            announce_event(WebhookEvent.PUBLISHED, submission)
    return displayable


def remove_public_files(submission):
    """Delete the public images, renditions and files of a submission, at once."""
    return delete_images(UGCImage.objects.filter(photo__submission_id=submission.pk))


def remove_orphaned_images(now=None):
    """Delete public images no photo has, except those a publication may still be making.

    An image is made before its photo gets it (``publish_public_files``),
    also when it replaces the photo's image: one made in the last
    ``STRAY_FILE_GRACE`` for a photo of a displayable submission, and made
    after that photo's current image, is left alone. Any other was left by a
    deleted photo, a withdrawal or a killed process.
    """
    now = now or timezone.now()
    orphans = UGCImage.objects.filter(photo__isnull=True)
    recent = list(
        orphans.filter(created_at__gt=now - STRAY_FILE_GRACE).only(
            "title", "created_at"
        )
    )
    current_image_made = dict(
        SubmissionPhoto.objects.filter(
            submission__in=Submission.objects.displayable(now).values("pk"),
            uuid__in=[photo_uuid_of(image.title) for image in recent],
        ).values_list("uuid", "image__created_at")
    )
    being_made = []
    for image in recent:
        photo_uuid = photo_uuid_of(image.title)
        if photo_uuid not in current_image_made:
            continue  # Its photo is gone or no longer displayable.
        made = current_image_made[photo_uuid]
        if made is None or image.created_at > made:
            being_made.append(image.pk)
    return delete_images(orphans.exclude(pk__in=being_made))


def delete_images(images):
    """Delete ``images`` (a queryset of UGCImage), their renditions and all their files."""
    images = list(images.prefetch_related("renditions"))
    if not images:
        return 0
    files = []
    for image in images:
        files.append(image.file)
        files.extend(rendition.file for rendition in image.renditions.all())
    with transaction.atomic():
        SubmissionPhoto.objects.filter(image__in=images).update(image=None)
        UGCImage.objects.filter(pk__in=[image.pk for image in images]).delete()
    # The rows go with the change; the files once it commits, so a change
    # that rolls back keeps rows and files together.
    transaction.on_commit(partial(_delete_files, files))
    transaction.on_commit(partial(purge_file_urls, files))
    return len(images)


def _delete_files(files):
    for file in files:
        file.storage.delete(file.name)


def schedule_licence_end(submission):
    """Where a worker runs, end a displayable licence at its expiry instant, not at the next sweep."""
    expires_at = submission.rights_expires_at
    if expires_at is None or expires_at <= timezone.now():
        return
    try:
        expire_licence_task.using(run_after=expires_at).enqueue(submission.pk)
    except InvalidTaskError:
        # The backend cannot defer (the immediate one): the displayable rule
        # hides the item from that instant, and the sweep removes its files.
        pass


def sweep(now=None):
    """The periodic safety net: the rights sweep, then every file reconciled with the rows."""
    summary = sweep_rights(now)
    summary.update(remove_stray_files(now))
    summary["publications_redone"] = publish_incomplete(now)
    return summary


def publish_incomplete(now=None):
    """Queue publication again for displayable photos without their public image or a rendition.

    What a publication killed half-way (a worker or web process killed, its
    task lost) left undone. Returns how many submissions were queued.
    """
    made = Count(
        "renditions__filter_spec",
        filter=Q(renditions__filter_spec__in=RENDITION_SPECS),
        distinct=True,
    )
    lacking = UGCImage.objects.annotate(made=made).filter(made__lt=len(RENDITION_SPECS))
    photos = SubmissionPhoto.objects.exclude(master="").filter(
        Q(image__isnull=True) | Q(image__in=lacking.values("pk"))
    )
    ids = list(
        Submission.objects.displayable(now)
        .filter(kind=Kind.PHOTO, pk__in=photos.values("submission_id"))
        .values_list("pk", flat=True)
    )
    for submission_id in ids:
        publish_public_files_task.enqueue(submission_id)
    return len(ids)


def remove_stray_files(now=None):
    """Remove public files of anything not displayable, files no row refers to, stale uploads."""
    now = now or timezone.now()
    undisplayable = (
        Submission.objects.filter(photos__image__isnull=False)
        .exclude(pk__in=Submission.objects.displayable(now).values("pk"))
        .distinct()
    )
    public_images = sum(remove_public_files(s) for s in undisplayable)
    public_images += remove_orphaned_images(now)
    return {
        "stray_public_images_removed": public_images,
        "stray_public_files_removed": _remove_unreferenced(
            default_storage, PUBLIC_FOLDERS, _public_file_names(), now
        ),
        "stray_private_files_removed": _remove_unreferenced(
            private_storage, PRIVATE_PHOTO_FOLDERS, _private_file_names(), now
        ),
        "stale_upload_files_removed": remove_stale_uploads(now),
    }


def _public_file_names():
    return set(UGCImage.objects.values_list("file", flat=True)) | set(
        UGCRendition.objects.values_list("file", flat=True)
    )


def _private_file_names():
    names = set()
    for row in SubmissionPhoto.objects.values_list("incoming", "master", "preview"):
        names.update(row)
    return names


def _remove_unreferenced(storage, folders, referenced, now):
    removed = 0
    for folder in folders:
        try:
            _dirs, files = storage.listdir(folder)
        except FileNotFoundError:
            continue
        for filename in files:
            name = f"{folder}/{filename}"
            if name in referenced:
                continue
            try:
                if now - storage.get_modified_time(name) < STRAY_FILE_GRACE:
                    continue
            except (NotImplementedError, FileNotFoundError):
                continue
            storage.delete(name)
            removed += 1
    if removed:
        logger.warning("Removed %d files no row refers to from %s", removed, folders)
    return removed


@task()
def publish_public_files_task(submission_id):
    submission = Submission.objects.filter(pk=submission_id).first()
    if submission is not None and publish_public_files(submission):
        # Only now can the pages that show it show its image, and can the
        # approval e-mail say which pages those are.
        purge_pages_showing(submission)
        notify_creator_when_shown(submission)


@task()
def sweep_task():
    return sweep()

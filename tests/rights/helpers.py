"""Helpers for the rights tests: photos with real private files, public files on disk."""

from pathlib import Path

from django.core.files.base import ContentFile

from wagtail_ugc.models import SubmissionPhoto
from wagtail_ugc.publication import publish_public_files

from ..images import jpeg_bytes


def add_photo(submission, *, preview=True):
    photo = SubmissionPhoto(submission=submission, received_sha256="0" * 64)
    data = jpeg_bytes(900, 700)
    photo.master.save("x.jpg", ContentFile(data), save=False)
    if preview:
        photo.preview.save("x.jpg", ContentFile(data), save=False)
    photo.save()
    return photo


def published_photo_submission(**kwargs):
    from wagtail_ugc.models.choices import Kind

    from ..factories import displayable_submission

    submission = displayable_submission(kind=Kind.PHOTO, **kwargs)
    add_photo(submission)
    publish_public_files(submission)
    return submission


def files_under(folder):
    return sorted(p for p in Path(folder).rglob("*") if p.is_file())


def public_files(settings):
    return files_under(settings.MEDIA_ROOT)


def page_with_blocks(*blocks, slug="ugc-test"):
    """A published content page of the example site whose body is the given (type, raw value) blocks."""
    from demo.content.site import ensure_home
    from home.models import ContentPage
    from wagtail.models import Page

    home = Page.objects.get(pk=ensure_home().pk)
    page = ContentPage(title=f"Page {slug}", slug=slug)
    page.body = [(name, value) for name, value in blocks]
    home.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def gallery(**options):
    from wagtail_ugc.display.blocks import UGCGalleryBlock

    raw = {"source": "all", "kinds": ["photo", "video"], **options}
    if "items" in raw:
        raw["items"] = [submission.pk for submission in raw["items"]]
    if raw.get("campaign"):
        raw["campaign"] = raw["campaign"].pk
    return ("ugc_gallery", UGCGalleryBlock().to_python(raw))


def featured(submission):
    from wagtail_ugc.display.blocks import UGCFeaturedBlock

    return (
        "ugc_featured",
        UGCFeaturedBlock().to_python({"submission": submission.pk}),
    )

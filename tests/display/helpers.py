"""Displayable UGC with real public files, and pages that show it, for the display tests."""

from django.core.files.base import ContentFile
from django.test import RequestFactory

from wagtail_ugc.models import SubmissionPhoto
from wagtail_ugc.models.choices import Kind
from wagtail_ugc.publication import publish_public_files

from ..factories import displayable_submission
from ..images import jpeg_bytes


def photo_submission(*, photos=1, alt_text="A green tent by a lake", **kwargs):
    """An approved, published, rights-granted photo submission with its public files made."""
    kwargs.setdefault("text", "Morning at the lake")
    submission = displayable_submission(kind=Kind.PHOTO, **kwargs)
    for n in range(photos):
        photo = SubmissionPhoto(
            submission=submission,
            received_sha256=f"{n:064d}",
            alt_text=alt_text,
            sort_order=n,
        )
        photo.master.save("x.jpg", ContentFile(jpeg_bytes(160, 120)), save=False)
        photo.save()
    publish_public_files(submission)
    return submission


def review_submission(rating=5, **kwargs):
    return displayable_submission(kind=Kind.REVIEW, rating=rating, **kwargs)


def video_submission(**kwargs):
    kwargs.setdefault("video_url", "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    kwargs.setdefault("video_provider", "youtube")
    kwargs.setdefault("text", "Packing the tent in 40 seconds")
    return displayable_submission(kind=Kind.VIDEO, rating=None, **kwargs)


def gallery_page(*blocks, slug="gallery-test"):
    """A published content page whose body is the given (type, value) blocks."""
    from demo.content.site import ensure_home
    from home.models import ContentPage
    from wagtail.models import Page

    home = Page.objects.get(pk=ensure_home().pk)
    page = ContentPage(title="Our customers", slug=slug, body=list(blocks))
    home.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def gallery_value(**options):
    from wagtail_ugc.display.blocks import UGCGalleryBlock

    block = UGCGalleryBlock()
    raw = {"source": "all", "kinds": ["photo", "video"], **options}
    if "items" in raw:
        raw["items"] = [submission.pk for submission in raw["items"]]
    if raw.get("campaign"):
        raw["campaign"] = raw["campaign"].pk
    return block, block.to_python(raw)


def render_block(block, value, page=None, path="/gallery-test/", **params):
    request = RequestFactory().get(path, params)
    return block.render(value, context={"page": page, "request": request, "id": "b1"})

"""Submissions with real photo files on the private storage, for the rule tests."""

import hashlib
import io
import random

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFilter

from wagtail_ugc.models import SubmissionPhoto
from wagtail_ugc.models.choices import Kind

from ..factories import SubmissionFactory


def detailed_picture(width=1200, height=900, seed=1):
    """A busy, sharp picture (many coloured blocks): what a real photo looks like to the rules."""
    rng = random.Random(seed)
    image = Image.new("RGB", (width, height), (120, 130, 140))
    draw = ImageDraw.Draw(image)
    for _ in range(400):
        x, y, size = rng.randrange(width), rng.randrange(height), rng.randrange(5, 80)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.rectangle((x, y, x + size, y + size), fill=colour)
    return image


def blurred(image, radius=6):
    return image.filter(ImageFilter.GaussianBlur(radius))


def jpeg(image, quality=88):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def add_photo(submission, data, **fields):
    """Attach a photo whose sanitised master holds ``data``, as intake would leave it."""
    photo = SubmissionPhoto(
        submission=submission,
        received_sha256=hashlib.sha256(data).hexdigest(),
        received_bytes=len(data),
        **fields,
    )
    photo.master.save("master.jpg", ContentFile(data), save=False)
    photo.save()
    return photo


def photo_submission(*pictures, **fields):
    fields.setdefault("text", "")
    submission = SubmissionFactory(kind=Kind.PHOTO, rating=None, **fields)
    for data in pictures:
        add_photo(submission, data)
    return submission


def codes(flags):
    return sorted(flag.code for flag in flags)

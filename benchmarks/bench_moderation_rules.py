"""Cost of the intake rules on one new photo submission, against 0 and 10,000 earlier photos.

Earlier photos get random 64-bit perceptual hashes and text fingerprints
(real hashes cluster more, which makes slices less selective). The new
submission has one 2048×1536 JPEG master and a 40-word review, so every rule
runs. The duplicate search through indexed hash slices is also compared with
the obvious way: loading every earlier hash and comparing each in Python.
"""

import hashlib
import io
import random

from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image, ImageDraw

from benchmarks.harness import Row, median_seconds
from wagtail_ugc.models import (
    Campaign,
    Creator,
    DuplicateSearchKey,
    Submission,
    SubmissionFlag,
    SubmissionPhoto,
)
from wagtail_ugc.models.choices import Kind, ProcessingState
from wagtail_ugc.moderation.rules import apply_rules
from wagtail_ugc.moderation.rules.duplicates import (
    PHOTO_DISTANCE,
    exact_photo_matches,
    search_keys,
    similar_photos,
)
from wagtail_ugc.moderation.rules.images import hamming_distance

EARLIER_PHOTOS = 10_000
REPEAT = 10
REVIEW = (
    "We took the tent up to the lakes for a long weekend and it stood up to "
    "wind and rain on both nights; the porch fits two rucksacks and boots, "
    "and it packs down smaller than I expected for a three person tent."
)


def master_jpeg(seed):
    rng = random.Random(seed)
    image = Image.new("RGB", (2048, 1536), (120, 130, 140))
    draw = ImageDraw.Draw(image)
    for _ in range(600):
        x, y, size = rng.randrange(2048), rng.randrange(1536), rng.randrange(10, 160)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.rectangle((x, y, x + size, y + size), fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def earlier_photos(count, campaign, creator):
    rng = random.Random(42)
    submissions = Submission.objects.bulk_create(
        Submission(
            kind=Kind.PHOTO,
            campaign=campaign,
            creator=creator,
            text=f"Earlier photo {n}",
            processing_state=ProcessingState.READY,
            text_fingerprint=f"{rng.getrandbits(64):016x}",
        )
        for n in range(count)
    )
    photos = SubmissionPhoto.objects.bulk_create(
        SubmissionPhoto(
            submission=submission,
            received_sha256=hashlib.sha256(str(n).encode()).hexdigest(),
            perceptual_hash=f"{rng.getrandbits(64):016x}",
        )
        for n, submission in enumerate(submissions)
    )
    keys = []
    for photo in photos:
        keys += [
            DuplicateSearchKey(submission_id=photo.submission_id, photo=photo, key=k)
            for k in search_keys("p", photo.perceptual_hash, 2)
        ]
        keys += [
            DuplicateSearchKey(submission_id=photo.submission_id, key=k)
            for k in search_keys("t", photo.submission.text_fingerprint, 2)
        ]
    DuplicateSearchKey.objects.bulk_create(keys, batch_size=5000)
    if connection.vendor == "postgresql":
        # What autovacuum does after a bulk load: fresh statistics for the planner.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def new_submissions(count, campaign, creator, data):
    made = []
    for _ in range(count):
        submission = Submission.objects.create(
            kind=Kind.PHOTO,
            campaign=campaign,
            creator=creator,
            text=REVIEW,
            credit_line="Hiker",
            locale="en",
            processing_state=ProcessingState.READY,
        )
        photo = SubmissionPhoto(
            submission=submission,
            received_sha256=hashlib.sha256(data).hexdigest(),
        )
        photo.master.save("master.jpg", ContentFile(data), save=False)
        photo.save()
        made.append(submission)
    return made


def time_apply_rules(submissions):
    queue = list(submissions)
    return median_seconds(lambda: apply_rules(queue.pop()), repeat=REPEAT, warmup=1)


def naive_scan(photo):
    """The obvious way: every earlier hash through Python."""
    hashes = SubmissionPhoto.objects.exclude(
        submission_id=photo.submission_id
    ).values_list("perceptual_hash", flat=True)
    return [
        h
        for h in hashes
        if h and hamming_distance(photo.perceptual_hash, h) <= PHOTO_DISTANCE
    ]


def run():
    campaign = Campaign.objects.create(title="Bench", slug="bench-rules")
    creator = Creator.objects.create(email="bench@example.com", name="Bench")
    data = master_jpeg(1)
    empty = time_apply_rules(new_submissions(REPEAT + 1, campaign, creator, data))
    # The rules' own duplicates of the runs above must not count as earlier photos.
    Submission.objects.all().delete()
    earlier_photos(EARLIER_PHOTOS, campaign, creator)
    # Different bytes each time: no exact-duplicate short cut.
    full = time_apply_rules(
        new_submissions(REPEAT + 1, campaign, creator, master_jpeg(2))
    )
    probe = new_submissions(1, campaign, creator, master_jpeg(3))[0]
    apply_rules(probe)
    with CaptureQueriesContext(connection) as queries:
        apply_rules(new_submissions(1, campaign, creator, master_jpeg(4))[0])
    photo = probe.photos.get()
    photos = [photo]
    keyed = median_seconds(lambda: similar_photos(probe, photos, {}))
    exact = median_seconds(lambda: exact_photo_matches(probe, photos))
    scanned = median_seconds(lambda: naive_scan(photo))
    flags = SubmissionFlag.objects.count()
    SubmissionFlag.objects.all().delete()
    Submission.objects.all().delete()
    return [
        Row("moderation_rules", "apply_rules, 0 earlier photos", empty * 1000, "ms"),
        Row(
            "moderation_rules",
            f"apply_rules, {EARLIER_PHOTOS:,} earlier photos",
            full * 1000,
            "ms",
            baseline=empty * 1000,
            goal="close to 1x",
        ),
        Row(
            "moderation_rules",
            f"queries per apply_rules ({flags} flags in all)",
            len(queries),
            "queries",
        ),
        Row(
            "moderation_rules",
            f"duplicate photo search via slices, {EARLIER_PHOTOS:,} photos",
            keyed * 1000,
            "ms",
            baseline=scanned * 1000,
            goal="< 1x of a full scan",
        ),
        Row(
            "moderation_rules",
            f"duplicate photo search, full scan in Python, {EARLIER_PHOTOS:,} photos",
            scanned * 1000,
            "ms",
        ),
        Row(
            "moderation_rules",
            f"exact duplicate search (SHA-256), {EARLIER_PHOTOS:,} photos",
            exact * 1000,
            "ms",
        ),
    ]

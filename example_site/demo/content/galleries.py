"""Demo content for the galleries stage: approved, credited photos, a video link and reviews on /gallery/.

Everything is made the way the pipeline leaves it (a sanitised master on the
private storage, consent in the ledger, approved and published, then
publication of the public files), with generated sample photos, so the demo
needs no downloads. Running it twice adds nothing.
"""

import io
import random
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from wagtail_ugc.models import Campaign, Creator, Submission, SubmissionPhoto
from wagtail_ugc.models.choices import (
    ConsentMethod,
    Kind,
    Licence,
    ModerationStatus,
    ProcessingState,
)
from wagtail_ugc.models.ledger import record_grant
from wagtail_ugc.publication import publish_public_files

EMAIL_DOMAIN = "gallery-demo.example.com"

PHOTOS = [
    # credit, credit link, caption, alt text, (width, height), palette
    (
        "Ana Lindqvist",
        "https://ana.example.com/",
        "Sunrise above the fjord, first night in the new tent.",
        "An orange tent on a rocky shore below a pink sunrise sky",
        (1200, 800),
        0,
    ),
    (
        "@trailmixtom",
        "",
        "Rain all day, dry all night.",
        "A green tent pitched among pine trees in the rain",
        (800, 1100),
        1,
    ),
    (
        "Mei Chen",
        "https://mei.example.com/photos",
        "Our base camp at 3,000 m.",
        "Two tents on snow below a mountain ridge",
        (1200, 900),
        2,
    ),
    (
        "Jonas B.",
        "",
        "Kayak, backpack, and nothing else.",
        "A red kayak with a backpack on a calm lake at dusk",
        (1000, 1000),
        3,
    ),
    (
        "Priya & Sam",
        "",
        "The view was worth the climb.",
        "Two hikers from behind looking over a valley",
        (900, 1200),
        4,
    ),
    (
        "Ole Hansen",
        "",
        "Coffee with a view.",
        "A steaming mug on a rock with mountains behind",
        (1200, 800),
        5,
    ),
    (
        "Lucía M.",
        "https://lucia.example.com/",
        "Desert stars from the trailhead.",
        "A dome tent under a starry sky in the desert",
        (1200, 700),
        6,
    ),
    (
        "Kai Nakamura",
        "",
        "Autumn colours on the ridge trail.",
        "A path through orange and red trees on a hillside",
        (800, 1000),
        7,
    ),
    ("Emma Virtanen", "", "", "", (1000, 750), 0),  # decorative: no alt text
    (
        "@wildfern",
        "",
        "Our dog approves of the new sleeping pad.",
        "A dog lying on a blue sleeping pad inside a tent",
        (1100, 1100),
        2,
    ),
    (
        "Tariq Aziz",
        "",
        "Wind test on the coast.",
        "A low tunnel tent on a grassy cliff above the sea",
        (1200, 850),
        3,
    ),
    (
        "Nora Quinn",
        "https://nora.example.com/",
        "Last light before the storm.",
        "Dark clouds above a lit-up tent on a moor",
        (900, 1100),
        5,
    ),
]

REVIEWS = [
    (
        "Hanna K.",
        5,
        "Packs down smaller than my old one and kept us dry through two nights of rain.",
    ),
    (
        "Marco",
        4,
        "Great tent, light and quick to pitch. The bag could be a little bigger.",
    ),
    (
        "Sofia L.",
        5,
        "Third trip with it. Still looks new, and customer service replaced a bent pole within a week.",
    ),
    ("Dev P.", 3, "Solid, but the inner door zip snags unless you hold the fabric."),
    ("Greta", 5, "Warm enough for early spring in the mountains. Worth every krona."),
]

VIDEO = (
    "@trailmixtom",
    "Pitching the Ridge 2 in under a minute.",
    "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
)

PALETTES = [
    ((250, 170, 120), (70, 60, 110), (230, 110, 40)),
    ((120, 140, 150), (40, 70, 50), (60, 150, 80)),
    ((180, 210, 240), (230, 235, 245), (200, 60, 50)),
    ((250, 190, 140), (40, 80, 120), (190, 40, 40)),
    ((150, 200, 240), (70, 110, 60), (90, 90, 90)),
    ((200, 225, 250), (110, 120, 140), (160, 90, 50)),
    ((15, 20, 50), (120, 80, 50), (240, 170, 60)),
    ((240, 200, 150), (180, 70, 30), (120, 60, 30)),
]


def sample_photo(size, palette, seed):
    """A small generated landscape (sky, hills, a tent), as JPEG bytes."""
    rng = random.Random(seed)
    width, height = size
    sky, land, tent = PALETTES[palette]
    image = Image.new("RGB", size, sky)
    draw = ImageDraw.Draw(image)
    for y in range(height // 2):
        shade = tuple(max(0, c - y * 60 // height) for c in sky)
        draw.line([(0, y), (width, y)], fill=shade)
    horizon = height * rng.randint(50, 65) // 100
    peaks = [(0, horizon)]
    for x in range(0, width + 100, 100):
        peaks.append((x, horizon - rng.randint(0, height // 4)))
    peaks += [(width, height), (0, height)]
    draw.polygon(peaks, fill=land)
    sun = rng.randint(width // 6, width * 5 // 6)
    draw.ellipse(
        (sun - 40, height // 6, sun + 40, height // 6 + 80), fill=(255, 230, 150)
    )
    base = height * 85 // 100
    left = rng.randint(width // 6, width // 2)
    draw.polygon(
        [
            (left, base),
            (left + width // 4, base),
            (left + width // 8, base - height // 5),
        ],
        fill=tent,
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def demo_creator(name, n):
    return Creator.objects.for_email(f"creator{n}@{EMAIL_DOMAIN}", name=name)


def approved(submission, *, credit_line, credit_url="", licence=Licence.SITE_DISPLAY):
    """What moderation and rights leave behind: consent on file, approved, published."""
    record_grant(
        submission,
        method=ConsentMethod.FORM,
        licence=licence,
        credit_line=credit_line,
        credit_url=credit_url,
        terms=submission.campaign.current_terms if submission.campaign else None,
        age_confirmed=True,
        people_shown_consented=True,
        note="Demo content.",
    )
    now = timezone.now()
    Submission.objects.filter(pk=submission.pk).update(
        moderation_status=ModerationStatus.APPROVED,
        processing_state=ProcessingState.READY,
        live=True,
        has_unpublished_changes=False,
        first_published_at=submission.submitted_at,
        last_published_at=now,
    )
    submission.refresh_from_db()
    publish_public_files(submission)
    return submission


def ensure_photos(campaign, gallery):
    made = 0
    now = timezone.now()
    for n, (credit, url, caption, alt, size, palette) in enumerate(PHOTOS):
        creator = demo_creator(credit, n)
        if creator.submissions.exists():
            continue
        submission = Submission.objects.create(
            kind=Kind.PHOTO,
            campaign=campaign,
            creator=creator,
            text=caption,
            credit_line=credit,
            credit_url=url,
            locale="en",
            related_page=gallery,
            featured=n in (2, 6),
            submitted_at=now - timedelta(days=n, hours=n),
            processing_state=ProcessingState.READY,
        )
        data = sample_photo(size, palette, seed=n)
        photo = SubmissionPhoto(
            submission=submission,
            received_sha256=f"{n:064x}",
            received_bytes=len(data),
            received_format="JPEG",
            width=size[0],
            height=size[1],
            alt_text=alt,
            decorative=not alt,
        )
        photo.master.save("demo.jpg", ContentFile(data), save=False)
        photo.save()
        submission.tags.add("tents" if n % 2 else "trails")
        submission.save()
        approved(
            submission,
            credit_line=credit,
            credit_url=url,
            licence=Licence.CC_BY_4 if n % 3 == 0 else Licence.SITE_DISPLAY,
        )
        made += 1
    return made


def ensure_reviews_and_video(campaign, gallery):
    made = 0
    now = timezone.now()
    offset = len(PHOTOS)
    for n, (credit, rating, text) in enumerate(REVIEWS, start=offset):
        creator = demo_creator(credit, n)
        if creator.submissions.exists():
            continue
        submission = Submission.objects.create(
            kind=Kind.REVIEW,
            campaign=campaign,
            creator=creator,
            text=text,
            rating=rating,
            credit_line=credit,
            locale="en",
            related_page=gallery,
            submitted_at=now - timedelta(days=n - offset, hours=3),
            processing_state=ProcessingState.READY,
        )
        approved(submission, credit_line=credit)
        made += 1
    credit, caption, url = VIDEO
    creator = demo_creator(credit, offset + len(REVIEWS))
    if not creator.submissions.exists():
        submission = Submission.objects.create(
            kind=Kind.VIDEO,
            campaign=campaign,
            creator=creator,
            text=caption,
            video_url=url,
            video_provider="youtube",
            credit_line=credit,
            locale="en",
            related_page=gallery,
            submitted_at=now - timedelta(hours=1),
            processing_state=ProcessingState.READY,
        )
        approved(submission, credit_line=credit)
        made += 1
    return made


def gallery_blocks(campaign):
    common = {
        "campaign": campaign,
        "tags": "",
        "items": [],
        "max_items": None,
        "order": "newest",
        "show_captions": True,
        "show_credits": True,
        "lightbox": True,
        "load_more": True,
    }
    return [
        (
            "paragraph",
            "<p>Photos, videos and reviews from our customers, shown with "
            "their permission and their credit.</p>",
        ),
        (
            "ugc_gallery",
            {
                **common,
                "heading": "From the summer trails",
                "source": "campaign",
                "kinds": ["photo", "video"],
                "max_items": 8,
                "order": "featured",
                "layout": "grid",
            },
        ),
        (
            "ugc_gallery",
            {
                **common,
                "heading": "Tents in the wild",
                "source": "all",
                "kinds": ["photo"],
                "layout": "masonry",
            },
        ),
        (
            "ugc_gallery",
            {
                **common,
                "heading": "Favourites",
                "source": "tags",
                "tags": "trails",
                "kinds": ["photo"],
                "layout": "carousel",
                "show_captions": False,
                "load_more": False,
            },
        ),
        (
            "ugc_reviews",
            {
                "heading": "What customers say about the Ridge 2",
                "source": "campaign",
                "campaign": campaign,
                "max_items": 6,
                "order": "newest",
                "reviewed_item_type": "Product",
                "reviewed_item_name": "Ridge 2 tent",
            },
        ),
    ]


def ensure_gallery_page_blocks(gallery, campaign):
    if any(block.block_type == "ugc_gallery" for block in gallery.body):
        return False
    from wagtail_ugc.display.blocks import DEFAULT_REVIEWS_STATEMENT

    body = gallery_blocks(campaign)
    body[-1][1]["statement"] = str(DEFAULT_REVIEWS_STATEMENT)
    gallery.body = body
    gallery.save_revision().publish()
    return True


def load(stdout):
    from home.models import ContentPage

    campaign = Campaign.objects.filter(slug="summer-trails").first()
    gallery = ContentPage.objects.filter(slug="gallery").first()
    if campaign is None or gallery is None:
        stdout.write("Galleries demo skipped: run the site loader first.")
        return
    photos = ensure_photos(campaign, gallery)
    others = ensure_reviews_and_video(campaign, gallery)
    placed = ensure_gallery_page_blocks(gallery, campaign)
    stdout.write(
        f"Galleries: {photos} photos and {others} reviews/videos added"
        + ("; blocks placed on /gallery/." if placed else ".")
    )

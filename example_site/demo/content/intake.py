"""Demo content for the intake stage: the submission form on /share/, and photos waiting for moderation.

The photos are generated with Pillow (nothing is downloaded) and carry EXIF
GPS and a sideways orientation, like a phone's, and go through the real
intake pipeline (``create_submission`` and the processing task), so the
queue shows what the pipeline really keeps: upright masters without any
location. Running it twice adds nothing.
"""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from home.models import ContentPage
from PIL import Image, ImageDraw

from wagtail_ugc.intake.media import probe_image
from wagtail_ugc.models import Campaign
from wagtail_ugc.models.choices import Kind

from .visitors import submit_once, visitor_email

EMAIL_DOMAIN = "intake-demo.example.com"
GPS_IFD = 0x8825

PENDING_PHOTOS = [
    # name, credit line, caption, sky colour, ground colour
    (
        "Ingrid Berg",
        "@ingrid.outdoors",
        "Our tent at the lake, day three.",
        (120, 170, 230),
        (40, 110, 60),
    ),
    (
        "Leo Martin",
        "Leo M.",
        "Snow came early this year.",
        (190, 200, 215),
        (235, 240, 245),
    ),
    (
        "Aiko Sato",
        "",
        "The bridge before the last climb.",
        (250, 170, 120),
        (90, 80, 70),
    ),
]

PENDING_REVIEW = (
    "Rosa Díaz",
    4,
    "Comfortable straps, and the rain cover really works. Wish it had one more pocket.",
)


def load(stdout):
    campaign = Campaign.objects.filter(slug="summer-trails").first()
    if campaign is None:
        return
    ensure_form_on_share_page(campaign)
    made = ensure_pending_submissions(campaign)
    if made:
        stdout.write(f"Intake: {made} submissions waiting for moderation.")


def ensure_form_on_share_page(campaign):
    page = ContentPage.objects.filter(slug="share").first()
    if page is None:
        return
    if any(block.block_type == "submission_form" for block in page.body):
        return
    page.body.append(
        ("submission_form", {"heading": "Send us your photo", "campaign": campaign})
    )
    page.save_revision().publish()


def ensure_pending_submissions(campaign):
    made = 0
    for number, (name, credit, caption, sky, ground) in enumerate(PENDING_PHOTOS):
        data = phone_photo(sky, ground, seed=number)
        made += submit_once(
            campaign,
            kind=Kind.PHOTO,
            name=name,
            email=visitor_email(name, EMAIL_DOMAIN),
            text=caption,
            credit_line=credit,
            people_shown_consented=True,
            uploads=[SimpleUploadedFile(f"IMG_{4711 + number}.JPG", data)],
            formats=[probe_image(data).format],
        )
    name, rating, text = PENDING_REVIEW
    made += submit_once(
        campaign,
        kind=Kind.REVIEW,
        name=name,
        email=visitor_email(name, EMAIL_DOMAIN),
        text=text,
        rating=rating,
    )
    return made


def phone_photo(sky, ground, *, seed, size=(1600, 1200)):
    """A landscape scene stored sideways with EXIF orientation 6 and a GPS position."""
    width, height = size
    image = Image.new("RGB", size, sky)
    draw = ImageDraw.Draw(image)
    horizon = height * 3 // 5
    for step in range(5):
        left = (seed * 170 + step * width // 4) % width - width // 6
        draw.polygon(
            [
                (left, horizon),
                (left + width // 5, height // 4 + step * 20),
                (left + width // 2, horizon),
            ],
            fill=tuple(max(0, c - 40 - step * 10) for c in ground),
        )
    draw.rectangle((0, horizon, width, height), fill=ground)
    draw.ellipse((width - 300, 80, width - 160, 220), fill=(255, 230, 120))
    draw.polygon(
        [
            (width // 3, height - 150),
            (width // 3 + 120, height - 330),
            (width // 3 + 240, height - 150),
        ],
        fill=(230, 110, 40),
    )
    exif = Image.Exif()
    exif[0x010F] = "DemoPhone"
    exif[0x0112] = 6
    exif.get_ifd(GPS_IFD).update(
        {1: "N", 2: (59.0, 19.0, 44.0 + seed), 3: "E", 4: (18.0, 4.0, 7.0)}
    )
    buffer = io.BytesIO()
    # Stored sideways: orientation 6 asks viewers to turn it 90° clockwise.
    image.transpose(Image.Transpose.ROTATE_90).save(
        buffer, "JPEG", quality=88, exif=exif.tobytes()
    )
    return buffer.getvalue()

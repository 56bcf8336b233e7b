"""Demo content for the rights stage: a pending rights request (its link printed) and a licence that ends.

Running it twice adds nothing: each item is found again by its creator's
address, and an open rights request is reused.
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail_ugc.models import Campaign, Creator, Submission, SubmissionPhoto
from wagtail_ugc.models.choices import (
    ConsentMethod,
    Kind,
    Licence,
    ModerationStatus,
    ProcessingState,
    Source,
)
from wagtail_ugc.models.ledger import record_grant
from wagtail_ugc.rights.requests import (
    open_request,
    request_rights,
    rights_request_link,
)

from .galleries import sample_photo

FOUND_EMAIL = "nora@rights-demo.example.com"
LICENSED_EMAIL = "lars@rights-demo.example.com"
LICENCE_DAYS = 30


def add_photo(submission, *, palette, seed, alt_text):
    photo = SubmissionPhoto(
        submission=submission, received_sha256=f"{seed:064d}", alt_text=alt_text
    )
    photo.master.save(
        "demo.jpg", ContentFile(sample_photo((1000, 750), palette, seed)), save=False
    )
    photo.preview.save(
        "demo.jpg", ContentFile(sample_photo((600, 450), palette, seed)), save=False
    )
    photo.save()
    return photo


def ensure_pending_rights_request(campaign, stdout):
    """A photo an editor found on a social network, waiting for its creator's answer."""
    creator = Creator.objects.for_email(FOUND_EMAIL, name="Nora Berg", language="en")
    submission = creator.submissions.first()
    if submission is None:
        submission = Submission.objects.create(
            kind=Kind.PHOTO,
            campaign=campaign,
            creator=creator,
            text="Frosty morning by the lake.",
            credit_line="@nora.wanders",
            locale="en",
            source=Source.RIGHTS_REQUEST,
            source_url="https://social.example.com/@nora.wanders/2041",
            processing_state=ProcessingState.READY,
        )
        add_photo(
            submission,
            palette=5,
            seed=9041,
            alt_text="A tent on a frosty lakeshore at sunrise",
        )
    rights_request = open_request(submission)
    if rights_request is None and submission.rights_status in ("none", "requested"):
        rights_request = request_rights(submission, send_email=False)
    if rights_request is not None:
        stdout.write(
            "Pending rights request (open it as the creator would): "
            + rights_request_link(rights_request)
        )
    return submission


def ensure_licence_with_end_date(campaign):
    """A video shown under a licence that ends in a month, recorded by an editor with evidence."""
    creator = Creator.objects.for_email(
        LICENSED_EMAIL, name="Lars Eklund", language="sv"
    )
    if creator.submissions.exists():
        return creator.submissions.first()
    submission = Submission.objects.create(
        kind=Kind.VIDEO,
        campaign=campaign,
        creator=creator,
        text="Crossing the ridge in a storm, licensed for the summer campaign.",
        video_url="https://www.youtube.com/watch?v=aqz-KE-bpKQ",
        video_provider="youtube",
        credit_line="Lars Eklund",
        locale="sv",
        source=Source.EDITOR,
        source_url="https://photos.example.com/lars/ridge",
        processing_state=ProcessingState.READY,
    )
    record_grant(
        submission,
        method=ConsentMethod.EDITOR,
        licence=Licence.BRAND_USE,
        scopes=["marketing_email"],
        credit_line="Lars Eklund",
        credit_url="https://photos.example.com/lars/",
        terms=campaign.current_terms,
        people_shown_consented=True,
        evidence=ContentFile(
            b"Signed photo release: Lars Eklund grants Northwind Outdoor use of "
            b"'Ridge crossing' for 30 days, credited as 'Lars Eklund'.\n",
            name="release.txt",
        ),
        expires_at=timezone.now() + timedelta(days=LICENCE_DAYS),
        note="Signed release received by e-mail (demo).",
    )
    now = timezone.now()
    Submission.objects.filter(pk=submission.pk).update(
        moderation_status=ModerationStatus.APPROVED,
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
    )
    submission.refresh_from_db()
    return submission


def ensure_partners_page(licensed):
    """/partners/ features the licensed video; it disappears from there when the licence ends."""
    from wagtail_ugc.display.blocks import UGCFeaturedBlock

    from .site import ensure_home, ensure_page

    page = ensure_page(
        ensure_home(),
        "partners",
        "Our photographer partners",
        "Work we license from photographers we admire.",
    )
    if any(block.block_type == "ugc_featured" for block in page.body):
        return page
    value = UGCFeaturedBlock().to_python(
        {"heading": "Licensed this month", "submission": licensed.pk}
    )
    page.body.append(("ugc_featured", value))
    page.save_revision().publish()
    return page


def ensure_partner_campaign():
    """Licensed work has its own campaign, so the demo's campaign galleries stay as they are."""
    return Campaign.objects.get_or_create(
        slug="photographer-partners",
        defaults={
            "title": "Photographer partners",
            "terms_text": (
                "You let Northwind Outdoor show the photos named in your signed "
                "release on this website and in its marketing e-mails, credited "
                "as you chose, until the end date in the release."
            ),
            "terms_version": "2026-partners",
        },
    )[0]


def load(stdout):
    campaign = Campaign.objects.get(slug="summer-trails")
    ensure_pending_rights_request(campaign, stdout)
    licensed = ensure_licence_with_end_date(ensure_partner_campaign())
    ensure_partners_page(licensed)
    if licensed.rights_expires_at:
        stdout.write(
            f"Licensed video #{licensed.pk} on /partners/ is shown until "
            f"{licensed.rights_expires_at:%Y-%m-%d %H:%M} UTC, then hidden at once."
        )

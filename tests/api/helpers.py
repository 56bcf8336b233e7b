"""Items in every state, with real public and private files, for the read API's tests."""

from datetime import timedelta

from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page

from wagtail_ugc.models import Submission, TaggedSubmission
from wagtail_ugc.models.choices import (
    Licence,
    ModerationStatus,
    ProcessingState,
    RightsStatus,
)

from ..display.helpers import photo_submission, review_submission, video_submission
from ..factories import CampaignFactory

LIST_URL = "/api/ugc/items/"
SECRET_SOURCE = "https://secret-source.example/post/123"
SECRET_REASON = "Rejected because the moderator saw a face"

#: Each way a submission is not displayable, as the row changes that make it so.
HIDDEN_STATES = {
    "pending": {"moderation_status": ModerationStatus.PENDING, "live": False},
    "rejected": {"moderation_status": ModerationStatus.REJECTED, "live": False},
    "withdrawn": {"withdrawn_at": timezone.now},
    "expired": {"rights_expires_at": lambda: timezone.now() - timedelta(seconds=1)},
    "rights-requested": {"rights_status": RightsStatus.REQUESTED},
    "rights-declined": {"rights_status": RightsStatus.DECLINED},
    "rights-revoked": {"rights_status": RightsStatus.REVOKED},
    "rights-expired": {"rights_status": RightsStatus.EXPIRED},
    "not-live": {"live": False},
    "processing": {"processing_state": ProcessingState.RECEIVED},
    "processing-failed": {"processing_state": ProcessingState.FAILED},
}


def item_url(submission):
    return f"{LIST_URL}{submission.uuid}/"


def product_page(title="Trail tent", slug="trail-tent"):
    from demo.content.site import ensure_home
    from home.models import ContentPage

    home = Page.objects.get(pk=ensure_home().pk)
    page = ContentPage(title=title, slug=slug)
    home.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


class World:
    """Displayable items and hidden ones that share their campaign, tag and page.

    Hidden photo items keep their public files (as if no sweep had run), so
    only the displayable rule stands between them and a response.
    """

    def __init__(self):
        self.campaign = CampaignFactory(title="Summer trails", slug="summer-trails")
        self.page = product_page()
        self.tag = Tag.objects.create(name="Lake Side", slug="lake-side")
        common = {
            "campaign": self.campaign,
            "related_page": self.page,
            "source_url": SECRET_SOURCE,
            "licence": Licence.CC_BY_4,
        }
        self.shown = [
            photo_submission(photos=2, **common),
            review_submission(**common),
            video_submission(**common),
        ]
        self.hidden = {}
        for name, changes in HIDDEN_STATES.items():
            item = photo_submission(
                credit_line=f"Hidden {name}", rejection_reason=SECRET_REASON, **common
            )
            values = {k: v() if callable(v) else v for k, v in changes.items()}
            Submission.objects.filter(pk=item.pk).update(**values)
            self.hidden[name] = item
        erased = photo_submission(credit_line="Erased", **common)
        self.erased_uuid = erased.uuid
        self.photos = [
            photo
            for item in [*self.shown, *self.hidden.values()]
            for photo in item.photos.all()
        ]
        erased.delete()
        for item in [*self.shown, *self.hidden.values()]:
            TaggedSubmission.objects.create(content_object=item, tag=self.tag)

    @property
    def shown_ids(self):
        return {str(item.uuid) for item in self.shown}

    @property
    def hidden_ids(self):
        return {str(item.uuid) for item in self.hidden.values()} | {
            str(self.erased_uuid)
        }

    def secrets(self):
        """Strings no response may contain: private file names, e-mails, sources."""
        found = {SECRET_SOURCE, SECRET_REASON}
        for photo in self.photos:
            for field in (photo.master, photo.preview, photo.incoming):
                if field.name:
                    found.add(field.name)
                    found.add(field.name.rsplit("/", 1)[-1])
            if photo.image_id:
                # The public image's own file is not listed: renditions only.
                found.add(photo.image.file.name)
        for item in [*self.shown, *self.hidden.values()]:
            if item.creator:
                found.add(item.creator.email)
        return found

"""Demo content for the moderation stage: the default workflow and group, reason templates, a full queue."""

from wagtail_ugc.models import RejectionReason, Submission
from wagtail_ugc.models.choices import (
    ModerationStatus,
    ProcessingState,
    RejectionCategory,
)
from wagtail_ugc.moderation.defaults import GROUP_NAME, ensure_moderation_defaults
from wagtail_ugc.moderation.receivers import enter_workflow

REJECTION_REASONS = [
    (
        "Shows people who did not agree",
        "Your photo shows people whose agreement we do not have, so we cannot show it.",
        RejectionCategory.GUIDELINES,
    ),
    (
        "Offensive or hateful",
        "Your submission breaks our community guidelines, so we cannot show it.",
        RejectionCategory.GUIDELINES,
    ),
    (
        "Advertising or spam",
        "Your submission advertises something else, so we cannot show it.",
        RejectionCategory.GUIDELINES,
    ),
    (
        "Not about our products",
        "Thank you! Your submission is not about our gear, so it does not fit this gallery.",
        RejectionCategory.OTHER,
    ),
    (
        "Photo too blurry or small",
        "Thank you! Your photo is too small or blurry to show well. Try sending a sharper one.",
        RejectionCategory.OTHER,
    ),
    (
        "Duplicate",
        "Thank you! We already have this submission from you.",
        RejectionCategory.OTHER,
    ),
]


def load(stdout):
    ensure_moderation_defaults()
    made = 0
    for title, text, category in REJECTION_REASONS:
        _reason, created = RejectionReason.objects.get_or_create(
            title=title, defaults={"text": text, "category": category}
        )
        made += created
    entered = 0
    pending = Submission.objects.filter(
        moderation_status=ModerationStatus.PENDING,
        processing_state=ProcessingState.READY,
        withdrawn_at__isnull=True,
    )
    for submission in pending:
        if enter_workflow(submission) is not None:
            entered += 1
    stdout.write(
        f"Moderation: workflow “UGC moderation”, group “{GROUP_NAME}”, "
        f"{made} new rejection reasons, {entered} submissions put in the queue."
    )

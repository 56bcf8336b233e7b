"""The data model shared by every stage: intake → moderation → rights → publication → display."""

from .campaigns import Campaign, TermsVersion
from .creators import Creator
from .engagement import EngagementDay, EngagementFold
from .images import UGCImage, UGCRendition
from .importing import ImportSource
from .moderation import (
    BlocklistTerm,
    DuplicateSearchKey,
    RejectionReason,
)
from .rewards import RewardCode
from .rights import ConsentRecord, RightsRequest
from .submissions import (
    ErasedSubmission,
    Submission,
    SubmissionFlag,
    SubmissionPhoto,
    SubmissionQuerySet,
    TaggedSubmission,
)
from .webhooks import WebhookDelivery, WebhookEndpoint, WebhookEvent

__all__ = [
    "BlocklistTerm",
    "Campaign",
    "ConsentRecord",
    "Creator",
    "DuplicateSearchKey",
    "EngagementDay",
    "EngagementFold",
    "ErasedSubmission",
    "ImportSource",
    "RejectionReason",
    "RewardCode",
    "RightsRequest",
    "Submission",
    "SubmissionFlag",
    "SubmissionPhoto",
    "SubmissionQuerySet",
    "TaggedSubmission",
    "TermsVersion",
    "UGCImage",
    "UGCRendition",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
]

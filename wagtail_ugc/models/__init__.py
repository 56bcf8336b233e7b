"""The data model shared by every stage: intake → moderation → rights → publication → display."""

from .campaigns import Campaign, TermsVersion
from .creators import Creator
from .images import UGCImage, UGCRendition
from .moderation import (
    BlocklistTerm,
    DuplicateSearchKey,
    RejectionReason,
)
from .rights import ConsentRecord, RightsRequest
from .submissions import (
    Submission,
    SubmissionFlag,
    SubmissionPhoto,
    SubmissionQuerySet,
    TaggedSubmission,
)

__all__ = [
    "BlocklistTerm",
    "Campaign",
    "ConsentRecord",
    "Creator",
    "DuplicateSearchKey",
    "RejectionReason",
    "RightsRequest",
    "Submission",
    "SubmissionFlag",
    "SubmissionPhoto",
    "SubmissionQuerySet",
    "TaggedSubmission",
    "TermsVersion",
    "UGCImage",
    "UGCRendition",
]

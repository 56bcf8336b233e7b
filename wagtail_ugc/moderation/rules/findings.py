"""What a rule reports: a ``Finding`` becomes one ``SubmissionFlag`` on the submission."""

from dataclasses import dataclass

# The labels live with the models, which show them on every flag.
from ...models.choices import FLAG_LABELS, flag_label

__all__ = ["FLAG_LABELS", "Finding", "flag_label"]


@dataclass(frozen=True)
class Finding:
    """One reason to look twice: a short machine ``code`` and a reason moderators read."""

    code: str
    reason: str

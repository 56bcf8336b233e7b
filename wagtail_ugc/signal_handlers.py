"""Signal wiring, connected from ``AppConfig.ready``: each stage's receivers module is imported here."""

from .moderation import receivers as _moderation_receivers  # noqa: F401
from .rights import receivers as _rights_receivers  # noqa: F401

"""Signal wiring, connected from ``AppConfig.ready``: each stage's receivers are imported here."""

from . import cache_purge as _cache_purge  # noqa: F401
from . import publication as _publication  # noqa: F401
from .moderation import receivers as _moderation_receivers  # noqa: F401
from .rewards import receivers as _reward_receivers  # noqa: F401
from .webhooks import receivers as _webhook_receivers  # noqa: F401

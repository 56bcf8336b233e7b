"""Wagtail admin hooks; each stage registers its own in ``<stage>/wagtail_hooks.py``."""

from .intake import wagtail_hooks as _intake_hooks  # noqa: F401
from .moderation import wagtail_hooks as _moderation_hooks  # noqa: F401
from .moderation.rules import wagtail_hooks as _moderation_rules_hooks  # noqa: F401
from .rights import wagtail_hooks as _rights_hooks  # noqa: F401

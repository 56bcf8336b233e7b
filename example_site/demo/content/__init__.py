"""Demo content, one module per pipeline stage, loaded in pipeline order.

Every loader is idempotent: it looks for what it made before and makes only
what is missing.
"""

from . import galleries, intake, moderation, moderation_rules, rights, site


def load_all(stdout):
    site.load(stdout)
    intake.load(stdout)
    moderation.load(stdout)
    moderation_rules.load(stdout)
    galleries.load(stdout)
    rights.load(stdout)

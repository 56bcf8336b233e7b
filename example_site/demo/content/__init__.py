"""Demo content, one module per pipeline stage, loaded in pipeline order.

Every loader is idempotent: it looks for what it made before and makes only
what is missing.
"""

from . import site


def load_all(stdout):
    site.load(stdout)

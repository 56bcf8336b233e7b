"""What intake says when it refuses something a visitor sent."""

from django.db import OperationalError


class RefusedInput(ValueError):
    """Input we refuse; ``message`` is translated and safe to show the visitor."""

    def __init__(self, message, code):
        super().__init__(str(message))
        self.message = message
        self.code = code


def database_busy(error):
    """Whether ``error`` is the database refusing a write because another one holds the lock.

    SQLite says "database is locked" when a transaction cannot get the write
    lock within its timeout (or at all, unless transactions begin
    ``IMMEDIATE``: docs/reference.md, "SQLite in production"). Nothing was
    written, and the same request a moment later succeeds.
    """
    return isinstance(error, OperationalError) and "locked" in str(error)

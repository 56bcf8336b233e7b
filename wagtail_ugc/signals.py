"""Signals the pipeline stages send each other, so no stage imports the next."""

from django.dispatch import Signal

#: Sent by intake when a submission's media is processed and it is ready to moderate.
#: Arguments: ``sender`` (the Submission class), ``submission``.
submission_ready = Signal()

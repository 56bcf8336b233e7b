"""Signals the pipeline stages send each other, so no stage imports the next."""

from django.dispatch import Signal

#: Sent by intake when a submission's media is processed and it is ready to moderate.
#: Arguments: ``sender`` (the Submission class), ``submission``.
submission_ready = Signal()

#: Sent whenever a submission may have started or stopped being displayable
#: (published, unpublished, withdrawn, expired, rights changed, erased), so
#: caches of public surfaces can be invalidated at once.
#: Arguments: ``sender`` (the Submission class), ``submission_id``.
displayability_changed = Signal()

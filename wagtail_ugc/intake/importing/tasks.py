"""Background tasks of social import (django-tasks): poll the due sources, or one source now.

``manage.py ugc_import_social`` runs the same poll from cron (or, with
``--enqueue``, queues ``poll_due_sources_task``). A poll can run twice, or
two at once: each source is claimed before it is polled, and each post is
imported once (``polling``).
"""

from django_tasks import task

from ...models import ImportSource
from . import polling


@task()
def poll_due_sources_task():
    return {source.pk: result.found for source, result in polling.poll_due().items()}


@task()
def poll_source_task(source_id):
    """Poll one source now ("Poll now" in the admin), due or not."""
    source = ImportSource.objects.filter(pk=source_id).first()
    if source is None:
        return None
    result = polling.poll(source)
    return {"found": result.found, "error": source.last_error}

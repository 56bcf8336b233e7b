"""Background work of the webhooks (django-tasks): sending new deliveries, and the periodic sender."""

from django_tasks import task

from .sending import prune_log, send, send_due


@task()
def send_deliveries_task(*delivery_ids):
    """One attempt at each delivery just recorded; a failed one waits for the periodic sender."""
    return [send(delivery_id) for delivery_id in delivery_ids]


@task()
def send_due_webhooks_task():
    outcome = send_due()
    outcome["pruned"] = prune_log()
    return outcome

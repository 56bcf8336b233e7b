"""Which endpoints hear an event, what they are sent, and recording the deliveries.

A delivery is recorded inside the transaction of the change it reports
(``wagtail_ugc.signals.submission_event``, or a submission's deletion), so
an event is never lost and never sent for a change that rolled back. It is
sent after the commit (``tasks.send_deliveries_task``); whatever is not
sent then, ``manage.py ugc_send_webhooks`` sends.
"""

from functools import partial

from django.db import transaction
from django.utils import timezone

from ..licensing import item_url
from ..models import WebhookDelivery, WebhookEvent
from .endpoints import targets_for
from .tasks import send_deliveries_task

#: Events after which a submission is no longer shown anywhere.
ENDINGS = (WebhookEvent.WITHDRAWN, WebhookEvent.EXPIRED)


def describe(submission):
    """What a delivery says about a submission: never an e-mail, an address or a file name."""
    campaign = submission.campaign
    described = {
        "uuid": str(submission.uuid),
        "kind": submission.kind,
        "campaign": {"id": campaign.pk, "title": campaign.title} if campaign else None,
        "credit_line": submission.credit_line,
        "licence": submission.licence,
    }
    url = item_url(submission)
    if url:
        described["url"] = url
    return described


def only_uuid(submission_uuid):
    return {"uuid": str(submission_uuid)}


def record_event(event, submission_uuid, described):
    """Record a delivery of ``event`` for each endpoint that hears it; send them after the commit.

    ``described``: the payload's ``submission``. A published event goes to
    an endpoint once until the submission is withdrawn or expires: it is
    announced again whenever publication reconciles a shown item.
    """
    now = timezone.now()
    deliveries = []
    for target in targets_for(event):
        if event == WebhookEvent.PUBLISHED and _told_published(target, submission_uuid):
            continue
        delivery = WebhookDelivery(
            endpoint=target.endpoint,
            endpoint_name=target.name,
            url=target.url,
            event=event,
            next_attempt_at=now,
        )
        delivery.payload = {
            "event": str(event),
            "id": str(delivery.uuid),
            "occurred_at": now.isoformat(),
            "submission": described,
        }
        deliveries.append(delivery)
    if not deliveries:
        return []
    WebhookDelivery.objects.bulk_create(deliveries)
    ids = list(
        WebhookDelivery.objects.filter(
            uuid__in=[delivery.uuid for delivery in deliveries]
        ).values_list("pk", flat=True)
    )
    # Robust: the change stands if the task queue refuses it; the periodic
    # sender sends what is due.
    transaction.on_commit(partial(send_deliveries_task.enqueue, *ids), robust=True)
    return deliveries


def _told_published(target, submission_uuid):
    last = (
        target.deliveries()
        .filter(
            event__in=[WebhookEvent.PUBLISHED, *ENDINGS],
            payload__submission__uuid=str(submission_uuid),
        )
        .order_by("-created_at", "-pk")
        .values_list("event", flat=True)
        .first()
    )
    return last == WebhookEvent.PUBLISHED


def forget_submission(submission_uuid):
    """An erased submission: earlier deliveries about it keep only its uuid, sent or not."""
    about = WebhookDelivery.objects.filter(
        payload__submission__uuid=str(submission_uuid)
    )
    for delivery in about:
        delivery.payload = {
            **delivery.payload,
            "submission": only_uuid(submission_uuid),
        }
        delivery.save(update_fields=["payload"])

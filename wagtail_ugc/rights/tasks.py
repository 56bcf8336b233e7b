"""Background tasks of the rights stage (django-tasks).

``rights_sweep_task``: licence expiry, rights-request reminders and unanswered
requests, run periodically by the site's scheduler (``manage.py
ugc_rights_sweep`` also runs publication's file sweep after it).
``expire_licence_task``: one licence's end, scheduled for that instant where
the task backend can defer. ``purge_task``: the retention rules.
"""

from django_tasks import task

from . import expiry, requests, retention


def sweep_rights(now=None):
    return {
        "licences_expired": expiry.expire_licences(now),
        "reminders_sent": requests.send_due_reminders(now),
        "requests_expired": requests.expire_unanswered_requests(now),
    }


@task()
def rights_sweep_task():
    return sweep_rights()


@task()
def expire_licence_task(submission_id):
    return expiry.expire_licences(submission_ids=[submission_id])


@task()
def purge_task():
    return retention.purge()

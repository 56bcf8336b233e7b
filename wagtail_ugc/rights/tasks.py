"""Background tasks of the rights stage (django-tasks), run periodically by the site's scheduler.

``rights_sweep_task``: licence expiry, rights-request reminders and unanswered
requests. ``purge_task``: the retention rules. ``manage.py ugc_rights_sweep``
and ``manage.py ugc_purge`` run (or, with ``--enqueue``, enqueue) them from cron.
"""

from django_tasks import task

from . import expiry, requests, retention


def sweep_rights(now=None):
    return {
        "licences_expired": expiry.expire_licences(now),
        "stray_public_images_removed": expiry.remove_stray_public_files(),
        "reminders_sent": requests.send_due_reminders(now),
        "requests_expired": requests.expire_unanswered_requests(now),
    }


@task()
def rights_sweep_task():
    return sweep_rights()


@task()
def purge_task():
    return retention.purge()

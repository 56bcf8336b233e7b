"""Background task of the engagement stage (django-tasks): folding cached counts into daily rows.

``manage.py ugc_fold_engagement`` runs the same fold (or, with ``--enqueue``,
queues this task); a fold can run twice, or two at once, and still adds each
bucket once (``counting.fold``).
"""

from django_tasks import task

from . import counting


@task()
def fold_engagement_task():
    return counting.fold()

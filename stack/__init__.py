"""`make stack`: the example site's production profile on this machine (docs/deployment.md).

PostgreSQL and Redis (started if absent), an S3 API (moto's server) with a
public and a private bucket, the example site migrated and loaded with its
demo content, a task worker (``manage.py db_worker``), a scheduler for the
periodic commands (``stack/scheduler.py``) and gunicorn with
several workers. ``python -m stack`` runs it until Ctrl-C; tests drive it
through ``Stack``::

    from stack import Stack

    with Stack(port=18000, s3_port=18001, database="stack", redis_db=1) as running:
        running.urls["gallery"]
"""

from .app import Stack

__all__ = ["Stack"]

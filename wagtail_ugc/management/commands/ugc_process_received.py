"""Finish what a crash, a killed worker, a lost task, a full disk or a mail server that was down left undone.

Submissions still RECEIVED are queued for processing again (the task skips
finished photos, and marks failed, with the reason, one whose file is gone or
that never finishes); creators whose confirmation was never sent get it;
submissions made ready that moderation never took in are announced again.
With django-tasks-db, tasks whose worker was killed are marked failed (the
library leaves them running for ever); their work is found again above and
by the sweep, not by running the task row again (docs/deployment.md, "The
task worker").
"""

from datetime import timedelta

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks.base import TaskResultStatus

from wagtail_ugc.intake.services import start_processing
from wagtail_ugc.intake.tasks import send_confirmation
from wagtail_ugc.models import Submission
from wagtail_ugc.models.choices import ModerationStatus, ProcessingState, Source
from wagtail_ugc.moderation.notifications import notify_untold_creators
from wagtail_ugc.rewards.tasks import send_unsent_codes
from wagtail_ugc.signals import submission_ready


class WorkerLost(Exception):
    """What a task row marked failed by this command records as its error."""


def mark_lost_tasks(started_before):
    """Mark failed the database queue's tasks still running since before ``started_before``.

    django-tasks-db marks a task RUNNING when a worker takes it, and nothing
    else changes it if that worker is killed. A task that does finish after
    all is marked successful by its worker, as usual. Returns how many.
    """
    if not apps.is_installed("django_tasks_db"):
        return 0
    # By its label: importing the model would need the app installed.
    task_results = apps.get_model("django_tasks_database", "DBTaskResult").objects
    return task_results.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=started_before
    ).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path=f"{__name__}.{WorkerLost.__name__}",
        traceback=(
            f"{WorkerLost.__name__}: still running at {started_before:%Y-%m-%d %H:%M} "
            "UTC; its worker was presumably killed. Marked failed by "
            "ugc_process_received."
        ),
    )


class Command(BaseCommand):
    help = (
        "Retry processing of submissions received but never made ready, and send "
        "confirmations that were never sent. Safe to run at any time, e.g. from "
        "cron every few minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=5,
            metavar="MINUTES",
            help=(
                "Only submissions received at least this many minutes ago "
                "(default 5; younger ones are usually still being processed). "
                "0 takes every one."
            ),
        )
        parser.add_argument(
            "--lost-tasks-after",
            type=int,
            default=60,
            metavar="MINUTES",
            help=(
                "With django-tasks-db: mark tasks running for longer than this "
                "many minutes as failed, their worker having been killed "
                "(default 60; longer than any task runs)."
            ),
        )

    def handle(self, *args, older_than, lost_tasks_after, **options):
        now = timezone.now()
        lost = mark_lost_tasks(now - timedelta(minutes=lost_tasks_after))
        cutoff = now - timedelta(minutes=older_than)
        received = Submission.objects.filter(processing_state=ProcessingState.RECEIVED)
        unconfirmed = list(
            Submission.objects.filter(
                source=Source.FORM,
                creator__isnull=False,
                confirmation_sent_at__isnull=True,
                withdrawn_at__isnull=True,
                submitted_at__lte=cutoff,
            ).values_list("pk", flat=True)
        )
        ids = list(
            received.filter(submitted_at__lte=cutoff).values_list("pk", flat=True)
        )
        # Confirmations first, as when a submission arrives.
        for submission_id in unconfirmed:
            send_confirmation.enqueue(submission_id)
        for submission_id in ids:
            start_processing(submission_id)
        self.stdout.write(
            f"Queued {len(ids)} submission(s) for processing and "
            f"{len(unconfirmed)} confirmation(s)."
        )
        # Made ready (``updated_at``) a while ago, but the process was killed
        # before moderation took it in (which saves its first revision):
        # moderation hears of it again.
        unannounced = Submission.objects.filter(
            processing_state=ProcessingState.READY,
            moderation_status=ModerationStatus.PENDING,
            latest_revision__isnull=True,
            withdrawn_at__isnull=True,
            updated_at__lte=cutoff,
        )
        announced = 0
        for submission in unannounced:
            submission_ready.send(sender=Submission, submission=submission)
            announced += 1
        if announced:
            self.stdout.write(f"Handed {announced} ready submission(s) to moderation.")
        # A decision whose e-mail task was lost: the creator is told once.
        untold = notify_untold_creators(cutoff)
        if untold:
            self.stdout.write(
                f"Queued the decision e-mails of {untold} submission(s) whose "
                "creator was never told."
            )
        # A reward code whose e-mail task was lost: sent once.
        unsent = send_unsent_codes(cutoff)
        if unsent:
            self.stdout.write(f"Queued the e-mails of {unsent} reward code(s).")
        if lost:
            self.stdout.write(
                f"Marked {lost} task(s) failed that were running for more than "
                f"{lost_tasks_after} minute(s): their worker was killed."
            )
        younger = received.filter(submitted_at__gt=cutoff).count()
        if younger:
            self.stdout.write(
                f"Left {younger} received less than {older_than} minute(s) ago "
                "to the processing already under way (--older-than 0 takes them)."
            )

"""The approval e-mail lists the pages that really show the work, and goes once.

A photo is shown only once publication has made its public copy, in the
background after approval; its creator's e-mail waits for that, so the pages
it lists are the pages that show it. It is never sent twice (the
``creator_notified_of`` claim) and never lost: a publication whose task was
lost is redone by the sweep, and the e-mail follows it.

The tasks are held as a worker's queue would hold them (django-tasks' dummy
backend, ``deferred_tasks``) and run by the test, in the order it chooses.
"""

import pytest
from django.core import mail
from django.utils import timezone

from wagtail_ugc.models import Submission
from wagtail_ugc.models.choices import Kind, ModerationStatus
from wagtail_ugc.moderation import actions
from wagtail_ugc.moderation.notifications import notify_untold_creators
from wagtail_ugc.publication import sweep
from wagtail_ugc.rights.revocation import withdraw

from ..moderation.helpers import make_moderator, pending_submission
from ..ports import free_port
from ..rights.helpers import gallery, page_with_blocks

pytestmark = pytest.mark.django_db

SUBJECT = "is now on"


@pytest.fixture(autouse=True)
def moderation_defaults(moderation_defaults):
    return moderation_defaults


def approval_emails(to=None):
    return [
        message
        for message in mail.outbox
        if SUBJECT in message.subject and (to is None or message.to == [to])
    ]


def run(backend, name=None):
    """Run the held tasks (only those called ``name``, if given), as a worker would; their names."""
    ran = []
    for result in list(backend.results):
        if name is not None and result.task.name != name:
            continue
        backend.results.remove(result)
        result.task.call(*result.args, **result.kwargs)
        ran.append(result.task.name)
    return ran


def run_until_idle(backend):
    ran = []
    while backend.results:
        ran += run(backend)
    return ran


def approved_photo(moderator, capture):
    submission = pending_submission()
    with capture(execute=True):
        actions.approve(submission, moderator)
    return submission


@pytest.fixture
def moderator(django_user_model):
    return make_moderator(django_user_model)


@pytest.fixture
def gallery_of_everything(db):
    return page_with_blocks(gallery(source="all", kinds=["photo"]), slug="everything")


def test_with_the_immediate_backend_the_email_lists_the_gallery_that_shows_the_photo(
    moderator, gallery_of_everything, django_capture_on_commit_callbacks
):
    mail.outbox = []
    submission = approved_photo(moderator, django_capture_on_commit_callbacks)
    [message] = approval_emails(submission.creator.email)
    assert gallery_of_everything.full_url in message.body
    assert gallery_of_everything.full_url in message.alternatives[0][0]


def test_an_email_task_run_before_publication_waits_for_it_and_then_goes_once(
    moderator, gallery_of_everything, deferred_tasks, django_capture_on_commit_callbacks
):
    submission = pending_submission()
    run_until_idle(deferred_tasks)
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve(submission, moderator)

    # A second worker takes the e-mail before the publication is done.
    assert run(deferred_tasks, "notify_creator_task") == ["notify_creator_task"]
    assert approval_emails() == []
    assert Submission.objects.get(pk=submission.pk).creator_notified_of == ""

    ran = run_until_idle(deferred_tasks)
    assert ran.index("publish_public_files_task") < ran.index("notify_creator_task")
    [message] = approval_emails(submission.creator.email)
    assert gallery_of_everything.full_url in message.body

    # Published again (an edit, a second worker): nobody is told twice.
    from wagtail_ugc.publication import publish_public_files_task

    publish_public_files_task.call(submission.pk)
    run_until_idle(deferred_tasks)
    assert len(approval_emails()) == 1


def test_a_lost_publication_is_redone_by_the_sweep_and_the_email_follows(
    moderator, gallery_of_everything, deferred_tasks, django_capture_on_commit_callbacks
):
    submission = pending_submission()
    run_until_idle(deferred_tasks)
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve(submission, moderator)
    run(deferred_tasks, "notify_creator_task")
    deferred_tasks.clear()  # the worker that had the publication was killed

    # ugc_process_received's look for untold creators leaves it to publication...
    assert notify_untold_creators(timezone.now()) == 0
    assert approval_emails() == []
    # ...which the sweep redoes.
    assert sweep()["publications_redone"] == 1
    run_until_idle(deferred_tasks)
    [message] = approval_emails(submission.creator.email)
    assert gallery_of_everything.full_url in message.body
    assert notify_untold_creators(timezone.now()) == 0


def test_an_email_the_mail_server_refused_after_publication_goes_with_the_next_run(
    moderator,
    gallery_of_everything,
    deferred_tasks,
    settings,
    django_capture_on_commit_callbacks,
):
    submission = pending_submission()
    run_until_idle(deferred_tasks)
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve(submission, moderator)
    # The mail server is down: nothing listens on the port (the external edge).
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    refused = 0
    while deferred_tasks.results:
        try:
            run(deferred_tasks)
        except RuntimeError:  # the task is marked failed in the queue
            refused += 1
    assert refused >= 1
    assert Submission.objects.get(pk=submission.pk).creator_notified_of == ""

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notify_untold_creators(timezone.now()) == 1
    run_until_idle(deferred_tasks)
    [message] = approval_emails(submission.creator.email)
    assert gallery_of_everything.full_url in message.body
    assert notify_untold_creators(timezone.now()) == 0


def test_reviews_are_told_at_once_with_their_pages(
    moderator, deferred_tasks, django_capture_on_commit_callbacks
):
    page = page_with_blocks(gallery(source="all", kinds=["review"]), slug="reviews")
    submission = pending_submission(kind=Kind.REVIEW)
    run_until_idle(deferred_tasks)
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve(submission, moderator)
    assert run(deferred_tasks, "notify_creator_task") == ["notify_creator_task"]
    [message] = approval_emails(submission.creator.email)
    assert page.full_url in message.body


def test_a_photo_withdrawn_before_publication_is_never_told(
    moderator, deferred_tasks, django_capture_on_commit_callbacks
):
    submission = pending_submission()
    run_until_idle(deferred_tasks)
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve(submission, moderator)
    withdraw(submission)
    run_until_idle(deferred_tasks)
    assert approval_emails() == []
    assert notify_untold_creators(timezone.now()) == 0
    assert (
        Submission.objects.get(pk=submission.pk).moderation_status
        == ModerationStatus.APPROVED
    )

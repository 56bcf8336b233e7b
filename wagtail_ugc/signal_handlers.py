"""Signal wiring, connected from ``AppConfig.ready``: publication follows Wagtail's publish state."""

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import published, unpublished

from .models import Submission
from .publication import publish_public_files_task, remove_public_files


@receiver(published, sender=Submission)
def make_public_files_on_publish(sender, instance, **kwargs):
    transaction.on_commit(lambda: publish_public_files_task.enqueue(instance.pk))


@receiver(unpublished, sender=Submission)
def remove_public_files_on_unpublish(sender, instance, **kwargs):
    remove_public_files(instance)

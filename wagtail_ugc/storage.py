"""Where submitted files live before (and unless) they are published.

Originals and previews go to a *private* storage that has no public URL
(invariant 2 in docs/architecture.md): moderators see them only through
authenticated admin views.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

from .conf import ugc_settings

#: The folder of the default (public) storage that public UGC images and
#: their renditions live in, while their items are displayable.
PUBLIC_FOLDER = "ugc"

try:
    from storages.backends.s3 import S3Storage
except (ImportError, ImproperlyConfigured):
    # django-storages with boto3 is optional: pip install "wagtail-ugc[production]".
    S3Storage = None


class NoPublicURL:
    """A storage mixin that refuses to make URLs for its files."""

    def url(self, name, *args, **kwargs):
        raise ValueError(
            "Files on the wagtail-ugc private storage have no public URL; "
            "serve them through an authenticated view."
        )


class PrivateFileSystemStorage(NoPublicURL, FileSystemStorage):
    """A filesystem storage that refuses to make URLs for its files."""


if S3Storage is not None:

    class PrivateS3Storage(NoPublicURL, S3Storage):
        """An S3 bucket that refuses to make URLs, signed or not (docs/deployment.md).

        Moderators see its files only through the authenticated admin view,
        which streams them: no URL to a pending or rejected original is ever
        made, so none can leak, be cached or outlive a withdrawal. The bucket
        itself must grant no anonymous access.
        """


def default_private_root():
    if ugc_settings.PRIVATE_ROOT:
        return Path(ugc_settings.PRIVATE_ROOT)
    return Path(settings.MEDIA_ROOT).resolve().parent / "ugc_private"


def build_private_storage():
    alias = ugc_settings.PRIVATE_STORAGE
    if alias:
        return storages[alias]
    return PrivateFileSystemStorage(
        location=default_private_root(), base_url=None, file_permissions_mode=0o600
    )


class PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = build_private_storage()

    def reset(self):
        self._wrapped = empty


private_storage = PrivateStorage()


@receiver(setting_changed)
def reset_private_storage(*, setting, **kwargs):
    if setting in ("WAGTAIL_UGC", "STORAGES", "MEDIA_ROOT"):
        private_storage.reset()


def get_private_storage():
    """Callable for FileField(storage=...), so migrations do not freeze a path."""
    return private_storage

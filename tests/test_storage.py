"""Private files have no public URL and live outside MEDIA_ROOT (invariant 2 in docs/architecture.md)."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from wagtail_ugc.storage import private_storage


def test_private_storage_has_no_url(isolated_storage):
    name = private_storage.save("masters/x.jpg", ContentFile(b"data"))
    with pytest.raises(ValueError, match="no public URL"):
        private_storage.url(name)


def test_private_files_are_outside_media_root(settings, isolated_storage):
    name = private_storage.save("masters/x.jpg", ContentFile(b"data"))
    path = Path(private_storage.path(name)).resolve()
    assert path.is_relative_to(isolated_storage / "ugc_private")
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())


def test_private_files_are_readable_by_the_server_only(isolated_storage):
    name = private_storage.save("masters/y.jpg", ContentFile(b"data"))
    assert Path(private_storage.path(name)).stat().st_mode & 0o077 == 0

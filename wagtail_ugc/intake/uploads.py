"""Where an upload's bytes go while the request streams in, and the limits that hold meanwhile.

A photo as received may carry its owner's location. Until the form has saved
it on the private storage, it lives only in a temporary file without a name
(``tempfile.TemporaryFile``: made without one on Linux, its name removed the
instant it is made on other Unix systems, deleted by Windows when its process
ends) in the package's own folder beside the private files,
``upload_temp_dir()``, never the system's temporary folder. The operating
system frees such a file when it is closed or its process ends in any way,
killed included, so no exit path leaves the bytes behind.
``remove_stale_uploads()`` (run by the sweep) clears the folder of anything
left there all the same.
"""

import logging
import os
import tempfile
from datetime import timedelta

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import (
    FileUploadHandler,
    SkipFile,
    StopFutureHandlers,
)
from django.utils import timezone

from ..conf import ugc_settings
from ..storage import default_private_root

logger = logging.getLogger(__name__)

#: Files in ``upload_temp_dir()`` older than this belong to no running request.
STALE_UPLOAD_AGE = timedelta(hours=1)


def upload_temp_dir():
    """The package's own temporary folder: ``tmp`` in PRIVATE_ROOT (never public, never /tmp)."""
    return default_private_root() / "tmp"


class SizeLimitedUploadHandler(FileUploadHandler):
    """Streams each file into an unnamed temporary file, within MAX_UPLOAD_BYTES and the photo cap.

    It runs first in ``request.upload_handlers`` and keeps every file
    itself, so Django's own handlers (memory, or a named file in the system's
    temporary folder) never see a byte. A file is dropped the moment it
    passes the size limit, and files past the photo cap are not kept at all;
    what was dropped is remembered so the form can say why.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.max_bytes = ugc_settings.MAX_UPLOAD_BYTES
        self.max_files = ugc_settings.MAX_PHOTOS_PER_SUBMISSION
        self.oversized = []
        self.too_many = []
        self.files_started = 0
        self.received = 0

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.received = 0
        self.files_started += 1
        if self.files_started > self.max_files:
            self.too_many.append(file_name)
            raise SkipFile()
        folder = upload_temp_dir()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Django closes this file (Django's parser as it drops a skipped file,
        # the request when it ends); the system frees it then, or when the
        # process dies.
        self.file = tempfile.TemporaryFile(dir=folder)
        raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            self.oversized.append(self.file_name)
            raise SkipFile()
        self.file.write(raw_data)
        return None

    def file_complete(self, file_size):
        upload = self.file
        # Django closes ``self.file`` when a later file is skipped: never this
        # finished one, which the form still has to read.
        del self.file
        upload.seek(0)
        return UploadedFile(
            upload,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )

    def upload_interrupted(self):
        if hasattr(self, "file"):
            self.file.close()


def largest_acceptable_request():
    """Bytes a complete submission can need: every photo at the limit, plus the text fields."""
    return ugc_settings.MAX_UPLOAD_BYTES * ugc_settings.MAX_PHOTOS_PER_SUBMISSION + (
        1024 * 1024
    )


def remove_stale_uploads(now=None):
    """Delete what ended processes left in ``upload_temp_dir()``; return how many files."""
    cutoff = (now or timezone.now()) - STALE_UPLOAD_AGE
    removed = 0
    try:
        entries = list(os.scandir(upload_temp_dir()))
    except FileNotFoundError:
        return 0
    for entry in entries:
        try:
            if (
                entry.is_file(follow_symlinks=False)
                and entry.stat(follow_symlinks=False).st_mtime < cutoff.timestamp()
            ):
                os.remove(entry.path)
                removed += 1
        except FileNotFoundError:
            continue
    if removed:
        logger.warning(
            "Removed %d stale upload files from %s", removed, upload_temp_dir()
        )
    return removed

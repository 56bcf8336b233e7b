"""An upload handler that enforces MAX_UPLOAD_BYTES and the photo count while the request streams in."""

from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from ..conf import ugc_settings


class SizeLimitedUploadHandler(FileUploadHandler):
    """Drops a file the moment it passes the size limit, and files past the photo cap.

    It runs first in ``request.upload_handlers``, so a dropped file is never
    written to memory or a temporary file by the handlers after it. What was
    dropped is remembered so the form can say why.
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

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            self.oversized.append(self.file_name)
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size):
        return None


def largest_acceptable_request():
    """Bytes a complete submission can need: every photo at the limit, plus the text fields."""
    return ugc_settings.MAX_UPLOAD_BYTES * ugc_settings.MAX_PHOTOS_PER_SUBMISSION + (
        1024 * 1024
    )

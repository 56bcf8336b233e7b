"""Public images of displayable photos, kept apart from the editors' image library.

A ``UGCImage`` exists only while its photo is displayable (invariant 2 in
docs/architecture.md): publication creates it from the sanitised master, and
anything that makes the submission undisplayable deletes it and its renditions.
Its file and every rendition carry the licensing metadata of its submission
(``wagtail_ugc.licensing``, docs/licensing.md).
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from wagtail.images.models import AbstractImage, AbstractRendition

from ..licensing import FileRights, LicensedFilter, rights_of, xmp_packet
from ..storage import PUBLIC_FOLDER


class UGCImage(AbstractImage):
    admin_form_fields = ("title", "file")

    #: The rights its files carry; publication sets them on an image it is
    #: making, before its photo has it. Otherwise read from its submission.
    file_rights = None

    class Meta:
        verbose_name = "UGC image"

    def get_upload_to(self, filename):
        return (
            super()
            .get_upload_to(filename)
            .replace("original_images/", f"{PUBLIC_FOLDER}/", 1)
        )

    def licensing_xmp(self):
        if self.file_rights is None:
            try:
                self.file_rights = rights_of(self.photo.submission)
            except ObjectDoesNotExist:
                self.file_rights = FileRights()  # No photo: shown nowhere.
        return xmp_packet(self.file_rights)

    def create_renditions(self, *filters):
        if filters:
            # Read here: Wagtail makes several renditions at once in worker
            # threads, which must not query the database.
            self.licensing_xmp()
        return super().create_renditions(*filters)

    def generate_rendition_file(self, filter, *, source=None):
        return super().generate_rendition_file(
            LicensedFilter(filter.spec, self.licensing_xmp()), source=source
        )


class UGCRendition(AbstractRendition):
    image = models.ForeignKey(
        UGCImage, on_delete=models.CASCADE, related_name="renditions"
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    def get_upload_to(self, filename):
        return f"{PUBLIC_FOLDER}/renditions/{filename}"

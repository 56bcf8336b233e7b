"""Public images of displayable photos, kept apart from the editors' image library.

A ``UGCImage`` exists only while its photo is displayable (invariant 2 in
docs/architecture.md): publication creates it from the sanitised master, and
anything that makes the submission undisplayable deletes it and its renditions.
"""

from django.db import models
from wagtail.images.models import AbstractImage, AbstractRendition


class UGCImage(AbstractImage):
    admin_form_fields = ("title", "file")

    class Meta:
        verbose_name = "UGC image"

    def get_upload_to(self, filename):
        return super().get_upload_to(filename).replace("original_images/", "ugc/", 1)


class UGCRendition(AbstractRendition):
    image = models.ForeignKey(
        UGCImage, on_delete=models.CASCADE, related_name="renditions"
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    def get_upload_to(self, filename):
        return "ugc/renditions/" + filename

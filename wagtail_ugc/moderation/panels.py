"""Edit panels of the submission editor that Wagtail does not provide."""

from django.core.exceptions import ValidationError
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils.translation import gettext
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.panels import InlinePanel


class ExistingPhotosFormSet(BaseChildFormSet):
    """A submission's photos: each may be described, reordered or deleted, none added."""

    def clean(self):
        super().clean()
        for form in self.extra_forms:
            if not getattr(form, "cleaned_data", {}).get(DELETION_FIELD_NAME):
                raise ValidationError(
                    gettext(
                        "Photos come only from the creator's upload: a photo "
                        "cannot be added here."
                    ),
                    code="photo_without_file",
                )


class ExistingPhotosPanel(InlinePanel):
    """An inline panel for the photos a submission already has, without an "Add" button.

    A photo is a file the creator sent; a row added in the editor would have
    none, so the form refuses one (and publishing never creates one, see
    ``Submission.with_content_json``).
    """

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = ExistingPhotosFormSet
        return options

    class BoundPanel(InlinePanel.BoundPanel):
        template_name = "wagtail_ugc/moderation/existing_photos_panel.html"

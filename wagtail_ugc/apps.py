from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailUGCConfig(AppConfig):
    name = "wagtail_ugc"
    label = "wagtail_ugc"
    verbose_name = _("User-generated content")
    default_auto_field = "django.db.models.BigAutoField"

    def import_models(self):
        super().import_models()
        # The workflow step's model lives in the moderation stage, with the
        # decisions it makes; models/ may not import a stage (docs/architecture.md).
        import_module(f"{self.name}.moderation.task")

    def ready(self):
        from . import checks, signal_handlers  # noqa: F401

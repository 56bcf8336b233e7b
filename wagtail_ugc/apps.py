from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailUGCConfig(AppConfig):
    name = "wagtail_ugc"
    label = "wagtail_ugc"
    verbose_name = _("User-generated content")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, signal_handlers  # noqa: F401

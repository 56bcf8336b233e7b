"""Public URLs of wagtail-ugc; include them under a prefix, e.g. ``path("ugc/", include(ugc_urls))``."""

from django.urls import include, path

from .moderation.views import photo as moderation_photo

app_name = "wagtail_ugc"

urlpatterns = [
    path("", include("wagtail_ugc.rights.urls")),
    path("", include("wagtail_ugc.intake.urls")),
    path("", include("wagtail_ugc.engagement.urls")),
    path("", include("wagtail_ugc.display.urls")),
    # Outside the admin URLs on purpose: Wagtail's admin wrapper would send a
    # logged-out request to the login page; this view answers 404 to anyone
    # who may not moderate.
    path(
        "moderation/photo/<uuid:uuid>/<str:size>/",
        moderation_photo,
        name="moderation_photo",
    ),
]

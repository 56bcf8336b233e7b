"""Public URLs of wagtail-ugc; include them under a prefix, e.g. ``path("ugc/", include(ugc_urls))``."""

app_name = "wagtail_ugc"

urlpatterns = []

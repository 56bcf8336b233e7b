"""The example site's URLs plus public media, for the rights browser test (tests run with DEBUG off)."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve
from example_site.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *site_urlpatterns,
]

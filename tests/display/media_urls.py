"""The example site's URLs plus public media, for browser tests (the test settings run with DEBUG off)."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve
from example_site.urls import urlpatterns as site_urlpatterns


def public_media(request, path):
    # Read MEDIA_ROOT per request: each test has its own.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", public_media),
    *site_urlpatterns,
]

import os
import re

import django
from demo import bench
from django.conf import settings
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from wagtail_ugc import urls as ugc_urls

if django.VERSION >= (6, 0):
    from django.views.decorators.csp import csp_override

    without_csp = csp_override({})
else:
    from csp.decorators import csp_exempt

    without_csp = csp_exempt()

urlpatterns = [
    # Wagtail's admin uses inline scripts and styles: no Content-Security-Policy.
    *decorate_urlpatterns([path("admin/", include(wagtailadmin_urls))], without_csp),
    path("documents/", include(wagtaildocs_urls)),
    path("ugc/", include(ugc_urls)),
    # The language switcher in base.html. Without a CSRF token, so that public
    # pages carry nothing per visitor and stay in the page cache; a forged
    # request can only change the language a visitor reads the demo in.
    path("language/", csrf_exempt(set_language), name="set_language"),
]


def public_media(request, path):
    # MEDIA_ROOT is read per request, so that tests can give each test its own.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


if getattr(settings, "SERVE_MEDIA", False):
    media_prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns.append(re_path(rf"^{media_prefix}(?P<path>.*)$", public_media))

# The load benchmark's pages (benchmarks/load.py, demo/bench.py), never on by default.
if os.environ.get("UGC_BENCH_PAGES") == "1":
    urlpatterns += [
        path("bench/naive-gallery/", bench.naive_gallery),
        re_path(r"^bench/rendered/(?P<path>.*)$", bench.rendered_page),
    ]

urlpatterns += [path("", include(wagtail_urls))]

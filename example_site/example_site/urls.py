import os
import re

import django
from demo import bench, feed, webhook_receiver
from django.conf import settings
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import Sitemap as PageSitemap
from wagtail.contrib.sitemaps import views as sitemap_views
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from wagtail_ugc import urls as ugc_urls
from wagtail_ugc.api.urls import api as ugc_api
from wagtail_ugc.display.sitemaps import ItemSitemap
from wagtail_ugc.licensing import tdm_reservation_header, tdmrep_json
from wagtail_ugc.storage import PUBLIC_FOLDER

if django.VERSION >= (6, 0):
    from django.views.decorators.csp import csp_override

    without_csp = csp_override({})
else:
    from csp.decorators import csp_exempt

    without_csp = csp_exempt()

SITEMAPS = {"pages": PageSitemap, "ugc": ItemSitemap}

urlpatterns = [
    # Wagtail's admin uses inline scripts and styles: no Content-Security-Policy.
    *decorate_urlpatterns([path("admin/", include(wagtailadmin_urls))], without_csp),
    path("documents/", include(wagtaildocs_urls)),
    path("ugc/", include(ugc_urls)),
    # Text and data mining reserved on public UGC media (docs/licensing.md).
    path(".well-known/tdmrep.json", tdmrep_json),
    # Wagtail's pages and the UGC item pages (docs/item-pages.md).
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap"},
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    # The read API and its interactive docs at /api/ugc/docs (docs/api.md).
    path("api/ugc/", ugc_api.urls),
    # The language switcher in base.html. Without a CSRF token, so that public
    # pages carry nothing per visitor and stay in the page cache; a forged
    # request can only change the language a visitor reads the demo in.
    path("language/", csrf_exempt(set_language), name="set_language"),
    # The demo's webhook receiver (docs/webhooks.md, "The demo").
    path("demo/webhook-receiver/", webhook_receiver.receive),
    # The demo's social feed, read by its import source (demo/feed.py).
    path("demo/feed.xml", feed.feed_view),
    path("demo/feed/<int:number>.jpg", feed.image_view),
]


def public_media(request, path):
    # MEDIA_ROOT is read per request, so that tests can give each test its own.
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if path.startswith(f"{PUBLIC_FOLDER}/"):
        # What a web server in front of the media adds (docs/licensing.md).
        tdm_reservation_header(response)
    return response


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

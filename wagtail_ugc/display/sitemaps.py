"""A sitemap section of every displayable item's page, beside Wagtail's pages.

``ItemSitemap`` is a ``wagtail.contrib.sitemaps`` sitemap, so Wagtail's
``index`` and ``sitemap`` views give it the request, and Django's
(``django.contrib.sitemaps.views``) take it as well::

    from wagtail.contrib.sitemaps import Sitemap
    from wagtail.contrib.sitemaps import views as sitemap_views
    from wagtail_ugc.display.sitemaps import ItemSitemap

    sitemaps = {"pages": Sitemap, "ugc": ItemSitemap}

See docs/item-pages.md. Only ``Submission.objects.displayable()`` is listed
(invariant 1 in docs/architecture.md). Each section page of ``limit`` items
costs the same few queries, whatever the number of items: the count, the
slice and the Site.
"""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.db.models import Max
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap

from ..models import Submission
from .presentation import permalink


class ItemSitemap(Sitemap):
    """The item pages (``wagtail_ugc:item``) of displayable submissions, oldest first."""

    #: Items per sitemap page; more make more pages, listed by the index.
    limit = 5000

    # Wagtail's asks each page for its URLs; Django's reads location() and
    # lastmod() of each item, which is what these are.
    _urls = DjangoSitemap._urls

    def items(self):
        return (
            Submission.objects.displayable()
            .order_by("pk")
            .only("pk", "uuid", "updated_at")
        )

    def location(self, item):
        return permalink(item)

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]

    # Absolute URLs from the Wagtail Site's root URL, as Wagtail's pages
    # section has them, not from django.contrib.sites or the request's Host.
    def get_protocol(self, protocol=None):
        return self.root_url().scheme or "https"

    def get_domain(self, site=None):
        return self.root_url().netloc

    def root_url(self):
        if not hasattr(self, "_root_url"):
            self._root_url = urlsplit(self.get_wagtail_site().root_url)
        return self._root_url

"""A site that serves Wagtail's own API and adds the UGC items to it, as docs/api.md shows."""

from django.urls import path
from wagtail.api.v3.urls import api

from wagtail_ugc.api.items import router as ugc_router

api.add_router("/ugc/", ugc_router)

urlpatterns = [path("api/v3/", api.urls)]

"""A ready API holding only the UGC items; mount it with ``path("api/ugc/", ugc_api.urls)``.

Its interactive documentation is at ``docs/`` below that prefix, the OpenAPI
schema at ``openapi.json``. A site that already serves Wagtail's own API
(``wagtail.api.v3``) can add ``wagtail_ugc.api.items.router`` to it instead
(docs/api.md).
"""

from ninja import NinjaAPI

from .errors import register_error_handlers
from .items import router

api = NinjaAPI(
    title="UGC API",
    version="1",
    description="Approved, rights-cleared user-generated content: photos, reviews and videos.",
    urls_namespace="wagtail_ugc_api",
)
register_error_handlers(api)
api.add_router("/", router)

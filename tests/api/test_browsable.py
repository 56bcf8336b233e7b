"""The example site serves the API's interactive docs and OpenAPI schema, from its own static files."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_docs_page_and_schema_are_served(client):
    page = client.get("/api/ugc/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "swagger-ui-bundle.js" in html and "cdn.jsdelivr" not in html
    # Served under the site's strict policy: it needs nothing inline.
    assert "script-src 'self'" in page["Content-Security-Policy"]
    schema = client.get("/api/ugc/openapi.json").json()
    assert set(schema["paths"]) == {"/api/ugc/items/", "/api/ugc/items/{item_id}/"}
    item = schema["components"]["schemas"]["ItemOut"]["properties"]
    assert "email" not in str(schema).lower() and "creator" not in item
    assert {"campaign", "tag", "related_page", "kind", "limit", "offset"} <= {
        p["name"] for p in schema["paths"]["/api/ugc/items/"]["get"]["parameters"]
    }

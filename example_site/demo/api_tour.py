"""Where the demo's read API is (docs/api.md)."""

from django.urls import reverse

from wagtail_ugc.models import Submission


def describe(stdout):
    items = reverse("wagtail_ugc_api:items")
    docs = reverse("wagtail_ugc_api:openapi-view")
    count = Submission.objects.displayable().count()
    stdout.write(f"Read API: {items} ({count} displayable items); try it at {docs}")

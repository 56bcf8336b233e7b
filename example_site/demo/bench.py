"""Pages for the load benchmark only (benchmarks/load.py), routed only when UGC_BENCH_PAGES=1.

- ``naive_gallery``: the naive ``{% image %}`` loop over the same photos as
  a gallery block set to "all", photos, newest first, ``n`` items: each
  submission's photos read one by one, and each image's rendition looked up
  on its own, the way a template written without the gallery block would.
- ``rendered_page``: any Wagtail page, served as Wagtail serves it.

Both are rendered on every request: they are marked private, which the page
cache (Django's cache middleware) never keeps. So they measure rendering
even where the site caches its pages.
"""

from functools import wraps

from django.shortcuts import render
from django.utils.cache import patch_cache_control
from wagtail.views import serve

from wagtail_ugc.models import Submission
from wagtail_ugc.models.choices import Kind


def rendered_every_time(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True)
        return response

    return wrapped


@rendered_every_time
def naive_gallery(request):
    try:
        count = min(max(int(request.GET.get("n", 48)), 1), 200)
    except ValueError:
        count = 48
    submissions = (
        Submission.objects.displayable()
        .filter(kind=Kind.PHOTO)
        .order_by("-submitted_at")[:count]
    )
    return render(request, "demo/naive_gallery.html", {"submissions": submissions})


rendered_page = rendered_every_time(serve)

"""Whether a post to the submission form comes from this site's own pages.

Django's CSRF protection needs a cookie and a token rendered into the form,
but a block rendered by ``{{ page.body }}`` gets no request, so it has no
token. The form is therefore accepted when either of these holds:

- Django's own check passes: cookie and token, as from the standalone page or
  a block rendered by ``{% include_block %}``;
- the browser says the post comes from a page of this site:
  ``Sec-Fetch-Site: same-origin`` when it sends that header; otherwise an
  ``Origin`` header Django's CSRF check would trust; otherwise, with neither,
  a ``Referer`` from an origin it would trust.

Browsers set these headers themselves and no page can change them, so a form
on another site that posts here is refused. See docs/intake.md, "Protection
against forged posts".
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.http import is_same_domain
from django.views.decorators.csrf import csrf_protect


def is_from_this_site(request):
    return browser_says_same_origin(request) or passes_django_csrf_check(request)


def browser_says_same_origin(request):
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site == "same-origin"
    if "Origin" in request.headers:
        return is_trusted_origin(request, request.headers["Origin"])
    referer = request.headers.get("Referer")
    return bool(referer) and is_trusted_origin(request, referer)


def is_trusted_origin(request, url):
    """The rules of Django's CSRF origin check, on the scheme and host of ``url``.

    This request's own ``scheme://host``, or one in ``CSRF_TRUSTED_ORIGINS``
    (where ``https://*.example.com`` also matches its subdomains). Comparing
    schemes means an https page is never vouched for by an http one.
    """
    try:
        parts = urlsplit(url)
        own = f"{request.scheme}://{request.get_host()}"
    except (ValueError, DisallowedHost):
        return False
    if not (parts.scheme and parts.netloc):
        return False  # "null", or not a URL
    if f"{parts.scheme}://{parts.netloc}" == own:
        return True
    for trusted in settings.CSRF_TRUSTED_ORIGINS:
        allowed = urlsplit(trusted)
        if allowed.scheme == parts.scheme and is_same_domain(
            parts.netloc, allowed.netloc.lstrip("*")
        ):
            return True
    return False


def passes_django_csrf_check(request):
    """Django's own CSRF check (cookie and token), without its failure page."""
    accepted = HttpResponse()
    return csrf_protect(lambda request: accepted)(request) is accepted

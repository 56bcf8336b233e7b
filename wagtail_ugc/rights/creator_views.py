"""Public views of the creator's own page (docs/creators.md).

The request form is open to anyone; everything else is reached through the
signed link e-mailed to the creator, whose token names the creator. Every
change is a POST with Django's CSRF token; no session or cookie of ours.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from ..intake.ratelimit import retry_after_seconds
from ..links import BadToken, ExpiredToken, creator_from_token
from ..models import Creator
from ..pages import render_page
from . import creator_page
from .creator_page import CreatorLinkForm, CreditForm
from .export import export_creator_bytes
from .views import private_page

#: What the page says after an action (``?done=``); any other value says nothing.
DONE_MESSAGES = {
    "credit": _("Your new credit is saved. The site shows it from now on."),
    "withdrawn": _(
        "It is withdrawn: it is no longer shown and its public copies are deleted."
    ),
    "withdrawn_all": _("Everything is withdrawn: nothing of yours is shown any more."),
}


def page(request, template, context=None, status=None):
    return private_page(render_page(request, template, context, status=status))


# Asking for the link ---------------------------------------------------------------


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def creator_link_view(request):
    """GET: the form. POST: the same answer for any address; the link goes only to a known one."""
    template = "wagtail_ugc/rights/creator_link.html"
    if request.method == "GET":
        return page(request, template, {"form": CreatorLinkForm()})
    form = CreatorLinkForm(request.POST)
    if not form.is_valid():
        return page(request, template, {"form": form}, status=400)
    email = form.cleaned_data["email"]
    if not creator_page.may_ask_for_link(request, email):
        response = page(
            request, "wagtail_ugc/rights/creator_link_limited.html", status=429
        )
        response["Retry-After"] = str(retry_after_seconds())
        return response
    response = page(request, "wagtail_ugc/rights/creator_link_sent.html")
    return creator_page.send_link_after(response, email)


# The page itself -------------------------------------------------------------------


class RefusedLink(Exception):
    def __init__(self, response):
        self.response = response


def creator_or_refusal(request, token):
    """The creator a token names, or raises ``RefusedLink`` with the page to show."""
    try:
        creator = creator_from_token(token, Creator.objects.all())
    except ExpiredToken:
        raise RefusedLink(
            page(
                request,
                "wagtail_ugc/rights/creator_link_bad.html",
                {"expired": True},
                status=400,
            )
        ) from None
    except BadToken:
        raise RefusedLink(
            page(request, "wagtail_ugc/rights/creator_link_bad.html", status=400)
        ) from None
    if creator is None:
        # Erased since the link was sent: nothing is held any more.
        raise RefusedLink(
            page(request, "wagtail_ugc/rights/creator_link_bad.html", status=404)
        )
    return creator


def with_creator(view):
    """Resolve the token, refuse a bad one, and run ``view`` in the creator's language."""

    def wrapped(request, token, **kwargs):
        try:
            creator = creator_or_refusal(request, token)
        except RefusedLink as refusal:
            return refusal.response
        with translation.override(creator_page.creator_page_language(creator)):
            return view(request, token, creator, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return never_cache(csrf_protect(wrapped))


def own_submission(creator, submission_uuid):
    """One of the creator's own submissions; 404 for anyone else's."""
    submission = (
        creator_page.submissions_of_creator(creator)
        .filter(uuid=submission_uuid)
        .first()
    )
    if submission is None:
        raise Http404
    return submission


def to_page(token, done, anchor=""):
    url = reverse("wagtail_ugc:creator_page", kwargs={"token": token})
    return redirect(f"{url}?done={done}{anchor}", permanent=False)


@require_http_methods(["GET"])
@with_creator
def creator_page_view(request, token, creator):
    """Every submission of the creator, with its status, where it is shown and its counts."""
    items = [
        creator_page.describe(submission, request)
        for submission in creator_page.submissions_of_creator(creator)
    ]
    return page(
        request,
        "wagtail_ugc/rights/creator_page.html",
        {
            "creator": creator,
            "token": token,
            "items": items,
            "any_active": any(item["active"] for item in items),
            "done": DONE_MESSAGES.get(request.GET.get("done", ""), ""),
        },
    )


@require_http_methods(["GET", "POST"])
@with_creator
def creator_credit_view(request, token, creator, submission_uuid):
    """GET: the credit form. POST: save the new credit (ledger, content, caches)."""
    submission = own_submission(creator, submission_uuid)
    if submission.withdrawn_at:
        return to_page(token, "withdrawn")
    initial = {
        "credit_line": submission.credit_line,
        "credit_url": submission.credit_url,
    }
    form = CreditForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        creator_page.change_credit(
            submission,
            credit_line=form.cleaned_data["credit_line"],
            credit_url=form.cleaned_data["credit_url"],
            request=request,
        )
        return to_page(token, "credit", f"#ugc-{submission.uuid}")
    return page(
        request,
        "wagtail_ugc/rights/creator_credit.html",
        {
            "creator": creator,
            "token": token,
            "item": creator_page.describe(submission, request),
            "form": form,
        },
        status=400 if request.method == "POST" else None,
    )


@require_http_methods(["GET", "POST"])
@with_creator
def creator_withdraw_view(request, token, creator, submission_uuid):
    """GET: ask to confirm. POST: withdraw this one submission."""
    submission = own_submission(creator, submission_uuid)
    if request.method == "POST" or submission.withdrawn_at:
        creator_page.withdraw_one(submission, request)
        return to_page(token, "withdrawn", f"#ugc-{submission.uuid}")
    return page(
        request,
        "wagtail_ugc/rights/creator_withdraw.html",
        {
            "creator": creator,
            "token": token,
            "item": creator_page.describe(submission, request),
        },
    )


@require_http_methods(["GET", "POST"])
@with_creator
def creator_withdraw_all_view(request, token, creator):
    """GET: ask to confirm. POST: withdraw every submission of the creator."""
    if request.method == "POST":
        creator_page.withdraw_all(creator, request)
        return to_page(token, "withdrawn_all")
    active = creator.submissions.filter(withdrawn_at__isnull=True).count()
    return page(
        request,
        "wagtail_ugc/rights/creator_withdraw_all.html",
        {"creator": creator, "token": token, "count": active},
    )


@require_POST
@with_creator
def creator_export_view(request, token, creator):
    """Everything held about the creator, as ``manage.py ugc_export_creator`` makes it (a zip)."""
    data, _summary = export_creator_bytes(creator.email)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="my-data.zip"'
    response["X-Content-Type-Options"] = "nosniff"
    return private_page(response)

"""Public pages of the rights stage, reached only through signed links sent to creators."""

from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from ..links import (
    BadToken,
    rights_request_uuid_from_token,
    submission_uuid_from_withdraw_token,
    withdraw_url,
)
from ..mail import creator_language
from ..models import RightsRequest, Submission
from ..models.choices import ConsentMethod, Source
from ..pages import render_page
from . import requests
from .forms import RightsAnswerForm
from .revocation import withdraw


def withdraw_method(submission):
    """How the consent being withdrawn was given decides the ledger's method."""
    if submission.source == Source.FORM:
        return ConsentMethod.FORM
    return ConsentMethod.RIGHTS_REQUEST


def private_page(response):
    # The token in the URL is the creator's key: keep it out of other sites'
    # referrers, search engines and shared caches. "same-origin", not
    # "no-referrer": browsers then send "Origin: null" and CSRF refuses the form.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def bad_link(request, *, status=400):
    return private_page(
        render_page(request, "wagtail_ugc/rights/bad_link.html", status=status)
    )


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def withdraw_view(request, token):
    """GET: ask the creator to confirm. POST: withdraw the submission."""
    try:
        submission_uuid = submission_uuid_from_withdraw_token(token)
    except BadToken:
        return bad_link(request, status=400)
    submission = (
        Submission.objects.select_related("creator")
        .filter(uuid=submission_uuid)
        .first()
    )
    if submission is None:
        # Erased, or purged: nothing is held any more.
        return private_page(
            render_page(request, "wagtail_ugc/rights/withdraw_gone.html", status=404)
        )
    with translation.override(creator_language(submission)):
        if request.method == "POST" and submission.withdrawn_at is None:
            withdraw(submission, request=request, method=withdraw_method(submission))
            return private_page(
                render_page(
                    request,
                    "wagtail_ugc/rights/withdraw_done.html",
                    {"submission": submission},
                )
            )
        template = (
            "wagtail_ugc/rights/withdraw_done.html"
            if submission.withdrawn_at
            else "wagtail_ugc/rights/withdraw_confirm.html"
        )
        return private_page(
            render_page(request, template, {"submission": submission, "token": token})
        )


def load_rights_request(token):
    """The rights request a token points at, or None; raises BadToken if forged."""
    request_uuid = rights_request_uuid_from_token(token)
    return (
        RightsRequest.objects.select_related(
            "submission", "submission__creator", "submission__campaign"
        )
        .filter(uuid=request_uuid)
        .first()
    )


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def rights_request_view(request, token):
    """The creator's page: the content, the terms, the credit; grant or decline."""
    try:
        rights_request = load_rights_request(token)
    except BadToken:
        return bad_link(request, status=400)
    if rights_request is None:
        return private_page(
            render_page(request, "wagtail_ugc/rights/withdraw_gone.html", status=404)
        )
    submission = rights_request.submission
    language = rights_request.language or creator_language(submission)
    with translation.override(language):
        context = {
            "rights_request": rights_request,
            "submission": submission,
            "withdraw_url": withdraw_url(submission),
        }
        if not requests.is_open(rights_request):
            return private_page(
                render_page(
                    request, "wagtail_ugc/rights/rights_request_answered.html", context
                )
            )
        form = RightsAnswerForm(
            request.POST if request.method == "POST" else None, submission=submission
        )
        if request.method == "POST":
            if request.POST.get("answer") == "decline":
                requests.decline(rights_request, request=request)
                rights_request.refresh_from_db()
                return private_page(
                    render_page(
                        request,
                        "wagtail_ugc/rights/rights_request_answered.html",
                        context,
                    )
                )
            if form.is_valid():
                requests.grant(
                    rights_request,
                    credit_line=form.cleaned_data["credit_line"],
                    credit_url=form.cleaned_data["credit_url"],
                    scopes=form.cleaned_data["scopes"],
                    people_shown_consented=form.cleaned_data.get(
                        "people_shown_consented", False
                    ),
                    request=request,
                )
                rights_request.refresh_from_db()
                submission.refresh_from_db()
                return private_page(
                    render_page(
                        request,
                        "wagtail_ugc/rights/rights_request_answered.html",
                        context,
                    )
                )
        context.update(
            form=form,
            terms=submission.campaign.current_terms if submission.campaign else None,
            photos=[
                {
                    "url": reverse(
                        "wagtail_ugc:rights_request_photo",
                        kwargs={"token": token, "photo_uuid": photo.uuid},
                    )
                }
                for photo in submission.photos.all()
                if photo.preview or photo.master
            ],
        )
        status = 400 if request.method == "POST" else 200
        return private_page(
            render_page(
                request,
                "wagtail_ugc/rights/rights_request.html",
                context,
                status=status,
            )
        )


@never_cache
@require_http_methods(["GET", "HEAD"])
def rights_request_photo_view(request, token, photo_uuid):
    """The private preview of a photo, for the creator holding an open request's link.

    The token proves the creator was sent the link; the file is served only
    while the request is open, never from a public URL.
    """
    try:
        rights_request = load_rights_request(token)
    except BadToken:
        raise Http404 from None
    if rights_request is None or not requests.is_open(rights_request):
        raise Http404
    photo = rights_request.submission.photos.filter(uuid=photo_uuid).first()
    file = photo and (photo.preview or photo.master)
    if not file:
        raise Http404
    response = FileResponse(file.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return private_page(response)

"""The public submission pages: the form for a campaign, and the thank-you page.

Cheap refusals come before the request body is read: an unknown or closed
campaign, a rate-limited address, a body larger than any valid submission.
Then the upload handlers are swapped so the size limit holds while the
files stream in: that is why the view is CSRF-exempt on the outside, as
Django's docs describe, and checks for forged posts on the inside, with
``origin.is_from_this_site()``, which also accepts a form rendered without a
request (so without a CSRF token). A post that fails it gets the form back to
send again.
"""

import logging

from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, requires_csrf_token

from ..conf import ugc_settings
from ..links import withdraw_url
from ..models import Campaign, Submission
from ..pages import render_page
from . import origin, ratelimit
from .errors import database_busy
from .forms import SubmissionForm
from .services import create_submission
from .uploads import SizeLimitedUploadHandler, largest_acceptable_request

THANKS_SESSION_KEY = "wagtail_ugc_submitted"
#: Seconds a visitor is asked to wait when the database was too busy to save.
BUSY_RETRY_AFTER = 10

logger = logging.getLogger(__name__)


def refusal(request, status, title, message, campaign=None):
    response = render_page(
        request,
        "wagtail_ugc/intake/refused.html",
        {"title": title, "message": message, "campaign": campaign},
        status=status,
    )
    if status == 429:
        response["Retry-After"] = str(ratelimit.retry_after_seconds())
    return response


def closed(request, campaign):
    return render_page(
        request,
        "wagtail_ugc/intake/closed.html",
        {"campaign": campaign, "now": timezone.now()},
        status=403,
    )


def rate_limited(request, campaign):
    return refusal(
        request,
        429,
        _("Please wait a little"),
        _(
            "You have sent a lot of submissions in the last hour. "
            "Please try again later; nothing you sent before is lost."
        ),
        campaign,
    )


@csrf_exempt
@never_cache
def submit_view(request, campaign_slug):
    campaign = get_object_or_404(Campaign, slug=campaign_slug)
    if not campaign.is_open():
        return closed(request, campaign)
    if request.method == "POST":
        if ratelimit.is_rate_limited(request):
            return rate_limited(request, campaign)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > largest_acceptable_request():
            return refusal(
                request,
                413,
                _("Too much to upload"),
                _(
                    "That is more than a submission can hold. Send fewer or "
                    "smaller photos (%(size)s each at most)."
                )
                % {"size": filesizeformat(ugc_settings.MAX_UPLOAD_BYTES)},
                campaign,
            )
        handler = SizeLimitedUploadHandler(request)
        request.upload_handlers.insert(0, handler)
        # The check is _handle_post's; this keeps a CSRF token for the form it
        # may show again.
        return requires_csrf_token(_handle_post)(request, campaign, handler)
    if request.method not in ("GET", "HEAD"):
        return refusal(request, 405, _("Not allowed"), "", campaign)
    form = SubmissionForm(campaign=campaign)
    return render_form(request, campaign, form)


def render_form(request, campaign, form, status=200):
    return render_page(
        request,
        "wagtail_ugc/intake/submit.html",
        {"campaign": campaign, "form": form, "terms": campaign.current_terms},
        status=status,
    )


def _handle_post(request, campaign, handler):
    form = SubmissionForm(
        request.POST, request.FILES, campaign=campaign, upload_handler=handler
    )
    if not origin.is_from_this_site(request):
        # A forged post, or a browser that sent no way to tell: nothing is
        # saved, and a visitor gets the form back with a token to send again.
        form.add_error(
            None,
            _(
                "We could not confirm that this was sent from our own page, so "
                "it was not saved. Please check your details and send it again."
            ),
        )
        return render_form(request, campaign, form, status=403)
    if form.is_spam:
        return refusal(
            request,
            400,
            _("We could not accept this"),
            _("Your submission could not be accepted. If you are a person, try again."),
            campaign,
        )
    if not form.is_valid():
        # The form again, with every error at its field and what was typed kept.
        return render_form(request, campaign, form, status=400)
    data = form.cleaned_data
    # Counted before it is saved, so overlapping posts cannot pass the limit.
    counted = ratelimit.take(request, data["email"])
    if counted is None:
        return rate_limited(request, campaign)
    try:
        submission = create_submission(
            campaign=campaign,
            kind=data["kind"],
            name=data["name"],
            email=data["email"],
            text=data.get("text", ""),
            rating=data.get("rating"),
            video_url=data.get("video_url", ""),
            video_provider=getattr(form, "video_provider", ""),
            credit_line=data.get("credit_line", ""),
            credit_url=data.get("credit_url", ""),
            scopes=data.get("scopes", []),
            age_confirmed=data["age_confirmed"],
            people_shown_consented=data.get("people_shown_consented", False),
            uploads=data.get("photos", []),
            formats=[probe.format for probe in form.probes],
            request=request,
        )
    except Exception as error:
        ratelimit.give_back(counted)
        if not database_busy(error):
            raise
        return busy(request, campaign, form, error)
    request.session[THANKS_SESSION_KEY] = str(submission.uuid)
    return redirect("wagtail_ugc:submit_thanks", campaign_slug=campaign.slug)


def busy(request, campaign, form, error):
    """The form again, with what was typed, when the database was too busy to save it."""
    logger.warning(
        "A submission to %s was not saved, the database was busy: %s. "
        'See "SQLite in production" in wagtail-ugc\'s docs/reference.md.',
        campaign.slug,
        error,
    )
    form.add_error(
        None,
        _(
            "So many people are sending at this moment that we could not save "
            "yours. Nothing was saved: please send it again in a moment."
        ),
    )
    # The form says to choose the photos again (photos_need_choosing_again).
    response = render_form(request, campaign, form, status=503)
    response["Retry-After"] = str(BUSY_RETRY_AFTER)
    return response


@never_cache
def thanks_view(request, campaign_slug):
    campaign = get_object_or_404(Campaign, slug=campaign_slug)
    submission_uuid = request.session.get(THANKS_SESSION_KEY)
    submission = (
        Submission.objects.filter(uuid=submission_uuid, campaign=campaign).first()
        if submission_uuid
        else None
    )
    if submission is None:
        return redirect("wagtail_ugc:submit", campaign_slug=campaign.slug)
    return render_page(
        request,
        "wagtail_ugc/intake/thanks.html",
        {
            "campaign": campaign,
            "submission": submission,
            "withdraw_url": withdraw_url(submission),
        },
    )

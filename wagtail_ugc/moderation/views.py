"""Moderators' admin views: private photos (authenticated, permission-checked) and the keyboard queue (a viewset)."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.log_actions import log

from ..intake.errors import database_busy
from ..models import RejectionReason, Submission, SubmissionPhoto
from ..models.choices import RejectionCategory
from ..permissions import can_moderate
from ..storage import private_storage
from ..text import clean_text
from . import actions
from .viewsets import awaiting_summary, flag_count
from .workflow import RejectForm, missing_for_approval

PHOTO_SIZES = ("thumb", "full")
QUEUE_PAGE_SIZE = 50
#: A longer ``next`` is no link the admin made: the queue is shown instead.
MAX_NEXT_LENGTH = 2000
#: Seconds to wait before trying again when the database was too busy.
BUSY_RETRY_AFTER = 5


def photo(request, uuid, size):
    """A photo's private file, for moderators only; anyone else gets a 404."""
    if size not in PHOTO_SIZES or not can_moderate(request.user):
        raise Http404
    item = SubmissionPhoto.objects.filter(uuid=uuid).only("preview", "master").first()
    if item is None:
        raise Http404
    # Only sanitised files are ever served; the bytes as received never are.
    file = item.preview if size == "thumb" and item.preview else item.master
    if not file:
        raise Http404
    try:
        handle = private_storage.open(file.name, "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=600"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


def _require_moderator(request):
    if not can_moderate(request.user):
        raise PermissionDenied


class QueueView(WagtailAdminTemplateMixin, TemplateView):
    """The focused queue: pending submissions, oldest first, decided from the keyboard."""

    template_name = "wagtail_ugc/moderation/queue.html"

    def dispatch(self, request, *args, **kwargs):
        _require_moderator(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        pending = (
            Submission.objects.awaiting_moderation()
            .select_related("campaign")
            .annotate(flag_count=flag_count())
            .prefetch_related(
                Prefetch(
                    "photos",
                    queryset=SubmissionPhoto.objects.order_by("sort_order", "pk"),
                ),
                "flags",
            )
            .order_by("submitted_at", "pk")
        )
        page = Paginator(pending, QUEUE_PAGE_SIZE).get_page(self.request.GET.get("p"))
        return super().get_context_data(
            page_obj=page,
            items=[
                {"submission": submission, "missing": _missing_from_row(submission)}
                for submission in page.object_list
            ],
            total=page.paginator.count,
            reasons=RejectionReason.objects.all(),
            categories=RejectionCategory.choices,
            inspect_url_name=Submission.snippet_viewset.get_url_name("inspect"),
            **kwargs,
        )


def _missing_from_row(submission):
    # The queue checks the stored row (no revision load per item); approval
    # itself checks the latest revision.
    submission.latest_revision_id = None
    return missing_for_approval(submission)


def _answer(request, ok, message, status=200, **extra):
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        return JsonResponse({"ok": ok, "message": str(message), **extra}, status=status)
    (messages.success if ok else messages.error)(request, message)
    return redirect(next_url(request))


def next_url(request):
    """Where to go back to: ``next`` if it stays on this site, else the queue."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if len(url) <= MAX_NEXT_LENGTH and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("wagtail_ugc_queue:index")


def busy_database_answers_503(view):
    """A decision the database was too busy to write changes nothing: say so, never a 500."""

    @wraps(view)
    def answer_busy(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Exception as error:
            if not database_busy(error):
                raise
        response = _answer(
            request,
            False,
            gettext(
                "The database was too busy to save this, so nothing was "
                "changed. Please try again in a moment."
            ),
            status=503,
        )
        response["Retry-After"] = str(BUSY_RETRY_AFTER)
        return response

    return answer_busy


@require_POST
@busy_database_answers_503
def approve(request, pk):
    _require_moderator(request)
    submission = get_object_or_404(Submission, pk=pk)
    try:
        actions.approve(submission, request.user)
    except actions.ModerationConflict as conflict:
        return _answer(request, False, conflict.message, status=409)
    except actions.ApprovalRefused as refused:
        return _answer(
            request,
            False,
            refused.args[0],
            status=400,
            missing=[str(item) for item in refused.missing],
        )
    except PermissionDenied as denied:
        return _answer(
            request, False, str(denied) or gettext("Not allowed."), status=403
        )
    return _answer(request, True, gettext("Approved: %s") % submission)


@require_POST
@busy_database_answers_503
def reject(request, pk):
    _require_moderator(request)
    submission = get_object_or_404(Submission, pk=pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        errors = " ".join(
            str(error) for errors in form.errors.values() for error in errors
        )
        return _answer(request, False, errors, status=400)
    try:
        actions.reject(
            submission,
            request.user,
            category=form.cleaned_data["category"],
            reason=form.cleaned_data["comment"],
        )
    except actions.ModerationConflict as conflict:
        return _answer(request, False, conflict.message, status=409)
    except PermissionDenied as denied:
        return _answer(
            request, False, str(denied) or gettext("Not allowed."), status=403
        )
    return _answer(request, True, gettext("Rejected: %s") % submission)


@require_POST
@busy_database_answers_503
def edit_inline(request, pk):
    """Save the credit line and alt text typed into the queue, as a new revision.

    Only while the submission awaits a decision: once decided, meanwhile
    too, it is ``ModerationConflict`` (409), like a second decision.
    """
    _require_moderator(request)
    submission = get_object_or_404(Submission, pk=pk)
    credit_line = request.POST.get("credit_line")
    if credit_line is not None:
        credit_line = clean_text(credit_line)
        if len(credit_line) > Submission._meta.get_field("credit_line").max_length:
            return _answer(
                request, False, gettext("The credit line is too long."), status=400
            )
    try:
        with transaction.atomic():
            locked = actions.lock_pending(submission)
            content = (
                locked.get_latest_revision_as_object()
                if locked.latest_revision_id
                else locked
            )
            if credit_line is not None:
                content.credit_line = credit_line
                Submission.objects.filter(pk=pk).update(credit_line=credit_line)
            for item in content.photos.all():
                alt_text = request.POST.get(f"alt_text-{item.uuid}")
                if alt_text is None:
                    continue
                alt_text = clean_text(alt_text)[:250]
                decorative = request.POST.get(f"decorative-{item.uuid}") == "on"
                item.alt_text, item.decorative = alt_text, decorative
                SubmissionPhoto.objects.filter(uuid=item.uuid).update(
                    alt_text=alt_text, decorative=decorative
                )
            content.save_revision(user=request.user, clean=False)
            log(locked, "wagtail_ugc.edit_inline", user=request.user)
    except actions.ModerationConflict as conflict:
        return _answer(request, False, conflict.message, status=409)
    submission.refresh_from_db()
    submission.latest_revision_id = None
    return _answer(
        request,
        True,
        gettext("Saved."),
        missing=[str(item) for item in missing_for_approval(submission)],
    )


class QueueMenuItem(MenuItem):
    """The queue's entry in the "UGC" menu group: for moderators, with the number waiting."""

    def is_shown(self, request):
        return can_moderate(request.user)

    def render_component(self, request):
        component = super().render_component(request)
        count = awaiting_summary()["count"]
        if count:
            component.label = f"{self.label} ({count})"
            component.attrs = {**component.attrs, "data-ugc-awaiting": str(count)}
        return component


class ModerationQueueViewSet(ViewSet):
    """The keyboard queue at /admin/ugc/queue/; its URL names are ``wagtail_ugc_queue:…``."""

    name = "wagtail_ugc_queue"
    url_prefix = "ugc/queue"
    icon = "tasks"
    menu_label = gettext_lazy("Moderation queue")
    menu_name = "ugc-queue"
    menu_item_class = QueueMenuItem

    def get_urlpatterns(self):
        # The first pattern is the one the menu item opens.
        return [
            path(
                "",
                self.construct_view(
                    QueueView, page_title=self.menu_label, header_icon=self.icon
                ),
                name="index",
            ),
            path("<int:pk>/approve/", approve, name="approve"),
            path("<int:pk>/reject/", reject, name="reject"),
            path("<int:pk>/edit/", edit_inline, name="edit_inline"),
        ]

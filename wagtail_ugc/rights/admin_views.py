"""Admin views of the rights stage: a submission's rights page, found content, consent with evidence, export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from ..models import RightsRequest, Submission, SubmissionPhoto
from ..models.choices import (
    ConsentMethod,
    Kind,
    Licence,
    ModerationStatus,
    ProcessingState,
    RightsStatus,
    Source,
)
from ..publication import publish_public_files_task
from ..signals import displayability_changed
from . import requests
from .export import export_creator_bytes
from .forms import (
    AddFoundContentForm,
    ExportCreatorForm,
    RecordConsentForm,
    RequestRightsForm,
)
from .ledger import record_grant
from .links import withdraw_url

MODERATE_PERMISSION = "wagtail_ugc.moderate_submission"
EXPORT_PERMISSION = "wagtail_ugc.change_creator"
CONSENT_LOG_ACTION = "wagtail_ugc.consent_recorded"


def may_manage_rights(user):
    return bool(user and user.is_active and user.has_perm(MODERATE_PERMISSION))


def may_export(user):
    return bool(user and user.is_active and user.has_perm(EXPORT_PERMISSION))


class RightsAdminView(WagtailAdminTemplateMixin, FormView):
    header_icon = "key"
    breadcrumbs_items = []
    permission_check = staticmethod(may_manage_rights)

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_check(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SubmissionRightsView(RightsAdminView):
    """A submission's rights: status, the open request and its link, the ledger; request rights."""

    template_name = "wagtail_ugc/rights/admin/submission_rights.html"
    form_class = RequestRightsForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.submission = get_object_or_404(
            Submission.objects.select_related("creator", "campaign"), pk=kwargs["pk"]
        )

    def get_page_title(self):
        return _("Rights of %(submission)s") % {"submission": self.submission}

    def get_initial(self):
        creator = self.submission.creator
        return {
            "sent_to": creator.email if creator else "",
            "language": (creator.language if creator else "") or self.submission.locale,
            "send_email": bool(creator),
        }

    def form_valid(self, form):
        try:
            requests.request_rights(
                self.submission,
                requested_by=self.request.user,
                sent_to=form.cleaned_data["sent_to"],
                language=form.cleaned_data["language"],
                licence_expires_at=form.cleaned_data["licence_expires_at"],
                send_email=form.cleaned_data["send_email"],
                request=self.request,
            )
        except requests.CannotRequestRights as refusal:
            form.add_error(None, str(refusal))
            return self.form_invalid(form)
        if form.cleaned_data["send_email"]:
            messages.success(self.request, _("The rights request was sent."))
        else:
            messages.success(
                self.request, _("The rights request is ready: copy its link below.")
            )
        return redirect(rights_page_url(self.submission))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        open_request = requests.open_request(self.submission)
        context.update(
            submission=self.submission,
            open_request=open_request,
            open_request_link=requests.rights_request_link(open_request, self.request)
            if open_request
            else "",
            can_request=self.can_request(),
            rights_requests=self.submission.rights_requests.all(),
            consents=self.submission.consents.select_related("recorded_by").order_by(
                "-created_at", "-pk"
            ),
            consent_url=reverse(
                "wagtail_ugc_rights:record_consent", args=[self.submission.pk]
            ),
            withdraw_link=self.request.build_absolute_uri(
                withdraw_url(self.submission)
            ),
            licence_label=dict(Licence.choices).get(
                self.submission.licence, self.submission.licence
            ),
        )
        return context

    def can_request(self):
        try:
            requests.check_can_request(self.submission)
        except requests.CannotRequestRights as refusal:
            return str(refusal)
        return True


class RecordConsentView(RightsAdminView):
    """An editor records consent given outside the site, with the evidence attached."""

    template_name = "wagtail_ugc/rights/admin/form.html"
    form_class = RecordConsentForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.submission = get_object_or_404(Submission, pk=kwargs["pk"])

    def get_page_title(self):
        return _("Record consent for %(submission)s") % {"submission": self.submission}

    def get_initial(self):
        return {"credit_line": self.submission.credit_line}

    def form_valid(self, form):
        if self.submission.withdrawn_at:
            form.add_error(None, _("The creator withdrew this submission."))
            return self.form_invalid(form)
        data = form.cleaned_data
        with transaction.atomic():
            record_grant(
                self.submission,
                method=ConsentMethod.EDITOR,
                scopes=data["scopes"],
                licence=data["licence"],
                credit_line=data["credit_line"],
                credit_url=data["credit_url"],
                terms=self.submission.campaign.current_terms
                if self.submission.campaign
                else None,
                file_sha256s=[p.received_sha256 for p in self.submission.photos.all()],
                recorded_by=self.request.user,
                evidence=data["evidence"],
                expires_at=data["expires_at"],
                note=data["note"],
            )
            RightsRequest.objects.filter(
                submission=self.submission, status=RightsRequest.Status.REQUESTED
            ).update(status=RightsRequest.Status.GRANTED, responded_at=timezone.now())
            log(
                instance=self.submission,
                action=CONSENT_LOG_ACTION,
                user=self.request.user,
            )
        if self.submission.is_displayable():
            publish_public_files_task.enqueue(self.submission.pk)
        displayability_changed.send(sender=Submission, submission_id=self.submission.pk)
        messages.success(self.request, _("Consent recorded with its evidence."))
        return redirect(rights_page_url(self.submission))


class AddFoundContentView(RightsAdminView):
    """Add content that came without consent, and ask its creator for rights."""

    template_name = "wagtail_ugc/rights/admin/form.html"
    form_class = AddFoundContentForm
    form_is_multipart = True

    def get_page_title(self):
        return _("Add found content and request rights")

    def get_initial(self):
        return {"send_email": True}

    def form_valid(self, form):
        data = form.cleaned_data
        from ..models import Creator

        try:
            with transaction.atomic():
                creator = (
                    Creator.objects.for_email(
                        data["sent_to"], name=data["name"], language=data["language"]
                    )
                    if data["sent_to"]
                    else None
                )
                submission = Submission.objects.create(
                    kind=data["kind"],
                    campaign=data["campaign"],
                    creator=creator,
                    text=data["text"],
                    video_url=data["video_url"] if data["kind"] == Kind.VIDEO else "",
                    credit_line=data["name"],
                    locale=data["language"],
                    source=Source.RIGHTS_REQUEST,
                    source_url=data["source_url"],
                    processing_state=ProcessingState.RECEIVED,
                    moderation_status=ModerationStatus.PENDING,
                    rights_status=RightsStatus.REQUESTED,
                    live=False,
                )
                if data["kind"] == Kind.PHOTO:
                    add_received_photo(submission, data["photos"], data["photo_format"])
                requests.request_rights(
                    submission,
                    requested_by=self.request.user,
                    sent_to=data["sent_to"],
                    language=data["language"],
                    licence_expires_at=data["licence_expires_at"],
                    send_email=data["send_email"],
                    request=self.request,
                )
                log(
                    instance=submission, action="wagtail.create", user=self.request.user
                )
                transaction.on_commit(lambda: start_processing(submission.pk))
        except requests.CannotRequestRights as refusal:
            form.add_error(None, str(refusal))
            return self.form_invalid(form)
        messages.success(
            self.request, _("Added. The creator's answer will show in the queue.")
        )
        return redirect(rights_page_url(submission))

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "form_is_multipart": True}


def add_received_photo(submission, upload, received_format):
    from ..intake.services import file_sha256

    photo = SubmissionPhoto(
        submission=submission,
        received_sha256=file_sha256(upload),
        received_bytes=upload.size,
        received_format=received_format,
    )
    photo.incoming.save("upload", upload, save=False)
    photo.save()
    return photo


def start_processing(submission_id):
    from ..intake.services import start_processing as intake_start_processing

    intake_start_processing(submission_id)


class ExportCreatorView(RightsAdminView):
    """Download everything held about a creator, as the export command writes it."""

    template_name = "wagtail_ugc/rights/admin/form.html"
    form_class = ExportCreatorForm
    permission_check = staticmethod(may_export)

    def get_page_title(self):
        return _("Export a creator's data")

    def get_initial(self):
        return {"email": self.request.GET.get("email", "")}

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        content, data = export_creator_bytes(email)
        if not data["creator"] and not data["submissions"] and not data["consents"]:
            form.add_error("email", _("Nothing is held about this address."))
            return self.form_invalid(form)
        response = HttpResponse(content, content_type="application/zip")
        filename = f"ugc-export-{timezone.now():%Y%m%d}.zip"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


def rights_page_url(submission):
    return reverse("wagtail_ugc_rights:submission", args=[submission.pk])

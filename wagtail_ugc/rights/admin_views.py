"""Admin views of the rights stage: a submission's rights page, found content, consent with evidence, export.

Two viewsets at the end put them in the "UGC" menu group and name their URLs.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.log_actions import log

from ..intake.services import receiving_submission
from ..links import withdraw_url
from ..mail import creator_language
from ..models import RightsRequest, Submission
from ..models.choices import ConsentMethod, Kind, Licence, Source
from ..models.ledger import record_grant
from ..permissions import may_export, may_manage_rights
from . import requests
from .export import export_creator_bytes
from .forms import (
    AddFoundContentForm,
    ExportCreatorForm,
    RecordConsentForm,
    RequestRightsForm,
)

CONSENT_LOG_ACTION = "wagtail_ugc.consent_recorded"


class RightsAdminView(WagtailAdminTemplateMixin, FormView):
    header_icon = "key"
    permission_check = staticmethod(may_manage_rights)

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_check(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]


def submission_breadcrumbs(submission):
    """Submissions › the submission: where a submission's rights pages hang in the admin."""
    viewset = Submission.snippet_viewset
    return [
        {"url": reverse(viewset.get_url_name("list")), "label": viewset.menu_label},
        {
            "url": reverse(viewset.get_url_name("inspect"), args=[submission.pk]),
            "label": str(submission),
        },
    ]


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

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            *submission_breadcrumbs(self.submission),
            {"url": "", "label": _("Rights")},
        ]

    def get_initial(self):
        creator = self.submission.creator
        return {
            "sent_to": creator.email if creator else "",
            "language": creator_language(self.submission),
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

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            *submission_breadcrumbs(self.submission),
            {"url": rights_page_url(self.submission), "label": _("Rights")},
            {"url": "", "label": _("Record consent")},
        ]

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
        is_photo = data["kind"] == Kind.PHOTO
        try:
            with receiving_submission(
                email=data["sent_to"],
                name=data["name"],
                language=data["language"],
                uploads=[data["photos"]] if is_photo else (),
                formats=[data["photo_format"]] if is_photo else (),
                kind=data["kind"],
                campaign=data["campaign"],
                text=data["text"],
                video_url=data["video_url"] if data["kind"] == Kind.VIDEO else "",
                credit_line=data["name"],
                source=Source.RIGHTS_REQUEST,
                source_url=data["source_url"],
            ) as (submission, _photos):
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
        except requests.CannotRequestRights as refusal:
            form.add_error(None, str(refusal))
            return self.form_invalid(form)
        messages.success(
            self.request, _("Added. The creator's answer will show in the queue.")
        )
        return redirect(rights_page_url(submission))

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "form_is_multipart": True}


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


class RightsAdminViewSet(ViewSet):
    """Rights pages in the "UGC" menu group: open to, and listed for, the users ``permission_check`` lets in."""

    icon = "key"
    permission_check = staticmethod(may_manage_rights)

    @cached_property
    def menu_item_class(self):
        permission_check = self.permission_check

        class RightsMenuItem(MenuItem):
            def is_shown(self, request):
                return permission_check(request.user)

        return RightsMenuItem

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            permission_check=self.permission_check, header_icon=self.icon, **kwargs
        )


class FoundContentViewSet(RightsAdminViewSet):
    """Add found content, and each submission's rights page: /admin/ugc-rights/…, ``wagtail_ugc_rights:…``."""

    name = "wagtail_ugc_rights"
    url_prefix = "ugc-rights"
    menu_label = gettext_lazy("Add found content")
    menu_name = "ugc-found-content"
    menu_icon = "plus"

    def get_urlpatterns(self):
        # The first pattern is the one the menu item opens.
        return [
            path("add/", self.construct_view(AddFoundContentView), name="add"),
            path(
                "submission/<int:pk>/",
                self.construct_view(SubmissionRightsView),
                name="submission",
            ),
            path(
                "submission/<int:pk>/consent/",
                self.construct_view(RecordConsentView),
                name="record_consent",
            ),
        ]


class CreatorExportViewSet(RightsAdminViewSet):
    """Export a creator's data: /admin/ugc-rights/export/, ``wagtail_ugc_export:index``."""

    name = "wagtail_ugc_export"
    url_prefix = "ugc-rights/export"
    menu_label = gettext_lazy("Export a creator's data")
    menu_name = "ugc-export"
    menu_icon = "download"
    permission_check = staticmethod(may_export)

    def get_urlpatterns(self):
        return [path("", self.construct_view(ExportCreatorView), name="index")]

"""The admin page of a campaign's reward codes: the pool at a glance, and adding codes to it."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..models import Campaign, RewardCode
from . import pool

URL_NAME = "wagtail_ugc_reward_codes"
CODES_PER_PAGE = 50


def may_manage_pool(user):
    """Editors who may change a campaign may fill its pool."""
    return user.is_active and user.has_perm("wagtail_ugc.change_campaign")


def pool_url(campaign):
    return reverse(URL_NAME, args=[campaign.pk])


class AddCodesForm(forms.Form):
    codes = forms.CharField(
        label=gettext_lazy("Codes"),
        help_text=gettext_lazy("One code per line."),
        widget=forms.Textarea(attrs={"rows": 6, "autocomplete": "off"}),
        required=False,
        strip=False,
    )
    csv_file = forms.FileField(
        label=gettext_lazy("Or a CSV file"),
        help_text=gettext_lazy(
            "The codes in the first column, UTF-8; a header row is skipped."
        ),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        codes = []
        try:
            if cleaned.get("codes"):
                codes += pool.codes_from_text(cleaned["codes"])
            if cleaned.get("csv_file"):
                codes += pool.codes_from_csv(cleaned["csv_file"])
        except pool.ImportRefused as refused:
            raise forms.ValidationError(str(refused)) from None
        if not self.errors and not any(code.strip() for code in codes):
            raise forms.ValidationError(_("Paste codes or choose a CSV file."))
        cleaned["code_list"] = codes
        return cleaned


class RewardCodesView(WagtailAdminTemplateMixin, FormView):
    """A campaign's pool: how many codes are left and handed out, each code's hint; add codes."""

    template_name = "wagtail_ugc/rewards/admin/pool.html"
    form_class = AddCodesForm
    header_icon = "tag"

    def dispatch(self, request, *args, **kwargs):
        if not may_manage_pool(request.user):
            raise PermissionDenied
        self.campaign = get_object_or_404(Campaign, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Reward codes")

    def get_page_subtitle(self):
        return str(self.campaign)

    def get_breadcrumbs_items(self):
        viewset = Campaign.snippet_viewset
        return self.breadcrumbs_items + [
            {"url": reverse(viewset.get_url_name("list")), "label": viewset.menu_label},
            {
                "url": reverse(viewset.get_url_name("edit"), args=[self.campaign.pk]),
                "label": str(self.campaign),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        codes = RewardCode.objects.filter(campaign=self.campaign).order_by(
            "-assigned_at", "pk"
        )
        page = Paginator(codes, CODES_PER_PAGE).get_page(self.request.GET.get("p"))
        finder = AdminURLFinder(self.request.user)
        rows = []
        for code in page.object_list.select_related("submission"):
            submission = code.submission
            rows.append(
                {
                    "code": code,
                    "submission": submission,
                    "submission_url": finder.get_edit_url(submission)
                    if submission
                    else "",
                }
            )
        context.update(
            campaign=self.campaign,
            counts=pool.pool_counts(self.campaign),
            page=page,
            rows=rows,
            limits={
                "length": pool.MAX_CODE_LENGTH,
                "kilobytes": pool.MAX_IMPORT_BYTES // 1024,
            },
        )
        return context

    def form_valid(self, form):
        try:
            result = pool.add_codes(self.campaign, form.cleaned_data["code_list"])
        except pool.ImportRefused as refused:
            form.add_error(None, str(refused))
            return self.form_invalid(form)
        self.tell(result)
        return redirect(pool_url(self.campaign))

    def tell(self, result):
        request = self.request
        added = ngettext(
            "%(count)d code added.", "%(count)d codes added.", result.added
        ) % {"count": result.added}
        (messages.success if result.added else messages.warning)(request, added)
        if result.duplicates_in_pool:
            messages.warning(
                request,
                ngettext(
                    "%(count)d code was already in the pool and was left out.",
                    "%(count)d codes were already in the pool and were left out.",
                    result.duplicates_in_pool,
                )
                % {"count": result.duplicates_in_pool},
            )
        if result.duplicates_in_input:
            messages.warning(
                request,
                ngettext(
                    "%(count)d code was given twice; it was added once.",
                    "%(count)d codes were given twice; each was added once.",
                    result.duplicates_in_input,
                )
                % {"count": result.duplicates_in_input},
            )
        if result.invalid:
            lines = "; ".join(
                _("line %(line)d: %(problem)s") % {"line": line, "problem": problem}
                for line, problem in result.problems
            )
            messages.error(
                request,
                ngettext(
                    "%(count)d line was left out (%(lines)s).",
                    "%(count)d lines were left out (%(lines)s).",
                    result.invalid,
                )
                % {"count": result.invalid, "lines": lines},
            )

"""The engagement report: what submissions came in and what the shown ones earned, over a period.

The figures are SQL aggregates over ``Submission`` and ``EngagementDay``: a
page of the report costs the same few queries whether a campaign has ten rows
or ten million (docs/reports.md has what each number means). The view is
Wagtail's ``ReportView``: its filters, its listing (one row per campaign or per
page) and its CSV/XLSX export, which holds one row per day and campaign (or
page) instead of the listing's totals.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.db import connections
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Max,
    OuterRef,
    Q,
    Sum,
    Window,
)
from django.db.models.functions import RowNumber, TruncDate
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.models import Page

from ..models import Campaign, EngagementDay, Submission
from ..models.choices import ModerationStatus
from ..permissions import submission_permission_policy
from .charts import daily_chart

#: The preset periods, in days ending today (the site's time zone).
PRESETS = (7, 30, 90, 365)
DEFAULT_DAYS = 30
#: A longer custom period is refused: its chart and export would be unreadable.
MAX_DAYS = 3 * 366
TOP_COUNT = 10

#: Who may read the report: anyone who may see submissions in the admin.
REPORT_ACTIONS = ("view", "change", "moderate")


def may_see_reports(user):
    """Whether ``user`` may read the engagement report and its dashboard panel."""
    return bool(
        user
        and user.is_active
        and submission_permission_policy.user_has_any_permission(user, REPORT_ACTIONS)
    )


# The period ------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Whole days ``first`` to ``last``, both included, in the site's time zone."""

    first: date
    last: date

    @classmethod
    def last_days(cls, days, today=None):
        today = today or timezone.localdate()
        return cls(today - timedelta(days=days - 1), today)

    @property
    def days(self):
        return [
            self.first + timedelta(days=n)
            for n in range((self.last - self.first).days + 1)
        ]

    @property
    def starts(self):
        return timezone.make_aware(datetime.combine(self.first, time.min))

    @property
    def ends(self):
        """The first instant after the period: midnight after ``last``."""
        return timezone.make_aware(
            datetime.combine(self.last + timedelta(days=1), time.min)
        )


@dataclass(frozen=True)
class ReportQuery:
    """What a report is about: a period, optionally one campaign or one page, rows per campaign or per page."""

    period: Period
    campaign: Campaign | None = None
    page: Page | None = None
    rows: str = "campaign"

    def engagement(self):
        days = EngagementDay.objects.filter(
            day__gte=self.period.first, day__lte=self.period.last
        )
        if self.campaign:
            days = days.filter(campaign=self.campaign)
        if self.page:
            days = days.filter(page=self.page)
        return days.order_by()

    def received(self):
        """Submissions received in the period; a page has none of its own (they come through campaigns)."""
        submissions = Submission.objects.filter(
            submitted_at__gte=self.period.starts, submitted_at__lt=self.period.ends
        )
        if self.campaign:
            submissions = submissions.filter(campaign=self.campaign)
        return submissions.order_by()


# The figures -----------------------------------------------------------------

ENGAGEMENT_SUMS = {
    "impressions": Sum("impressions"),
    "lightbox_opens": Sum("lightbox_opens"),
    "link_clicks": Sum("link_clicks"),
    "credit_clicks": Sum("credit_clicks"),
}
CLICKS = Sum(F("link_clicks") + F("credit_clicks"))
SUBMISSION_COUNTS = {
    "received": Count("pk"),
    "approved": Count("pk", filter=Q(moderation_status=ModerationStatus.APPROVED)),
    "rejected": Count("pk", filter=Q(moderation_status=ModerationStatus.REJECTED)),
}


def ratio(part, whole):
    return part / whole if whole else None


# Django's number_format cuts decimals off; they are rounded first.
def as_percent(value):
    """``0.0421`` as "4.2%" in the admin's language; "–" when there is nothing to divide by."""
    if value is None:
        return "–"
    return gettext("%(percent)s%%") % {
        "percent": number_format(round(value * 100, 1), 1)
    }


def as_wait(wait):
    """A time to moderation in the unit that reads best: minutes, hours or days."""
    if wait is None:
        return "–"
    hours = wait.total_seconds() / 3600
    if hours < 1:
        return gettext("%(minutes)s min") % {"minutes": round(hours * 60)}
    if hours < 48:
        return gettext("%(hours)s h") % {"hours": number_format(round(hours, 1), 1)}
    return gettext("%(days)s days") % {"days": number_format(round(hours / 24, 1), 1)}


@dataclass
class Figures:
    """The numbers of one report row (a campaign, a page, a day, or the total)."""

    label: str = ""
    url: str = ""
    day: date | None = None
    received: int = 0
    approved: int = 0
    rejected: int = 0
    median_wait: timedelta | None = None
    impressions: int = 0
    lightbox_opens: int = 0
    link_clicks: int = 0
    credit_clicks: int = 0
    #: False on page rows: submissions arrive through campaigns, not pages.
    has_submissions: bool = True

    @property
    def clicks(self):
        """Clicks that leave the gallery: the item's link and the creator's credit link."""
        return self.link_clicks + self.credit_clicks

    @property
    def click_through_rate(self):
        return ratio(self.clicks, self.impressions)

    @property
    def approval_rate(self):
        """Approved among those decided (pending ones are not counted either way)."""
        return ratio(self.approved, self.approved + self.rejected)

    @property
    def click_through_rate_display(self):
        return as_percent(self.click_through_rate)

    @property
    def approval_rate_display(self):
        return as_percent(self.approval_rate)

    @property
    def median_wait_display(self):
        return as_wait(self.median_wait)

    def take(self, values):
        for name in (*ENGAGEMENT_SUMS, *SUBMISSION_COUNTS):
            if values.get(name) is not None:
                setattr(self, name, values[name])
        return self


class Median(Aggregate):
    """PostgreSQL's exact median (``percentile_cont``)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def median_waits(submissions, by=None, method=None):
    """The median time from receipt to a moderator's decision, per value of ``by`` (or ``{None: …}``).

    One query either way: ``percentile_cont`` on PostgreSQL; elsewhere window
    functions rank the decided submissions of each group and only the one or
    two middle ones leave the database (the benchmark compares the two).
    """
    decided = submissions.filter(decided_at__isnull=False).order_by()
    method = method or (
        "percentile" if connections[decided.db].vendor == "postgresql" else "window"
    )
    if method == "percentile":
        seconds = Func(
            F("decided_at"),
            F("submitted_at"),
            template="EXTRACT(EPOCH FROM (%(expressions)s))",
            arg_joiner=" - ",
            output_field=FloatField(),
        )
        if by is None:
            value = decided.aggregate(median=Median(seconds))["median"]
            rows = [{"median": value}] if value is not None else []
        else:
            rows = decided.values(by).annotate(median=Median(seconds))
        return {
            row.get(by): timedelta(seconds=row["median"])
            for row in rows
            if row["median"] is not None
        }
    partition = [F(by)] if by else None
    middle = (
        decided.annotate(
            wait=ExpressionWrapper(
                F("decided_at") - F("submitted_at"), output_field=DurationField()
            )
        )
        .annotate(
            position=Window(
                RowNumber(), partition_by=partition, order_by=F("wait").asc()
            ),
            decided_count=Window(Count("pk"), partition_by=partition),
        )
        # The middle one of an odd count, the middle two of an even count.
        .filter(
            position__gte=F("decided_count") / 2.0,
            position__lte=F("decided_count") / 2.0 + 1,
        )
        .values_list(by or "pk", "wait")
    )
    waits = {}
    for key, wait in middle:
        waits.setdefault(key if by else None, []).append(wait)
    return {key: sum(found, timedelta()) / len(found) for key, found in waits.items()}


def rows_per_campaign(query):
    """One ``Figures`` per campaign with submissions or engagement in the period (3 queries)."""
    rows = {}

    def row(key, title):
        if key not in rows:
            rows[key] = Figures(
                label=title if key else gettext("No campaign"),
                url=query_url(query, campaign=key or "", rows="campaign")
                if key
                else "",
            )
        return rows[key]

    for values in (
        query.engagement()
        .values("campaign", "campaign__title")
        .annotate(**ENGAGEMENT_SUMS)
    ):
        row(values["campaign"], values["campaign__title"]).take(values)
    for values in (
        query.received()
        .values("campaign", "campaign__title")
        .annotate(**SUBMISSION_COUNTS)
    ):
        row(values["campaign"], values["campaign__title"]).take(values)
    for key, wait in median_waits(query.received(), by="campaign").items():
        if key in rows:
            rows[key].median_wait = wait
    return sorted(rows.values(), key=lambda r: (-r.impressions, -r.received, r.label))


def rows_per_page(query):
    """One ``Figures`` per page that showed submissions in the period (1 query)."""
    return [
        Figures(
            label=values["page__title"],
            url=query_url(query, page=values["page"], rows="page"),
            has_submissions=False,
        ).take(values)
        for values in query.engagement()
        .values("page", "page__title")
        .annotate(**ENGAGEMENT_SUMS)
        .order_by("-impressions", "page__title", "page")
    ]


def totals(query, rows=None):
    """The figures of the whole query (2 queries, 3 without ``rows``).

    ``rows`` are the query's rows per campaign or per page: each count is in
    exactly one of them, so their sums are the totals without another scan
    of the period's engagement.
    """
    total = Figures(label=gettext("Total"))
    if rows is None:
        total.take(query.engagement().aggregate(**ENGAGEMENT_SUMS))
    else:
        for name in ENGAGEMENT_SUMS:
            setattr(total, name, sum(getattr(row, name) for row in rows))
    total.take(query.received().aggregate(**SUBMISSION_COUNTS))
    total.median_wait = median_waits(query.received()).get(None)
    return total


def per_day(query):
    """A ``Figures`` for every day of the period, days without counts included (2 queries)."""
    days = {day: Figures(day=day) for day in query.period.days}
    for values in query.engagement().values("day").annotate(**ENGAGEMENT_SUMS):
        days[values["day"]].take(values)
    for values in (
        query.received()
        .annotate(day=TruncDate("submitted_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(**SUBMISSION_COUNTS)
    ):
        if values["day"] in days:
            days[values["day"]].take(values)
    return list(days.values())


def last_week():
    """The dashboard's figures: the last 7 days, in total and per day (2 queries)."""
    query = ReportQuery(period=Period.last_days(7))
    days = per_day(query)
    total = Figures(label=gettext("Total"))
    for day in days:
        for name in (*ENGAGEMENT_SUMS, *SUBMISSION_COUNTS):
            setattr(total, name, getattr(total, name) + getattr(day, name))
    return query, total, days


def per_day_and_row(query):
    """The export's rows: one per day and campaign (or page) that has anything to count (2 queries)."""
    if query.rows == "page":
        keys, title = ("day", "page", "page__title"), "page__title"
    else:
        keys, title = ("day", "campaign", "campaign__title"), "campaign__title"
    rows = {}
    for values in query.engagement().values(*keys).annotate(**ENGAGEMENT_SUMS):
        rows[values["day"], values[keys[1]]] = Figures(
            day=values["day"], label=values[title] or gettext("No campaign")
        ).take(values)
    if query.rows != "page":
        received = (
            query.received()
            .annotate(
                day=TruncDate("submitted_at", tzinfo=timezone.get_current_timezone())
            )
            .values(*keys)
            .annotate(**SUBMISSION_COUNTS)
        )
        for values in received:
            key = values["day"], values["campaign"]
            rows.setdefault(
                key,
                Figures(
                    day=values["day"], label=values[title] or gettext("No campaign")
                ),
            ).take(values)
    else:
        for row in rows.values():
            row.has_submissions = False
    return sorted(rows.values(), key=lambda r: (r.day, r.label))


@dataclass
class TopEntry:
    label: str
    url: str = ""
    items: int = 1
    impressions: int = 0
    lightbox_opens: int = 0
    clicks: int = 0

    @property
    def click_through_rate(self):
        return ratio(self.clicks, self.impressions)

    @property
    def click_through_rate_display(self):
        return as_percent(self.click_through_rate)


def top_items(query, count=TOP_COUNT):
    """The shown submissions with the most clicks, then impressions (2 queries).

    The counts are grouped by submission alone and the ten are named by a
    second query: joining every row to its submission first is several times
    slower at a year of rows (docs/reports.md).
    """
    ranked = list(
        query.engagement()
        .values("submission")
        .annotate(
            impressions=Sum("impressions"),
            lightbox_opens=Sum("lightbox_opens"),
            clicks=CLICKS,
        )
        .order_by("-clicks", "-impressions", "submission")[:count]
    )
    named = Submission.objects.filter(
        pk__in=[values["submission"] for values in ranked]
    ).only("pk", "kind", "credit_line")
    names = {submission.pk: submission for submission in named}
    inspect = Submission.snippet_viewset.get_url_name("inspect")
    return [
        TopEntry(
            label=gettext("%(kind)s #%(number)s by %(credit)s")
            % {
                "kind": names[values["submission"]].get_kind_display(),
                "number": values["submission"],
                "credit": names[values["submission"]].credit_line
                or gettext("anonymous"),
            },
            url=reverse(inspect, args=[values["submission"]]),
            impressions=values["impressions"],
            lightbox_opens=values["lightbox_opens"],
            clicks=values["clicks"],
        )
        for values in ranked
    ]


def top_creators(query, count=TOP_COUNT):
    """The creators whose shown submissions got the most clicks, then impressions (2 queries).

    A creator is named by their credit line (what they chose to show; the
    greatest one if they used several), never by e-mail address.
    """
    ranked = list(
        query.engagement()
        .filter(submission__creator__isnull=False)
        .values("submission__creator")
        .annotate(
            impressions=Sum("impressions"),
            lightbox_opens=Sum("lightbox_opens"),
            clicks=CLICKS,
        )
        .order_by("-clicks", "-impressions", "submission__creator")[:count]
    )
    shown = query.engagement().filter(submission=OuterRef("pk"))
    details = {
        values["creator"]: values
        for values in Submission.objects.filter(
            Exists(shown),
            creator__in=[values["submission__creator"] for values in ranked],
        )
        .order_by()
        .values("creator")
        .annotate(credit=Max("credit_line"), items=Count("pk"))
    }
    return [
        TopEntry(
            label=details[values["submission__creator"]]["credit"]
            or gettext("anonymous"),
            items=details[values["submission__creator"]]["items"],
            impressions=values["impressions"],
            lightbox_opens=values["lightbox_opens"],
            clicks=values["clicks"],
        )
        for values in ranked
    ]


def query_url(query, **changes):
    """The report's address for ``query`` with ``changes``: rows link to their own report."""
    params = {
        "dates_from": query.period.first.isoformat(),
        "dates_to": query.period.last.isoformat(),
        "campaign": query.campaign.pk if query.campaign else "",
        "page": query.page.pk if query.page else "",
        "rows": query.rows,
        **changes,
    }
    params = {name: value for name, value in params.items() if value != ""}
    return reverse("wagtail_ugc_reports:index") + "?" + urlencode(params)


# The view --------------------------------------------------------------------


class ReportFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        dates = cleaned.get("dates")
        if dates and (dates.start or dates.stop):
            last = dates.stop.date() if dates.stop else timezone.localdate()
            first = dates.start.date() if dates.start else last
            if first > last:
                self.add_error("dates", gettext("The first day is after the last."))
            elif (last - first).days >= MAX_DAYS or last.year > 9000:
                self.add_error(
                    "dates",
                    gettext("Choose at most %(days)s days.") % {"days": MAX_DAYS},
                )
        return cleaned


def pages_with_engagement(request):
    return Page.objects.filter(
        pk__in=EngagementDay.objects.order_by().values("page")
    ).order_by("title")


class EngagementReportFilterSet(WagtailFilterSet):
    period = django_filters.ChoiceFilter(
        label=_("Period"),
        choices=[
            (str(days), _("Last %(days)s days") % {"days": days}) for days in PRESETS
        ],
        empty_label=None,
        widget=forms.RadioSelect,
        method="by_form",
    )
    dates = django_filters.DateFromToRangeFilter(
        label=_("Or from … to (inclusive)"),
        widget=DateRangePickerWidget,
        method="by_form",
    )
    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"),
        queryset=Campaign.objects.order_by("title"),
        method="by_form",
    )
    page = django_filters.ModelChoiceFilter(
        label=_("Page"), queryset=pages_with_engagement, method="by_form"
    )
    rows = django_filters.ChoiceFilter(
        label=_("Rows"),
        choices=[("campaign", _("Per campaign")), ("page", _("Per page"))],
        empty_label=None,
        widget=forms.RadioSelect,
        method="by_form",
    )

    class Meta:
        model = EngagementDay
        fields = []
        form = ReportFilterForm

    def by_form(self, queryset, name, value):
        # The report reads the cleaned form (``EngagementReportView.report_query``).
        return queryset


class EngagementReportView(ReportView):
    page_title = _("Engagement")
    header_icon = "table"
    template_name = "wagtail_ugc/engagement/report.html"
    results_template_name = "wagtail_ugc/engagement/report_results.html"
    filterset_class = EngagementReportFilterSet
    index_url_name = "wagtail_ugc_reports:index"
    index_results_url_name = "wagtail_ugc_reports:results"
    paginate_by = 50
    list_export = [
        "day",
        "label",
        "received",
        "approved",
        "rejected",
        "impressions",
        "lightbox_opens",
        "link_clicks",
        "credit_clicks",
        "clicks",
        "click_through_rate",
    ]

    def dispatch(self, request, *args, **kwargs):
        if not may_see_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def export_headings(self):
        return {
            "day": gettext("Day"),
            "label": gettext("Page")
            if self.report_query.rows == "page"
            else gettext("Campaign"),
            "received": gettext("Received"),
            "approved": gettext("Approved"),
            "rejected": gettext("Rejected"),
            "impressions": gettext("Impressions"),
            "lightbox_opens": gettext("Lightbox opens"),
            "link_clicks": gettext("Link clicks"),
            "credit_clicks": gettext("Credit clicks"),
            "clicks": gettext("Clicks"),
            "click_through_rate": gettext("Click-through rate"),
        }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.custom_field_preprocess = {
            **self.custom_field_preprocess,
            # Wagtail's XLSX export already stores a formula-looking text as text.
            "label": {self.FORMAT_CSV: spreadsheet_safe, self.FORMAT_XLSX: str},
            **{
                name: {self.FORMAT_CSV: blank_if_none, self.FORMAT_XLSX: blank_if_none}
                for name in ("received", "approved", "rejected", "click_through_rate")
            },
        }

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        if not item.has_submissions:
            # Page rows have no submission figures: an empty cell, not a 0.
            row.update(received=None, approved=None, rejected=None)
        if row["click_through_rate"] is not None:
            row["click_through_rate"] = round(row["click_through_rate"], 4)
        return row

    def get_filename(self):
        period = self.report_query.period
        return f"engagement-{period.first:%Y%m%d}-{period.last:%Y%m%d}"

    @cached_property
    def report_query(self):
        data = {}
        if self.filters and self.filters.is_valid():
            data = self.filters.form.cleaned_data
        dates = data.get("dates")
        today = timezone.localdate()
        if dates and (dates.start or dates.stop):
            # django-filter's date range holds datetimes (midnight, and the day's last instant).
            first = dates.start.date() if dates.start else None
            last = dates.stop.date() if dates.stop else today
            first = first or last - timedelta(days=DEFAULT_DAYS - 1)
            period = Period(first, last)
        else:
            period = Period.last_days(int(data.get("period") or DEFAULT_DAYS), today)
        return ReportQuery(
            period=period,
            campaign=data.get("campaign"),
            page=data.get("page"),
            rows=data.get("rows") or "campaign",
        )

    def get_filtered_queryset(self):
        query = self.report_query
        if self.is_export:
            return per_day_and_row(query)
        if query.rows == "page":
            return rows_per_page(query)
        return rows_per_campaign(query)

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        query = self.report_query
        days = per_day(query)
        title = gettext("Per day, %(first)s to %(last)s") % {
            "first": query.period.first.isoformat(),
            "last": query.period.last.isoformat(),
        }
        context.update(
            query=query,
            total=totals(query, self.object_list),
            days=days,
            chart=daily_chart(
                query.period.days,
                [
                    (gettext("Impressions"), [d.impressions for d in days]),
                    (gettext("Clicks"), [d.clicks for d in days]),
                    (gettext("Submissions received"), [d.received for d in days]),
                ],
                title=gettext("Impressions, clicks and submissions received per day"),
                description=chart_description(query, days),
                chart_id="ugc-engagement-chart",
            ),
            chart_caption=title,
            top_items=top_items(query),
            top_creators=top_creators(query),
            presets=[
                {
                    "days": days_count,
                    "url": query_url(
                        query,
                        dates_from="",
                        dates_to="",
                        period=days_count,
                    ),
                    "current": query.period == Period.last_days(days_count),
                }
                for days_count in PRESETS
            ],
            filter_errors=self.filters.form.errors
            if self.filters and not self.filters.is_valid()
            else {},
        )
        return context


def chart_description(query, days):
    scope = (
        query.campaign.title
        if query.campaign
        else query.page.title
        if query.page
        else gettext("All campaigns and pages")
    )
    return gettext(
        "%(scope)s, %(first)s to %(last)s: %(impressions)s impressions, "
        "%(clicks)s clicks, %(received)s submissions received. "
        "The table after the chart lists every day."
    ) % {
        "scope": scope,
        "first": query.period.first.isoformat(),
        "last": query.period.last.isoformat(),
        "impressions": sum(d.impressions for d in days),
        "clicks": sum(d.clicks for d in days),
        "received": sum(d.received for d in days),
    }


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Text a spreadsheet shows as text: a leading quote on what would start a formula.

    Wagtail's XLSX export keeps formulas as text already; its CSV export does
    not, and a campaign or page title is typed by editors.
    """
    value = str(value or "")
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def blank_if_none(value):
    return "" if value is None else value


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_reports(request.user)


class EngagementReportViewSet(ViewSet):
    """The report in the "UGC" menu group: /admin/ugc-reports/, ``wagtail_ugc_reports:…``."""

    name = "wagtail_ugc_reports"
    url_prefix = "ugc-reports"
    menu_label = _("Engagement report")
    menu_name = "ugc-engagement-report"
    menu_icon = "table"
    menu_item_class = ReportsMenuItem

    def get_urlpatterns(self):
        # The first pattern is the one the menu item opens.
        return [
            path("", EngagementReportView.as_view(), name="index"),
            path(
                "results/",
                EngagementReportView.as_view(results_only=True),
                name="results",
            ),
        ]

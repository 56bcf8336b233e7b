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

    # Each scan of the period is made once and shared by the listing, the
    # totals, the days and the export (a year is 730,000 rows at 1,000 items
    # a day: every scan costs a few hundred milliseconds, docs/reports.md).

    @cached_property
    def row_key(self):
        return "page" if self.rows == "page" else "campaign"

    @cached_property
    def engagement_by_day(self):
        """The engagement sums per day and campaign (or page): at most days × rows, one query."""
        return list(
            self.engagement().values("day", self.row_key).annotate(**ENGAGEMENT_SUMS)
        )

    @cached_property
    def received_by_day(self):
        """The submission counts per local day and campaign, one query."""
        return list(
            self.received()
            .annotate(
                day=TruncDate("submitted_at", tzinfo=timezone.get_current_timezone())
            )
            .values("day", "campaign")
            .annotate(**SUBMISSION_COUNTS)
        )

    @cached_property
    def median_waits(self):
        """``(per campaign, of them all)``: one query on PostgreSQL, two elsewhere."""
        return median_waits_with_total(self.received(), by="campaign")

    @cached_property
    def most_clicked(self):
        """``(items, creators)``: the top of both from one scan (``most_clicked``)."""
        return most_clicked(self.engagement(), TOP_COUNT)


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


#: Seconds from receipt to decision (PostgreSQL).
WAIT_SECONDS = Func(
    F("decided_at"),
    F("submitted_at"),
    template="EXTRACT(EPOCH FROM (%(expressions)s))",
    arg_joiner=" - ",
    output_field=FloatField(),
)


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
        seconds = WAIT_SECONDS
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


def add(figures, values):
    """Add the sums and counts of ``values`` to ``figures``."""
    for name in (*ENGAGEMENT_SUMS, *SUBMISSION_COUNTS):
        if values.get(name) is not None:
            setattr(figures, name, getattr(figures, name) + values[name])
    return figures


def titles(model, keys):
    """``{pk: title}`` of the campaigns or pages in ``keys`` (1 query)."""
    keys = {key for key in keys if key is not None}
    return dict(model.objects.filter(pk__in=keys).values_list("pk", "title"))


def median_waits_with_total(submissions, by):
    """``(median_waits(by=by), the median of them all)``.

    On PostgreSQL one scan with ``GROUPING SETS``: the submissions of a year
    are read once for both (docs/reports.md); elsewhere ``median_waits`` twice.
    """
    decided = submissions.filter(decided_at__isnull=False).order_by()
    connection = connections[decided.db]
    if connection.vendor != "postgresql":
        return median_waits(submissions, by=by), median_waits(submissions).get(None)
    waits = decided.values(group_key=F(by), wait=WAIT_SECONDS)
    sql, params = waits.query.sql_with_params()
    statement = (
        "SELECT group_key, GROUPING(group_key),"  # noqa: S608 - our own SQL
        " PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY wait)"
        f" FROM ({sql}) AS waits GROUP BY GROUPING SETS ((group_key), ())"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        found = cursor.fetchall()
    per_group = {key: timedelta(seconds=m) for key, g, m in found if not g}
    total = [timedelta(seconds=m) for _key, g, m in found if g and m is not None]
    return per_group, total[0] if total else None


def rows_per_campaign(query):
    """One ``Figures`` per campaign with submissions or engagement in the period (4 queries on PostgreSQL)."""
    rows = {}
    for values in query.engagement_by_day:
        add(rows.setdefault(values["campaign"], Figures()), values)
    for values in query.received_by_day:
        add(rows.setdefault(values["campaign"], Figures()), values)
    names = titles(Campaign, rows)
    by_campaign, _total = query.median_waits
    for key, row in rows.items():
        row.label = names.get(key, "") if key else gettext("No campaign")
        row.url = query_url(query, campaign=key, rows="campaign") if key else ""
        row.median_wait = by_campaign.get(key)
    return sorted(rows.values(), key=lambda r: (-r.impressions, -r.received, r.label))


def rows_per_page(query):
    """One ``Figures`` per page that showed submissions in the period (2 queries)."""
    page_query = (
        query
        if query.rows == "page"
        else ReportQuery(query.period, query.campaign, query.page, rows="page")
    )
    rows = {}
    for values in page_query.engagement_by_day:
        add(rows.setdefault(values["page"], Figures(has_submissions=False)), values)
    names = titles(Page, rows)
    for key, row in rows.items():
        row.label = names.get(key, "")
        row.url = query_url(query, page=key, rows="page")
    return [
        row
        for _key, row in sorted(
            rows.items(), key=lambda kv: (-kv[1].impressions, kv[1].label, kv[0])
        )
    ]


def totals(query, rows=None):
    """The figures of the whole query, from the scans the rows and days share.

    ``rows`` is accepted for the callers that pass the listing; the totals
    are summed from the same per-day sums either way.
    """
    total = Figures(label=gettext("Total"))
    for values in query.engagement_by_day:
        add(total, {name: values[name] for name in ENGAGEMENT_SUMS})
    for values in query.received_by_day:
        add(total, {name: values[name] for name in SUBMISSION_COUNTS})
    _by_campaign, total.median_wait = query.median_waits
    return total


def per_day(query):
    """A ``Figures`` for every day of the period, days without counts included (2 queries)."""
    days = {day: Figures(day=day) for day in query.period.days}
    for values in query.engagement_by_day:
        add(days[values["day"]], values)
    for values in query.received_by_day:
        if values["day"] in days:
            add(days[values["day"]], values)
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
    """The export's rows: one per day and campaign (or page) that has anything to count (3 queries)."""
    key = query.row_key
    rows = {}
    for values in query.engagement_by_day:
        rows[values["day"], values[key]] = Figures(day=values["day"]).take(values)
    if key == "page":
        for row in rows.values():
            row.has_submissions = False
    else:
        for values in query.received_by_day:
            rows.setdefault(
                (values["day"], values["campaign"]), Figures(day=values["day"])
            ).take(values)
    names = titles(Page if key == "page" else Campaign, [k for _day, k in rows])
    for (_day, k), row in rows.items():
        row.label = names.get(k, "") if k else gettext("No campaign")
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


def most_clicked(engagement, count):
    """The ``count`` items and creators with the most clicks, then impressions, in ``engagement`` (1 query).

    Rows ``(what, key, impressions, lightbox_opens, clicks)``, ``what`` being
    "item" or "creator". The rows are summed per item once; the creators are
    the items' sums joined to their submissions, so a year of rows is neither
    scanned twice nor joined row by row (docs/reports.md).
    """
    per_item = engagement.values(item=F("submission")).annotate(
        impressions=Sum("impressions"),
        lightbox_opens=Sum("lightbox_opens"),
        clicks=CLICKS,
    )
    sql, params = per_item.query.sql_with_params()
    connection = connections[per_item.db]
    submissions = connection.ops.quote_name(Submission._meta.db_table)
    statement = (
        f"WITH per_item AS ({sql}) "  # noqa: S608 - our own SQL and names
        "SELECT 'item', item, impressions, lightbox_opens, clicks FROM ("
        " SELECT item, impressions, lightbox_opens, clicks FROM per_item"
        " ORDER BY clicks DESC, impressions DESC, item LIMIT %s) AS items "
        "UNION ALL "
        "SELECT 'creator', creator, impressions, lightbox_opens, clicks FROM ("
        " SELECT s.creator_id AS creator, SUM(p.impressions) AS impressions,"
        " SUM(p.lightbox_opens) AS lightbox_opens, SUM(p.clicks) AS clicks"
        f" FROM per_item p JOIN {submissions} s ON s.id = p.item"
        " WHERE s.creator_id IS NOT NULL GROUP BY s.creator_id"
        " ORDER BY clicks DESC, impressions DESC, creator LIMIT %s) AS creators"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, (*params, count, count))
        found = cursor.fetchall()
    return (
        [row[1:] for row in found if row[0] == "item"],
        [row[1:] for row in found if row[0] == "creator"],
    )


def top_items(query, count=TOP_COUNT):
    """The shown submissions with the most clicks, then impressions (2 queries, ``most_clicked``)."""
    ranked = query.most_clicked[0][:count]
    named = Submission.objects.filter(pk__in=[row[0] for row in ranked]).only(
        "pk", "kind", "credit_line"
    )
    names = {submission.pk: submission for submission in named}
    inspect = Submission.snippet_viewset.get_url_name("inspect")
    return [
        TopEntry(
            label=gettext("%(kind)s #%(number)s by %(credit)s")
            % {
                "kind": names[item].get_kind_display(),
                "number": item,
                "credit": names[item].credit_line or gettext("anonymous"),
            },
            url=reverse(inspect, args=[item]),
            impressions=impressions,
            lightbox_opens=lightbox_opens,
            clicks=clicks,
        )
        for item, impressions, lightbox_opens, clicks in ranked
    ]


def top_creators(query, count=TOP_COUNT):
    """The creators whose shown submissions got the most clicks, then impressions (1 more query).

    A creator is named by their credit line (what they chose to show; the
    greatest one if they used several), never by e-mail address.
    """
    ranked = query.most_clicked[1][:count]
    shown = query.engagement().filter(submission=OuterRef("pk"))
    details = {
        values["creator"]: values
        for values in Submission.objects.filter(
            Exists(shown), creator__in=[row[0] for row in ranked]
        )
        .order_by()
        .values("creator")
        .annotate(credit=Max("credit_line"), items=Count("pk"))
    }
    return [
        TopEntry(
            label=details[creator]["credit"] or gettext("anonymous"),
            items=details[creator]["items"],
            impressions=impressions,
            lightbox_opens=lightbox_opens,
            clicks=clicks,
        )
        for creator, impressions, lightbox_opens, clicks in ranked
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

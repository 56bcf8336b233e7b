"""Wagtail admin hooks of the engagement stage: the dashboard panel and the "Reports" menu item.

The report's viewset is registered with the "UGC" menu group in
``wagtail_ugc/wagtail_hooks.py``.
"""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from .charts import sparkline
from .reports import ReportsMenuItem, last_week, may_see_reports, query_url


class EngagementPanel(Component):
    """Dashboard panel: the last 7 days' impressions, clicks, received and approved, and a sparkline."""

    name = "ugc_engagement"
    template_name = "wagtail_ugc/engagement/dashboard_panel.html"
    order = 95

    class Media:
        css = {"all": ["wagtail_ugc/engagement/reports.css"]}

    def get_context_data(self, parent_context):
        query, total, days = last_week()
        impressions = [day.impressions for day in days]
        return {
            "total": total,
            "sparkline": sparkline(
                impressions,
                label=gettext("Impressions per day, last 7 days: %(counts)s")
                % {"counts": ", ".join(str(count) for count in impressions)},
            ),
            "report_url": query_url(query, period=7, dates_from="", dates_to=""),
        }


@hooks.register("construct_homepage_panels")
def add_engagement_panel(request, panels):
    if may_see_reports(request.user):
        panels.append(EngagementPanel())


@hooks.register("register_reports_menu_item")
def register_engagement_report_menu_item():
    return ReportsMenuItem(
        _("UGC engagement"),
        reverse("wagtail_ugc_reports:index"),
        name="ugc-engagement",
        icon_name="table",
        order=950,
    )

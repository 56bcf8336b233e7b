"""Wagtail admin hooks of the rewards stage: the pool page, its button on campaigns, the dashboard warning."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button

from ..models import Campaign
from ..permissions import can_moderate
from .handout import low_pools
from .views import URL_NAME, RewardCodesView, may_manage_pool, pool_url


@hooks.register("register_admin_urls")
def register_reward_urls():
    return [
        path(
            "ugc/campaigns/<int:pk>/reward-codes/",
            RewardCodesView.as_view(),
            name=URL_NAME,
        )
    ]


@hooks.register("register_snippet_listing_buttons")
def reward_codes_listing_button(snippet, user, next_url=None):
    if isinstance(snippet, Campaign) and may_manage_pool(user):
        yield Button(_("Reward codes"), pool_url(snippet), icon_name="tag", priority=60)


class LowRewardPoolsPanel(Component):
    """Dashboard panel, shown only while some campaign's pool is at or below its warning level."""

    name = "ugc_rewards_low"
    template_name = "wagtail_ugc/rewards/admin/dashboard_panel.html"
    order = 95

    def __init__(self, campaigns, may_add):
        self.campaigns = campaigns
        self.may_add = may_add

    def get_context_data(self, parent_context):
        return {"campaigns": self.campaigns, "may_add": self.may_add}


@hooks.register("construct_homepage_panels")
def add_low_reward_pools_panel(request, panels):
    user = request.user
    if can_moderate(user) or may_manage_pool(user):
        campaigns = list(low_pools()[:10])
        if campaigns:
            panels.append(LowRewardPoolsPanel(campaigns, may_manage_pool(user)))

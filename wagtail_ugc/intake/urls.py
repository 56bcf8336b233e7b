"""Public URLs of the intake stage (included from ``wagtail_ugc.urls``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("submit/<slug:campaign_slug>/", views.submit_view, name="submit"),
    path(
        "submit/<slug:campaign_slug>/thanks/",
        views.thanks_view,
        name="submit_thanks",
    ),
]

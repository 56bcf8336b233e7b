"""Public URLs of the engagement beacons (included from ``wagtail_ugc.urls``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("engagement/beacon/", views.beacon, name="engagement_beacon"),
    path("engagement/seen.gif", views.seen, name="engagement_seen"),
]

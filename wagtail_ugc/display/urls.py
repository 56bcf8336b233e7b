"""Public URLs of the display stage: each item's own page."""

from django.urls import path

from .item_pages import item_view

urlpatterns = [
    path("items/<uuid:uuid>/", item_view, name="item"),
]

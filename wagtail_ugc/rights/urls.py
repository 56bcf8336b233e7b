"""Public URLs of the rights stage (included from ``wagtail_ugc.urls``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("withdraw/<str:token>/", views.withdraw_view, name="withdraw"),
    path("rights/<str:token>/", views.rights_request_view, name="rights_request"),
    path(
        "rights/<str:token>/photo/<uuid:photo_uuid>/",
        views.rights_request_photo_view,
        name="rights_request_photo",
    ),
]

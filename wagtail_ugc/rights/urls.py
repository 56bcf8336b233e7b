"""Public URLs of the rights stage (included from ``wagtail_ugc.urls``)."""

from django.urls import path

from . import creator_views, views

urlpatterns = [
    path("withdraw/<str:token>/", views.withdraw_view, name="withdraw"),
    path("rights/<str:token>/", views.rights_request_view, name="rights_request"),
    path(
        "rights/<str:token>/photo/<uuid:photo_uuid>/",
        views.rights_request_photo_view,
        name="rights_request_photo",
    ),
    # The creator's own page (docs/creators.md).
    path("my-submissions/", creator_views.creator_link_view, name="creator_link"),
    path(
        "my-submissions/<str:token>/",
        creator_views.creator_page_view,
        name="creator_page",
    ),
    path(
        "my-submissions/<str:token>/<uuid:submission_uuid>/credit/",
        creator_views.creator_credit_view,
        name="creator_credit",
    ),
    path(
        "my-submissions/<str:token>/<uuid:submission_uuid>/withdraw/",
        creator_views.creator_withdraw_view,
        name="creator_withdraw",
    ),
    path(
        "my-submissions/<str:token>/withdraw-all/",
        creator_views.creator_withdraw_all_view,
        name="creator_withdraw_all",
    ),
    path(
        "my-submissions/<str:token>/export/",
        creator_views.creator_export_view,
        name="creator_export",
    ),
]

"""Refused queries: a 422 problem response naming each wrong parameter, translated."""

from django.utils.translation import gettext as _
from ninja.errors import ValidationError
from wagtail.api.v3.errors import problem_response, register_exception_handlers

from .schemas import MAX_LIMIT, MAX_OFFSET


def parameter_messages():
    return {
        "campaign": _("campaign must be a campaign's id, a whole number."),
        "related_page": _("related_page must be a page's id, a whole number."),
        "tag": _("tag must be a tag's name or slug, up to 100 characters."),
        "kind": _("kind must be photo, review or video."),
        "order": _("order must be newest or oldest."),
        "limit": _("limit must be a whole number from 1 to %(max)d.")
        % {"max": MAX_LIMIT},
        "offset": _("offset must be a whole number from 0 to %(max)d.")
        % {"max": MAX_OFFSET},
        "item_id": _("An item's id is a UUID."),
    }


def refused_query(request, exc):
    messages = parameter_messages()
    errors = []
    for error in exc.errors:
        name = error.get("loc", ["", ""])[-1]
        errors.append(
            {
                "loc": list(error.get("loc", [])),
                "msg": messages.get(name, _("This value is not valid.")),
            }
        )
    return problem_response(
        status=422, detail=_("The query is not valid."), errors=errors
    )


def register_error_handlers(api):
    """Wagtail's API errors (problem+json), with our translated messages for bad queries."""
    register_exception_handlers(api)
    api.add_exception_handler(ValidationError, refused_query)

"""The interface for external moderation services, and an example image-safety adapter.

A site lists adapters in ``WAGTAIL_UGC["EXTERNAL_MODERATION_BACKENDS"]``, each
either a dotted path to a subclass of ``ExternalModerationBackend`` or a dict
``{"BACKEND": "<dotted path>", "OPTIONS": {...}}``. Each adapter's
``check(submission)`` returns a list of ``Finding``; each becomes a flag. An
adapter that raises (service down, timeout, bad answer) never costs the
submission: it is flagged ``external_unavailable`` for a human to look at.
"""

import json
import logging
import urllib.request

from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from ...conf import ugc_settings
from ...storage import private_storage
from .findings import Finding

logger = logging.getLogger(__name__)


class ExternalModerationBackend:
    """Base class of adapters to external moderation services.

    Subclasses set ``name`` (shown to moderators) and implement ``check``.
    ``options`` are the ``OPTIONS`` of the setting entry.
    """

    name = "external service"

    def __init__(self, **options):
        self.options = options

    def check(self, submission):
        """Return a list of ``Finding`` for ``submission``; raise if the check cannot run."""
        raise NotImplementedError


class ImageSafetyHTTPBackend(ExternalModerationBackend):
    """Example adapter: POST each photo to an image-safety HTTP API.

    OPTIONS: ``URL`` (required), ``API_KEY`` (sent as a bearer token),
    ``THRESHOLD`` (0–1, default 0.8), ``TIMEOUT`` (seconds, default 10),
    ``NAME``. The API receives the sanitised JPEG master as the request body
    and answers ``{"labels": [{"name": "nudity", "score": 0.97}, ...]}``;
    every label at or above the threshold becomes a flag. Adapt ``parse``
    for a service that answers differently.
    """

    def __init__(self, **options):
        super().__init__(**options)
        self.url = options["URL"]
        if not self.url.startswith(("https://", "http://")):
            raise ValueError("ImageSafetyHTTPBackend URL must be an http(s) URL.")
        self.api_key = options.get("API_KEY", "")
        self.threshold = float(options.get("THRESHOLD", 0.8))
        self.timeout = float(options.get("TIMEOUT", 10))
        self.name = options.get("NAME", "image safety")

    def check(self, submission):
        findings = []
        photos = submission.photos.exclude(master="").order_by("sort_order", "pk")
        for number, photo in enumerate(photos, start=1):
            with private_storage.open(photo.master.name) as master:
                body = master.read()
            for label, score in self.parse(self.post(body)):
                if score >= self.threshold:
                    findings.append(
                        Finding(
                            "external",
                            _(
                                "%(service)s: photo %(number)d may show “%(label)s” "
                                "(score %(score).2f)."
                            )
                            % {
                                "service": self.name,
                                "number": number,
                                "label": label,
                                "score": score,
                            },
                        )
                    )
        return findings

    def post(self, body):
        request = urllib.request.Request(  # noqa: S310 - scheme checked in __init__
            self.url,
            data=body,
            method="POST",
            headers={"Content-Type": "image/jpeg", "Accept": "application/json"},
        )
        if self.api_key:
            request.add_header("Authorization", f"Bearer {self.api_key}")
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
            return json.loads(response.read().decode("utf-8"))

    def parse(self, answer):
        for label in answer["labels"]:
            yield str(label["name"])[:100], float(label["score"])


def load_backends():
    """Instantiate the adapters named in EXTERNAL_MODERATION_BACKENDS."""
    backends = []
    for entry in ugc_settings.EXTERNAL_MODERATION_BACKENDS:
        if isinstance(entry, str):
            path, options = entry, {}
        else:
            path, options = entry["BACKEND"], entry.get("OPTIONS", {})
        backends.append(import_string(path)(**options))
    return backends


def external_findings(submission):
    """Findings of every external adapter; a failing adapter becomes a flag, not an error."""
    findings = []
    for backend in load_backends():
        try:
            findings.extend(backend.check(submission))
        except Exception as error:  # noqa: BLE001 - any failure of a third party
            logger.warning(
                "External moderation check %r failed for submission %s",
                backend.name,
                submission.pk,
                exc_info=True,
            )
            findings.append(
                Finding(
                    "external_unavailable",
                    _(
                        "The check “%(service)s” could not run (%(error)s); "
                        "look at this submission yourself."
                    )
                    % {"service": backend.name, "error": type(error).__name__},
                )
            )
    return findings


__all__ = [
    "ExternalModerationBackend",
    "Finding",
    "ImageSafetyHTTPBackend",
    "external_findings",
    "load_backends",
]

"""Every public file (the public image and each rendition, in every format) says who made it, its licence and the AI-training choice."""

import pytest
from django.urls import reverse

from wagtail_ugc.licensing import DATA_MINING_ALLOWED, DATA_MINING_PROHIBITED
from wagtail_ugc.mail import absolute_url
from wagtail_ugc.models.choices import AI_TRAINING_SCOPE, SITE_SCOPE, Kind, Licence
from wagtail_ugc.publication import RENDITION_SPECS, publish_public_files

from ..factories import displayable_submission
from .helpers import (
    LICENSING_FIELDS,
    assert_nothing_but_xmp,
    opened,
    public_files_of,
    with_photo,
    xmp_fields,
)

pytestmark = pytest.mark.django_db

HOSTILE_CREDIT = "Ada </rdf:li></rdf:Seq> & \"Co\" <x:xmpmeta> ]]> 'é文'"


@pytest.mark.parametrize(
    "scopes, data_mining",
    [
        ([SITE_SCOPE], DATA_MINING_PROHIBITED),
        ([SITE_SCOPE, AI_TRAINING_SCOPE], DATA_MINING_ALLOWED),
    ],
)
def test_every_public_file_in_every_format_carries_exactly_the_licensing_fields(
    settings, scopes, data_mining
):
    settings.WAGTAIL_UGC = {
        **settings.WAGTAIL_UGC,
        "ACQUIRE_LICENCE_URL": "/licensing/",
    }
    submission = displayable_submission(
        kind=Kind.PHOTO,
        credit_line=HOSTILE_CREDIT,
        licence=Licence.CC_BY_4,
        consent_scopes=scopes,
    )
    with_photo(submission)
    publish_public_files(submission)

    files = public_files_of(submission)
    assert len(files) == 1 + len(RENDITION_SPECS)
    formats = set()
    for file in files:
        data, image = opened(file)
        formats.add(image.format)
        assert xmp_fields(image) == {
            "Creator": HOSTILE_CREDIT,
            "Credit Line": HOSTILE_CREDIT,
            "Copyright Notice": f"© {HOSTILE_CREDIT}",
            "Web Statement of Rights": "https://creativecommons.org/licenses/by/4.0/",
            "Licensor URL": "http://testserver/licensing/",
            "Data Mining": data_mining,
        }, file.name
        assert_nothing_but_xmp(data, image)
    # The public original and the formats the galleries ask for.
    assert formats == {"JPEG", "WEBP", "AVIF"}


def test_without_a_licence_page_both_urls_are_the_item_page(settings):
    submission = displayable_submission(kind=Kind.PHOTO, licence=Licence.SITE_DISPLAY)
    with_photo(submission)
    publish_public_files(submission)

    item_page = absolute_url(reverse("wagtail_ugc:item", args=[submission.uuid]))
    assert item_page.startswith("http://testserver/")
    for file in public_files_of(submission):
        fields = xmp_fields(opened(file)[1])
        assert set(fields) == LICENSING_FIELDS
        assert fields["Web Statement of Rights"] == item_page
        assert fields["Licensor URL"] == item_page
        assert fields["Data Mining"] == DATA_MINING_PROHIBITED


def test_a_rendition_asked_for_later_carries_the_metadata_too():
    submission = displayable_submission(kind=Kind.PHOTO, credit_line="Bo")
    photo = with_photo(submission)
    publish_public_files(submission)
    photo.refresh_from_db()

    for spec in ("fill-300x300|format-png", "width-200|format-jpeg"):
        rendition = photo.image.get_rendition(spec)
        data, image = opened(rendition.file)
        assert xmp_fields(image)["Credit Line"] == "Bo"
        assert_nothing_but_xmp(data, image)

"""Editors can add the blocks to a page in the Wagtail admin."""

import pytest

from .helpers import gallery_page, gallery_value

pytestmark = pytest.mark.django_db


def test_the_page_editor_opens_with_a_gallery_block(client, moderator):
    block, value = gallery_value()
    page = gallery_page(("ugc_gallery", block.get_prep_value(value)))
    client.force_login(moderator)
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert "UGC gallery" in response.content.decode()

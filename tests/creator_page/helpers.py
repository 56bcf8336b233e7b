"""Links and tokens for the creator's page tests."""

import time

from django.core import signing

from wagtail_ugc.links import CREATOR_PAGE_SALT, creator_page_token
from wagtail_ugc.links import _address_check as address_check


def page_path(creator, name="creator_page", **kwargs):
    from django.urls import reverse

    return reverse(
        f"wagtail_ugc:{name}", kwargs={"token": creator_page_token(creator), **kwargs}
    )


class SignerInThePast(signing.TimestampSigner):
    def __init__(self, seconds_ago, **kwargs):
        super().__init__(**kwargs)
        self.seconds_ago = seconds_ago

    def timestamp(self):
        return signing.b62_encode(int(time.time() - self.seconds_ago))


def token_made_ago(creator, seconds, salt=CREATOR_PAGE_SALT):
    """A genuine token, as if e-mailed ``seconds`` ago."""
    return SignerInThePast(seconds, salt=salt).sign_object(
        [creator.pk, address_check(creator.email)], compress=False
    )

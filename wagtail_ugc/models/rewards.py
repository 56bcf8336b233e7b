"""Reward codes: a campaign's pool, each code handed to one approved submission.

Codes are kept encrypted (they must be e-mailed later, so a hash alone would
not do) beside a keyed digest that finds duplicates without decrypting
(docs/rewards.md).
"""

import base64
import hashlib
import hmac
import unicodedata
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet  # noqa: F401 - re-exported
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..conf import ugc_settings

#: Longest code accepted into a pool, in characters.
MAX_CODE_LENGTH = 64
#: How many of a code's last characters moderators see (at most half the code).
HINT_LENGTH = 4


# Storage of the codes: encrypted, with a keyed digest --------------------------


def normalise_code(code):
    """The code as stored: Unicode NFKC, without surrounding white space."""
    return unicodedata.normalize("NFKC", str(code)).strip()


def _derive(secret, purpose):
    material = secret.encode() if isinstance(secret, str) else bytes(secret)
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(
        material
    )


@lru_cache(maxsize=8)
def _keys(configured, secrets):
    """``(Fernet keys, digest keys)``, newest first, from the settings' values."""
    if configured:
        fernet_keys = [
            key.encode() if isinstance(key, str) else key for key in configured
        ]
    else:
        fernet_keys = [
            base64.urlsafe_b64encode(_derive(secret, b"wagtail-ugc reward code key"))
            for secret in secrets
        ]
    digest_keys = [
        _derive(key, b"wagtail-ugc reward code digest") for key in fernet_keys
    ]
    return [Fernet(key) for key in fernet_keys], digest_keys


def code_keys():
    """The Fernets and digest keys in use, newest first (docs/rewards.md, "Keys")."""
    secrets = (settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", ()))
    return _keys(tuple(ugc_settings.REWARD_CODE_KEYS or ()), tuple(secrets))


def encrypt_code(code):
    fernets, _digest_keys = code_keys()
    return MultiFernet(fernets).encrypt(normalise_code(code).encode()).decode()


def decrypt_code(ciphertext):
    """The code; ``cryptography.fernet.InvalidToken`` if no key in use decrypts it."""
    fernets, _digest_keys = code_keys()
    return MultiFernet(fernets).decrypt(ciphertext.encode()).decode()


def code_digests(code):
    """The code's digest under each key, newest first: the first is stored.

    Case-insensitive: shops mostly treat codes so, and two codes that differ
    only in case would reach two creators as one.
    """
    _fernets, digest_keys = code_keys()
    folded = normalise_code(code).casefold().encode()
    return [hmac.new(key, folded, hashlib.sha256).hexdigest() for key in digest_keys]


def code_hint(code):
    code = normalise_code(code)
    return code[-min(HINT_LENGTH, len(code) // 2) :] if len(code) > 1 else ""


class RewardCode(models.Model):
    campaign = models.ForeignKey(
        "wagtail_ugc.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="reward_codes",
    )
    #: Keyed digest of the normalised code: the same code is never pooled twice.
    code_digest = models.CharField(max_length=64, editable=False)
    code_ciphertext = models.TextField(editable=False)
    #: The code's last characters, for moderators telling codes apart.
    code_hint = models.CharField(_("code ends with"), max_length=8, editable=False)
    #: Set once, in the approval's transaction; never cleared, so a code given
    #: out stays given even if its submission is later erased.
    submission = models.OneToOneField(
        "wagtail_ugc.Submission",
        verbose_name=_("submission"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reward_code",
    )
    assigned_at = models.DateTimeField(_("handed out"), null=True, blank=True)
    #: Set before the e-mail goes, so it goes once.
    sent_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("reward code")
        verbose_name_plural = _("reward codes")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "code_digest"], name="ugc_reward_code_unique"
            ),
        ]
        indexes = [
            models.Index(
                fields=["campaign", "assigned_at"], name="ugc_reward_free_idx"
            ),
        ]

    def __str__(self):
        return f"…{self.code_hint}"

    @property
    def code(self):
        """The code itself; ``InvalidToken`` if no key in use decrypts it."""
        return decrypt_code(self.code_ciphertext)

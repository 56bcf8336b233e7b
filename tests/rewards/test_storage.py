"""Codes are stored encrypted with keys that can be rotated, and found as duplicates by a keyed digest."""

import pytest
from cryptography.fernet import Fernet, InvalidToken

from wagtail_ugc.models import RewardCode
from wagtail_ugc.models.rewards import code_digests, code_hint, decrypt_code
from wagtail_ugc.rewards.pool import add_codes

from ..factories import CampaignFactory

pytestmark = pytest.mark.django_db


def test_codes_are_stored_encrypted_and_come_back():
    campaign = CampaignFactory()
    add_codes(campaign, ["  SUMMER-2026-ABCD  "])
    (code,) = RewardCode.objects.all()
    assert "SUMMER" not in code.code_ciphertext
    assert "SUMMER" not in code.code_digest
    assert code.code == "SUMMER-2026-ABCD"
    assert code.code_hint == "ABCD"
    assert str(code) == "…ABCD"


def test_the_hint_is_never_more_than_half_the_code():
    assert code_hint("ABCDEFGH") == "EFGH"
    assert code_hint("ABCD") == "CD"
    assert code_hint("AB") == "B"
    assert code_hint("A") == ""


def test_a_new_secret_key_still_reads_codes_with_the_old_one_as_fallback(settings):
    campaign = CampaignFactory()
    settings.SECRET_KEY = "old-secret-" + "x" * 40
    add_codes(campaign, ["OLD-CODE-1"])
    settings.SECRET_KEY = "new-secret-" + "y" * 40
    settings.SECRET_KEY_FALLBACKS = ["old-secret-" + "x" * 40]
    (code,) = RewardCode.objects.all()
    assert code.code == "OLD-CODE-1"
    # A duplicate stored under the old key is still found.
    result = add_codes(campaign, ["old-code-1", "NEW-CODE-1"])
    assert (result.added, result.duplicates_in_pool) == (1, 1)
    new = RewardCode.objects.exclude(pk=code.pk).get()
    assert new.code == "NEW-CODE-1"
    # Without the fallback the old code cannot be read.
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(InvalidToken):
        decrypt_code(RewardCode.objects.get(pk=code.pk).code_ciphertext)


def test_configured_keys_rotate_newest_first(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    campaign = CampaignFactory()
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "REWARD_CODE_KEYS": [old]}
    add_codes(campaign, ["FIRST-CODE"])
    first = RewardCode.objects.get()
    assert Fernet(old.encode()).decrypt(first.code_ciphertext.encode()) == b"FIRST-CODE"
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "REWARD_CODE_KEYS": [new, old]}
    add_codes(campaign, ["SECOND-CODE"])
    second = RewardCode.objects.exclude(pk=first.pk).get()
    assert (
        Fernet(new.encode()).decrypt(second.code_ciphertext.encode()) == b"SECOND-CODE"
    )
    assert first.code == "FIRST-CODE" and second.code == "SECOND-CODE"
    # Re-encrypted under the newest key, the old one can go.
    from wagtail_ugc.rewards.pool import reencrypt_codes

    assert reencrypt_codes() == 2
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "REWARD_CODE_KEYS": [new]}
    assert RewardCode.objects.get(pk=first.pk).code == "FIRST-CODE"
    assert add_codes(campaign, ["first-code"]).duplicates_in_pool == 1


def test_digests_ignore_case_and_surrounding_space_and_depend_on_the_key(settings):
    assert code_digests("abc-1")[0] == code_digests("  ABC-1\t")[0]
    before = code_digests("ABC-1")[0]
    settings.SECRET_KEY = "another-" + "z" * 40
    assert code_digests("ABC-1")[0] != before


def test_a_ciphertext_from_elsewhere_is_refused():
    with pytest.raises(InvalidToken):
        decrypt_code(Fernet(Fernet.generate_key()).encrypt(b"X").decode())


def test_the_system_check_tells_when_no_key_reads_the_codes(settings):
    from wagtail_ugc.checks import check_reward_code_keys, check_reward_codes_readable

    add_codes(CampaignFactory(), ["SOME-CODE"])
    assert check_reward_codes_readable(None, databases=["default"]) == []
    settings.SECRET_KEY = "rotated-without-fallback-" + "q" * 30
    (error,) = check_reward_codes_readable(None, databases=["default"])
    assert error.id == "wagtail_ugc.E101"
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "REWARD_CODE_KEYS": ["not a key"]}
    assert [e.id for e in check_reward_code_keys()] == ["wagtail_ugc.E100"]

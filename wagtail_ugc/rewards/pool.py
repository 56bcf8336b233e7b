"""A campaign's pool of reward codes: adding codes (pasted or from a CSV file) and counting them.

Every code is checked before it is stored; what is wrong with a line is said
in the editor's language and nothing is half-added. Codes are stored
encrypted, with a keyed digest that finds duplicates (``models.rewards``,
docs/rewards.md).
"""

import csv
import io
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from ..models import Campaign, RewardCode
from ..models.rewards import (
    MAX_CODE_LENGTH,
    code_digests,
    code_hint,
    decrypt_code,
    encrypt_code,
    normalise_code,
)

#: Largest CSV file or paste accepted, in bytes.
MAX_IMPORT_BYTES = 1024 * 1024
#: Most codes added at once.
MAX_IMPORT_CODES = 20_000
#: First cells taken for a header row, not a code (compared case-insensitively).
HEADER_WORDS = {"code", "codes", "reward code", "reward codes", "coupon", "voucher"}
#: How many faulty lines are listed; the rest are counted.
LISTED_PROBLEMS = 20
# What a spreadsheet would run as a formula if the code were exported again.
FORMULA_STARTS = ("=", "+", "-", "@")


class ImportRefused(ValueError):
    """The file or paste as a whole cannot be read; the message says why, translated."""


@dataclass
class AddResult:
    """What ``add_codes`` did: how many codes it added, and what it left out and why."""

    added: int = 0
    #: Codes already in the campaign's pool.
    duplicates_in_pool: int = 0
    #: Codes given more than once in this paste or file (counted after the first).
    duplicates_in_input: int = 0
    #: ``(line number, message)`` of the first ``LISTED_PROBLEMS`` faulty lines.
    problems: list = field(default_factory=list)
    #: Faulty lines in all.
    invalid: int = 0

    @property
    def duplicates(self):
        return self.duplicates_in_pool + self.duplicates_in_input


def codes_left(campaign):
    """How many of the campaign's codes are still free to hand out."""
    return RewardCode.objects.filter(
        campaign=campaign, assigned_at__isnull=True
    ).count()


def pool_counts(campaign):
    """``{"total", "left", "handed_out", "emailed"}`` of the campaign's pool."""
    codes = RewardCode.objects.filter(campaign=campaign)
    total = codes.count()
    left = codes.filter(assigned_at__isnull=True).count()
    return {
        "total": total,
        "left": left,
        "handed_out": total - left,
        "emailed": codes.filter(sent_at__isnull=False).count(),
    }


def problem_with(code):
    """Why ``code`` (normalised) cannot be a reward code, or ``None``."""
    if not code:
        return None
    if len(code) > MAX_CODE_LENGTH:
        return gettext("The code is longer than %d characters.") % MAX_CODE_LENGTH
    if not code.isprintable():
        return gettext("The code contains control characters or line breaks.")
    if code.startswith(FORMULA_STARTS):
        return (
            gettext("The code starts with “%s”, which spreadsheets run as a formula.")
            % code[0]
        )
    return None


def add_codes(campaign, codes):
    """Add ``codes`` (strings, in order) to the pool of ``campaign``; an ``AddResult``.

    Blank entries are skipped, surrounding white space dropped; faulty codes,
    codes given twice and codes already in the pool are counted and left out.
    Raises ``ImportRefused`` beyond ``MAX_IMPORT_CODES`` codes.
    """
    result = AddResult()
    wanted = {}  # stored digest -> (code, every digest)
    for number, raw in enumerate(codes, start=1):
        code = normalise_code(raw)
        if not code:
            continue
        problem = problem_with(code)
        if problem:
            result.invalid += 1
            if len(result.problems) < LISTED_PROBLEMS:
                result.problems.append((number, problem))
            continue
        digests = code_digests(code)
        if digests[0] in wanted:
            result.duplicates_in_input += 1
            continue
        wanted[digests[0]] = (code, digests)
        if len(wanted) > MAX_IMPORT_CODES:
            raise ImportRefused(
                gettext("Add at most %d codes at once.") % MAX_IMPORT_CODES
            )
    if not wanted:
        return result
    # A code stored under an older key has an older digest: look for all.
    known = set()
    all_digests = [digest for _code, digests in wanted.values() for digest in digests]
    for start in range(0, len(all_digests), 500):
        known.update(
            RewardCode.objects.filter(
                campaign=campaign, code_digest__in=all_digests[start : start + 500]
            ).values_list("code_digest", flat=True)
        )
    new = []
    for digest, (code, digests) in wanted.items():
        if known.intersection(digests):
            result.duplicates_in_pool += 1
            continue
        new.append(
            RewardCode(
                campaign=campaign,
                code_digest=digest,
                code_ciphertext=encrypt_code(code),
                code_hint=code_hint(code),
            )
        )
    try:
        with transaction.atomic():
            RewardCode.objects.bulk_create(new, batch_size=500)
            _rearm_low_warning(campaign)
    except IntegrityError:
        # Someone added some of the same codes meanwhile: add one by one.
        for code in new:
            try:
                with transaction.atomic():
                    code.pk = None
                    code.save()
            except IntegrityError:
                result.duplicates_in_pool += 1
                continue
            result.added += 1
        _rearm_low_warning(campaign)
        return result
    result.added = len(new)
    return result


def _rearm_low_warning(campaign):
    """Once the pool is above its warning level again, the next time it runs low is told."""
    if codes_left(campaign) > campaign.reward_low_at:
        Campaign.objects.filter(
            pk=campaign.pk, reward_low_warned_at__isnull=False
        ).update(reward_low_warned_at=None)


def reencrypt_codes(batch_size=500):
    """Encrypt every code, and its digest, under the newest key; how many.

    After a new key is put first (``REWARD_CODE_KEYS`` or ``SECRET_KEY``),
    this lets the old one be dropped (docs/rewards.md, "Keys"). Raises
    ``InvalidToken`` if a code cannot be read with any key in use.
    """
    done = 0
    last = 0
    while True:
        codes = list(RewardCode.objects.filter(pk__gt=last).order_by("pk")[:batch_size])
        if not codes:
            return done
        for code in codes:
            plain = decrypt_code(code.code_ciphertext)
            code.code_ciphertext = encrypt_code(plain)
            code.code_digest = code_digests(plain)[0]
        with transaction.atomic():
            RewardCode.objects.bulk_update(codes, ["code_ciphertext", "code_digest"])
        done += len(codes)
        last = codes[-1].pk


def codes_from_text(text):
    """The lines of a paste, one code per line."""
    if len(text.encode("utf-8", "replace")) > MAX_IMPORT_BYTES:
        raise ImportRefused(_too_big_message())
    if "\x00" in text:
        raise ImportRefused(gettext("The text contains binary data."))
    return text.splitlines()


def codes_from_csv(uploaded):
    """The first column of a CSV file (a Django ``UploadedFile``), without a header row."""
    if uploaded.size is not None and uploaded.size > MAX_IMPORT_BYTES:
        raise ImportRefused(_too_big_message())
    data = uploaded.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportRefused(_too_big_message())
    if b"\x00" in data:
        raise ImportRefused(gettext("This is not a CSV file: it contains binary data."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(
            gettext("This is not a UTF-8 text file. Save the CSV file as UTF-8.")
        ) from None
    # Spreadsheets save with commas, semicolons or tabs: the first line's
    # most frequent one (csv.Sniffer guesses wrongly on a column or two).
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    codes = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            codes.append(row[0] if row else "")
    except csv.Error as error:
        raise ImportRefused(
            gettext("The CSV file cannot be read: %s") % error
        ) from None
    if codes and normalise_code(codes[0]).casefold() in HEADER_WORDS:
        codes[0] = ""  # A header row; kept as a blank line so line numbers match.
    return codes


def _too_big_message():
    return gettext("Add at most %d kB of codes at once.") % (MAX_IMPORT_BYTES // 1024)

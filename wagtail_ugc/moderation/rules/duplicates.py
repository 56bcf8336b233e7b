"""Finding earlier submissions with the same or nearly the same photo or text.

Exact copies are found by the SHA-256 of the received bytes. Near copies are
found by Hamming distance between 64-bit hashes (a perceptual hash for
photos, a simhash for text). To avoid comparing against every earlier hash,
each hash is cut into 8 slices of 8 bits stored in ``DuplicateSearchKey``
(indexed), and only hashes sharing a slice are compared. Two hashes at most 7
bits apart always share a slice (pigeonhole); 8 bits apart, they do unless
every slice differs in exactly one bit (about 1 in 260).
"""

from django.utils.translation import gettext as _

from ...models import DuplicateSearchKey, Submission, SubmissionPhoto
from .findings import Finding
from .images import hamming_distance

#: Photos whose perceptual hashes differ in at most this many of 64 bits are
#: near-duplicates (recompressed, resized, lightly edited).
PHOTO_DISTANCE = 6
#: Texts whose fingerprints differ in at most this many bits are near-duplicates
#: (a few words added or changed); unrelated texts differ in 15 or more.
TEXT_DISTANCE = 8

#: Hex digits per slice of a 64-bit hash: 2 digits make 8 slices.
SLICE_DIGITS = 2


def search_keys(prefix, hex_hash, digits):
    """``("p", "0a1b…", 2)`` → ``["p00a", "p11b", …]``: slice position and value."""
    return [
        f"{prefix}{position}{hex_hash[start : start + digits]}"
        for position, start in enumerate(range(0, len(hex_hash), digits))
    ]


def photo_keys(photo):
    return search_keys("p", photo.perceptual_hash, SLICE_DIGITS)


def text_keys(fingerprint):
    return search_keys("t", fingerprint, SLICE_DIGITS)


def store_search_keys(submission, photos):
    """Index a submission's photo hashes and text fingerprint (idempotent)."""
    DuplicateSearchKey.objects.filter(submission=submission).delete()
    rows = [
        DuplicateSearchKey(submission=submission, photo=photo, key=key)
        for photo in photos
        if photo.perceptual_hash
        for key in photo_keys(photo)
    ]
    if submission.text_fingerprint:
        rows += [
            DuplicateSearchKey(submission=submission, key=key)
            for key in text_keys(submission.text_fingerprint)
        ]
    DuplicateSearchKey.objects.bulk_create(rows)


def _describe(other):
    return _("#%(number)s (%(status)s)") % {
        "number": other.pk,
        "status": other.get_moderation_status_display(),
    }


def exact_photo_matches(submission, photos):
    """``{photo: {other submission id, …}}`` for photos received byte for byte before."""
    hashes = {}
    for photo in photos:
        if photo.received_sha256:
            hashes.setdefault(photo.received_sha256, []).append(photo)
    if not hashes:
        return {}
    earlier = (
        SubmissionPhoto.objects.filter(received_sha256__in=hashes)
        .exclude(submission=submission)
        .values_list("received_sha256", "submission_id")
    )
    matches = {}
    for sha, other_id in earlier:
        for photo in hashes[sha]:
            matches.setdefault(photo, set()).add(other_id)
    return matches


def similar_photos(submission, photos, exact_matches):
    hashed = [p for p in photos if p.perceptual_hash]
    if not hashed:
        return []
    wanted = {key: photo for photo in hashed for key in photo_keys(photo)}
    candidates = (
        # The "p" prefix of the keys already selects photos; filtering on
        # photo_id too would lead the database to the wrong index.
        DuplicateSearchKey.objects.filter(key__in=wanted)
        .exclude(submission=submission)
        .values_list("key", "submission_id", "photo__perceptual_hash")
        .distinct()
    )
    matches = {}
    for key, other_id, other_hash in candidates:
        photo = wanted[key]
        if other_id in exact_matches.get(photo, ()):
            continue
        distance = hamming_distance(photo.perceptual_hash, other_hash)
        if distance <= PHOTO_DISTANCE:
            matches.setdefault(photo, set()).add(other_id)
    return _photo_findings("similar_photo", photos, matches)


def _photo_findings(code, photos, matches):
    if not matches:
        return []
    others = Submission.objects.in_bulk(
        {other for ids in matches.values() for other in ids}
    )
    findings = []
    for number, photo in enumerate(photos, start=1):
        ids = sorted(matches.get(photo, ()))
        if not ids:
            continue
        where = ", ".join(_describe(others[i]) for i in ids[:5] if i in others)
        if code == "duplicate_photo":
            reason = _(
                "Photo %(number)d is the same file as a photo in submission %(where)s."
            )
        else:
            reason = _(
                "Photo %(number)d looks nearly the same as a photo in submission %(where)s."
            )
        findings.append(Finding(code, reason % {"number": number, "where": where}))
    return findings


def photo_duplicate_findings(submission, photos):
    """Flags for photos sent before, byte for byte or nearly."""
    exact = exact_photo_matches(submission, photos)
    return _photo_findings("duplicate_photo", photos, exact) + similar_photos(
        submission, photos, exact
    )


def text_duplicate_findings(submission):
    fingerprint = submission.text_fingerprint
    if not fingerprint:
        return []
    candidates = (
        DuplicateSearchKey.objects.filter(key__in=text_keys(fingerprint))
        .exclude(submission=submission)
        .values_list("submission_id", "submission__text_fingerprint")
        .distinct()
    )
    near = sorted(
        other_id
        for other_id, other_fingerprint in candidates
        if other_fingerprint
        and hamming_distance(fingerprint, other_fingerprint) <= TEXT_DISTANCE
    )
    if not near:
        return []
    others = Submission.objects.in_bulk(near[:5])
    where = ", ".join(_describe(others[i]) for i in near[:5] if i in others)
    return [
        Finding(
            "duplicate_text",
            _("The text is the same or nearly the same as in submission %(where)s.")
            % {"where": where},
        )
    ]

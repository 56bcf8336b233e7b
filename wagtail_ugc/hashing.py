"""Keyed hashes of personal data: comparable, but not reversible without the site's secret.

The consent ledger keeps a hash of the creator's address (proof that
survives erasure) and of the client's IP (``client_ip()``, which the rate
limits count by too); the rate limits count per hashed address. All of them
use one salt: ``IP_HASH_SALT``, else one derived from ``SECRET_KEY``.
"""

import hashlib
import hmac
import ipaddress

from django.conf import settings

from .conf import ugc_settings

#: Longest user agent kept as consent evidence.
MAX_USER_AGENT_LENGTH = 300


def _salt():
    salt = ugc_settings.IP_HASH_SALT or ("wagtail-ugc:" + settings.SECRET_KEY)
    return salt.encode("utf-8")


def keyed_hash(value):
    """A salted HMAC-SHA256: comparable, but not reversible without the secret."""
    return hmac.new(_salt(), value.encode("utf-8"), hashlib.sha256).hexdigest()


def subject_hash(email):
    """The hash that identifies a creator in the ledger, whatever the address's case or spaces."""
    return keyed_hash("email:" + email.strip().lower())


def client_ip(request):
    """The visitor's IP address, for the rate limits and the consent ledger; "" if unknown.

    The address the connection came from (``REMOTE_ADDR``), unless the site
    names the header its own proxies put the client's address in
    (``TRUSTED_PROXY_HEADER``): then the entry ``TRUSTED_PROXY_COUNT`` from
    the right, the one the outermost proxy of the site's own wrote. Entries
    further left are whatever the client sent, so they are never used; a
    header that is missing, too short or not an address falls back to
    ``REMOTE_ADDR``.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    header = ugc_settings.TRUSTED_PROXY_HEADER
    if not header:
        return remote
    entries = [entry.strip() for entry in request.headers.get(header, "").split(",")]
    count = ugc_settings.TRUSTED_PROXY_COUNT
    if len(entries) < count:
        return remote
    try:
        return str(ipaddress.ip_address(entries[-count]))
    except ValueError:
        return remote


def network_evidence(request):
    """The hashed IP and the user agent of ``request``, as the ledger keeps them."""
    if request is None:
        return {"ip_hash": "", "user_agent": ""}
    ip = client_ip(request)
    return {
        "ip_hash": keyed_hash("ip:" + ip) if ip else "",
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:MAX_USER_AGENT_LENGTH],
    }

"""The one way social import reads the network: one GET, bounded in time and size, to public addresses.

Every address is checked before it is connected to, redirects included:
http or https only, and (unless ``IMPORT_ALLOW_PRIVATE_ADDRESSES``) only
addresses on the public internet, so an import source cannot make the
server read from inside its own network. The connection goes to the very
address that was checked, so a name that resolves differently a second
time changes nothing. The whole fetch, from the first connection to the
last byte, has ``IMPORT_TIMEOUT_SECONDS``; the body is read in pieces and
refused as soon as it passes its limit. No compression is asked for, so
the bytes counted are the bytes kept.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.utils.translation import gettext_lazy as _

from ...conf import ugc_settings
from ..errors import RefusedInput

USER_AGENT = "wagtail-ugc social import (+https://github.com/wagtail-ugc/wagtail-ugc)"
MAX_REDIRECTS = 3
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
CHUNK_BYTES = 64 * 1024


class ImportFailed(RefusedInput):
    """Something a source or a post cannot give us; ``message`` is translated and short."""


@dataclass(frozen=True)
class Fetched:
    url: str
    status: int  # 200, or 304 when a conditional GET found nothing new
    body: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""


def fetch(url, *, max_bytes, accept="*/*", etag="", last_modified=""):
    """GET ``url``: a ``Fetched``, or ``ImportFailed`` saying what went wrong."""
    deadline = time.monotonic() + ugc_settings.IMPORT_TIMEOUT_SECONDS
    headers = {"User-Agent": USER_AGENT, "Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    for _redirect in range(MAX_REDIRECTS + 1):
        connection, response = _get(url, headers, deadline)
        try:
            if response.status in REDIRECT_STATUSES:
                location = response.getheader("Location") or ""
                if not location:
                    raise ImportFailed(_("The server redirected nowhere."), "redirect")
                url = urljoin(url, location.strip())
                continue
            if response.status == 304:
                return Fetched(
                    url=url, status=304, etag=etag, last_modified=last_modified
                )
            if response.status != 200:
                raise ImportFailed(
                    _("The server answered with HTTP status %(status)s.")
                    % {"status": response.status},
                    "status",
                )
            body = _read_limited(response, max_bytes, deadline)
            return Fetched(
                url=url,
                status=200,
                body=body,
                content_type=(response.getheader("Content-Type") or "").lower(),
                etag=(response.getheader("ETag") or "")[:200],
                last_modified=(response.getheader("Last-Modified") or "")[:100],
            )
        finally:
            connection.close()
    raise ImportFailed(_("The server redirected too many times."), "redirect")


def checked_address(url):
    """``(scheme, host, port, ip)`` for a URL we may read, or ``ImportFailed`` saying why not."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise _refuse_address() from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ImportFailed(_("Only http and https addresses can be read."), "scheme")
    host = parts.hostname
    if not host:
        raise _refuse_address()
    port = port or (443 if scheme == "https" else 80)
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise ImportFailed(_("The server's name could not be found."), "dns") from None
    addresses = [info[4][0] for info in found]
    if not addresses:
        raise ImportFailed(_("The server's name could not be found."), "dns")
    if not ugc_settings.IMPORT_ALLOW_PRIVATE_ADDRESSES and not all(
        _is_public(address) for address in addresses
    ):
        raise ImportFailed(
            _(
                "The address is private or local; import sources read public "
                "addresses only."
            ),
            "private_address",
        )
    return scheme, host, port, addresses[0]


def _is_public(address):
    ip = ipaddress.ip_address(address.split("%")[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _refuse_address():
    return ImportFailed(_("This is not a web address that can be read."), "address")


class _CheckedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, whatever the name resolves to now."""

    def __init__(self, host, port, ip, timeout):
        super().__init__(host, port, timeout=timeout)
        self.checked_ip = ip

    def connect(self):
        self.sock = socket.create_connection((self.checked_ip, self.port), self.timeout)


class _CheckedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, ip, timeout):
        super().__init__(host, port, timeout=timeout)
        self.checked_ip = ip

    def connect(self):
        sock = socket.create_connection((self.checked_ip, self.port), self.timeout)
        # The certificate is checked against the name, as a browser would.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _get(url, headers, deadline):
    scheme, host, port, ip = checked_address(url)
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection_class = (
        _CheckedHTTPSConnection if scheme == "https" else _CheckedHTTPConnection
    )
    connection = connection_class(host, port, ip, timeout=_remaining(deadline))
    try:
        connection.request("GET", target, headers=headers)
        # Kept: http.client lets go of a socket the answer will close.
        sock = connection.sock
        response = connection.getresponse()
        response.checked_sock = sock
        return connection, response
    except BaseException as error:
        connection.close()
        raise _failure(error) from None


def _read_limited(response, max_bytes, deadline):
    length = response.getheader("Content-Length") or ""
    if length.isdigit() and int(length) > max_bytes:
        raise _too_large(max_bytes)
    body = bytearray()
    try:
        while True:
            response.checked_sock.settimeout(_remaining(deadline))
            # read1: what has arrived, so a server sending a byte at a time
            # cannot hold us past the deadline.
            chunk = response.read1(CHUNK_BYTES)
            if not chunk:
                return bytes(body)
            body += chunk
            if len(body) > max_bytes:
                raise _too_large(max_bytes)
    except ImportFailed:
        raise
    except BaseException as error:
        raise _failure(error) from None


def _remaining(deadline):
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _timed_out()
    return remaining


def _timed_out():
    return ImportFailed(
        _("The server did not answer within %(seconds)s seconds.")
        % {"seconds": ugc_settings.IMPORT_TIMEOUT_SECONDS},
        "timeout",
    )


def _too_large(max_bytes):
    return ImportFailed(
        _("The answer is larger than %(kilobytes)s kB.")
        % {"kilobytes": max_bytes // 1024},
        "too_large",
    )


def _failure(error):
    """A network error as a short, translated reason; anything else is raised as it is."""
    if isinstance(error, ImportFailed):
        return error
    if isinstance(error, TimeoutError | socket.timeout):
        return _timed_out()
    if isinstance(error, ssl.SSLError | ssl.CertificateError):
        return ImportFailed(_("The server's certificate could not be checked."), "tls")
    if isinstance(error, http.client.HTTPException | ValueError):
        return ImportFailed(_("The server's answer is not valid HTTP."), "http")
    if isinstance(error, OSError):
        return ImportFailed(_("The server could not be reached."), "connection")
    raise error

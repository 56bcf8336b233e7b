"""Ports and answers of the tests' own local servers (loopback only).

Ports come from ``UGC_TEST_PORTS`` (``first-last``) when it is set, so a test
run can keep to the ports it was given; otherwise the system picks one.
"""

import os
import socket
import urllib.request
from urllib.error import HTTPError

HOST = "127.0.0.1"


def free_port():
    """A port nothing listens on: from ``UGC_TEST_PORTS`` if set, else any."""
    wanted = os.environ.get("UGC_TEST_PORTS")
    candidates = [0]
    if wanted:
        first, _dash, last = wanted.partition("-")
        candidates = range(int(first), int(last or first) + 1)
    for port in candidates:
        with socket.socket() as probe:
            try:
                probe.bind((HOST, port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise RuntimeError(f"no free port in UGC_TEST_PORTS={wanted}")


def status_of(url):
    """The status of an anonymous GET, as a browser or a crawler sees it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own local servers
            return response.status
    except HTTPError as error:
        return error.code

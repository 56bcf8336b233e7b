"""A local double of a CDN's purge API, the one fake in these tests: the CDN is an external edge.

Wagtail's ``HTTPBackend`` sends ``PURGE <path>`` with the page's ``Host``
header to the URL it is configured with, as Varnish and CDNs' HTTP purge
endpoints take it. This server answers 200 to each and records it.

Its port comes from ``tests.ports.free_port``.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from ..ports import free_port


class PurgeAPI:
    def __init__(self):
        self.requests = []
        self._lock = threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self):  # noqa: N802 - the HTTP method's name
                with api._lock:
                    api.requests.append(
                        (self.command, self.headers.get("Host"), self.path)
                    )
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        if self.thread.is_alive():
            self.server.shutdown()
            self.server.server_close()

    def purged(self):
        """The (host, path) pairs purged so far."""
        with self._lock:
            return sorted({(host, path) for _method, host, path in self.requests})

    def forget(self):
        with self._lock:
            self.requests.clear()

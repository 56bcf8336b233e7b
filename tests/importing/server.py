"""A local fake of the far end of social import: a feed host, a Mastodon server, an image host.

A real HTTP server on 127.0.0.1 in a thread (the true external edge is
replaced, nothing else). ``routes`` maps a path to what it answers: a
``Reply``, or a function of the request handler that writes its own answer
(slow servers, Mastodon's query parameters). Every request is recorded.
"""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from ..ports import HOST, free_port


@dataclass
class Reply:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/xml"
    headers: dict = field(default_factory=dict)


class FakeServer:
    def __init__(self):
        self.routes = {}
        self.requests = []
        self.port = free_port()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                parts = urlsplit(self.path)
                self.query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                server.requests.append((parts.path, self.query, dict(self.headers)))
                route = server.routes.get(parts.path)
                if route is None:
                    return self.reply(Reply(b"not here", 404, "text/plain"))
                if callable(route):
                    return route(self)
                return self.reply(route)

            def reply(self, reply):
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(reply.body)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                try:
                    self.wfile.write(reply.body)
                except OSError:
                    pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer((HOST, self.port), Handler)
        # A client that hangs up at its limit is what several tests expect.
        self.httpd.handle_error = lambda request, address: None
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path):
        return f"http://{HOST}:{self.port}{path}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def paths_requested(self):
        return [path for path, _query, _headers in self.requests]


def trickle(chunks, pause):
    """A handler answering 200 but sending its body a piece at a time, slowly."""

    def handle(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/xml")
        handler.end_headers()
        try:
            for chunk in chunks:
                handler.wfile.write(chunk)
                handler.wfile.flush()
                time.sleep(pause)
        except OSError:
            pass

    return handle


def endless(handler):
    """A body with no end, sent as fast as it is read (no Content-Length)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.end_headers()
    chunk = b"<item><title>x</title></item>" * 2000
    try:
        for _ in range(100_000):
            handler.wfile.write(chunk)
    except OSError:
        pass

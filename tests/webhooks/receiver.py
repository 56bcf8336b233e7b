"""A real HTTP receiver on 127.0.0.1 for the webhook tests: it records each request and answers as told.

``answers`` is the script: each request takes the next one (the last repeats):
an HTTP status, ``"hang"`` (sleep past the sender's timeout, then 200) or
``"redirect"`` (302 to ``/elsewhere/``, which would record it too).
"""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from wagtail_ugc.webhooks import WebhookVerificationError, verify

from ..ports import HOST, free_port

HANG_SECONDS = 2.5


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes
    verified: dict | None
    error: str = ""


@dataclass
class Receiver:
    secret: str
    answers: list = field(default_factory=lambda: [200])
    requests: list = field(default_factory=list)
    delay: float = 0
    url: str = ""

    def take_answer(self):
        with self._lock:
            return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]

    def record(self, handler, body):
        try:
            payload, error = verify(self.secret, handler.headers, body), ""
        except WebhookVerificationError as failure:
            payload, error = None, str(failure)
        with self._lock:
            self.requests.append(
                Received(
                    handler.path,
                    {k.lower(): v for k, v in handler.headers.items()},
                    body,
                    payload,
                    error,
                )
            )

    @property
    def payloads(self):
        return [r.verified for r in self.requests if r.verified is not None]

    def start(self):
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.record(self, body)
                answer = receiver.take_answer()
                if receiver.delay:
                    time.sleep(receiver.delay)
                if answer == "hang":
                    time.sleep(HANG_SECONDS)
                    answer = 200
                if answer == "redirect":
                    self.send_response(302)
                    self.send_header("Location", "/elsewhere/")
                    self.end_headers()
                    return
                self.send_response(answer)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"x" * 5000 if answer >= 400 else b"ok")

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer((HOST, free_port()), Handler)
        self._server.daemon_threads = True
        self.url = f"http://{HOST}:{self._server.server_port}/hook/"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

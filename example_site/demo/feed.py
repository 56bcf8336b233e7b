"""The demo's social feed: an RSS feed at /demo/feed.xml, and an import source that reads it.

The feed stands in for a social network: three posts with photos (generated
by Pillow, like the rest of the demo), served by the example site itself.
``load`` adds the import source "Demo feed" pointing at
http://127.0.0.1:$PORT/demo/feed.xml (PORT as ``make demo`` uses, default
8000) and polls it once with the real import code, so the queue shows found
content right after ``make demo``. The site is not running yet at that
moment, so the same feed is served for that one poll from a small server on
that port; if something already listens there (the site, say), it is read
from there. Later polls are the scheduler's (``manage.py ugc_import_social``)
or the "Poll now" button's.

The import source reads 127.0.0.1 because the example site turns on
``IMPORT_ALLOW_PRIVATE_ADDRESSES`` (see its settings).
"""

import os
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from xml.sax.saxutils import escape

from django.http import Http404, HttpResponse

from wagtail_ugc.intake.importing.polling import poll
from wagtail_ugc.models import Campaign, ImportSource

from .content.galleries import sample_photo

SOURCE_NAME = "Demo feed"
HOST = "127.0.0.1"

POSTS = [
    # number, author, caption, tags
    (
        1,
        "Maja Holm",
        "First light over the tarn. #SummerTrails",
        ["SummerTrails", "lakes"],
    ),
    (2, "Tomás Ruiz", "Camp two, and the rain finally stopped.", ["SummerTrails"]),
    (3, "Yuki Tanaka", "The ridge path <b>after</b> the storm.", ["ridges"]),
]


def port():
    return int(os.environ.get("PORT") or 8000)


def feed_url(base):
    return f"{base}/demo/feed.xml"


def feed_xml(base):
    items = []
    for number, author, caption, tags in POSTS:
        categories = "".join(f"<category>{escape(tag)}</category>" for tag in tags)
        items.append(
            "<item>"
            f"<title>{escape(caption)}</title>"
            f"<link>https://social.example/@trailfriends/{number}</link>"
            f"<guid>https://social.example/@trailfriends/{number}</guid>"
            f"<dc:creator>{escape(author)}</dc:creator>"
            f'<enclosure url="{base}/demo/feed/{number}.jpg" type="image/jpeg" length="0"/>'
            f"{categories}</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        "<title>Trail friends</title><link>https://social.example/@trailfriends</link>"
        f"<language>en</language>{''.join(items)}</channel></rss>"
    ).encode()


def image_bytes(number):
    if number not in {post[0] for post in POSTS}:
        return None
    return sample_photo((1200, 900), number % 3, 700 + number)


def feed_view(request):
    base = f"{request.scheme}://{request.get_host()}"
    return HttpResponse(feed_xml(base), content_type="application/rss+xml")


def image_view(request, number):
    data = image_bytes(number)
    if data is None:
        raise Http404
    return HttpResponse(data, content_type="image/jpeg")


class _FeedHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        base = f"http://{HOST}:{self.server.server_port}"
        if self.path == "/demo/feed.xml":
            self._answer(feed_xml(base), "application/rss+xml")
        elif self.path.startswith("/demo/feed/") and self.path.endswith(".jpg"):
            number = self.path.removeprefix("/demo/feed/").removesuffix(".jpg")
            data = image_bytes(int(number)) if number.isdigit() else None
            if data is None:
                self.send_error(404)
            else:
                self._answer(data, "image/jpeg")
        else:
            self.send_error(404)

    def _answer(self, body, content_type):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def load(stdout):
    campaign = Campaign.objects.filter(slug="summer-trails").first()
    source, made = ImportSource.objects.get_or_create(
        name=SOURCE_NAME,
        defaults={
            "kind": "rss",
            "url": feed_url(f"http://{HOST}:{port()}"),
            "campaign": campaign,
            "poll_minutes": 60,
        },
    )
    if source.submissions.exists():
        return
    try:
        server = HTTPServer((HOST, port()), _FeedHandler)
    except OSError:
        server = None  # something listens there already: read the feed from it
    if server is not None:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
    try:
        result = poll(source)
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
    if source.last_error:
        stdout.write(
            f"Social import: the demo feed could not be read: {source.last_error}"
        )
    else:
        stdout.write(
            f"Social import: {result.found} posts found in the demo feed, "
            "waiting in the queue for a rights request."
        )

"""Load run against the production stack (``make stack``): photo ingest, visitors, bursts of submissions.

Starts the stack (stack.Stack: PostgreSQL, Redis, moto's S3 API, a task
worker, gunicorn) on loopback ports of its own, with a database and a Redis
database made afresh, or uses a site already running (``--url``); then, each
step bounded in time and requests, and the stack stopped at the end:

1. ``ingest``: ``--photos`` phone-size photos (12 MP JPEG, ~6.7 MB) are
   sent through the form, four uploads at a time, and the worker processes
   them. Reported: photos per second per core, from the worker's CPU time,
   and end to end (first upload to last processed, wall clock), beside the
   Pillow floor of ``bench_ingest`` (CPU time of one photo, same run). Then,
   as a moderator in the queue, each photo gets alt text and is approved
   (through the workflow), and the time until the worker has made every
   rendition is reported.
2. ``gallery``: a page with one gallery block of those ``--photos`` photos,
   as visitors get it (from the page cache), the same page rendered for
   every request, and the naive ``{% image %}`` loop over the same photos
   (the last two from ``example_site/demo/bench.py``, routed only with
   UGC_BENCH_PAGES=1). Each takes ``--users`` concurrent visitors for
   ``--duration`` seconds (locust; each visitor asks again as soon as it has
   its answer): p50/p95 beside one visitor's warm request, pages per
   second, the app's CPU time per page, and errors, which must be 0.
3. ``submissions``: ``--burst`` reviews, then as many small photos, sent at
   the same moment from one address: accepted must be ≤ RATE_LIMIT_PER_IP.
   Where the site trusts a proxy header (TRUSTED_PROXY_HEADER), the same
   from as many addresses: all accepted. Every accepted submission (a
   redirect to the thank-you page) must have its row: lost must be 0. The
   per-address counters in Redis are reset before each burst, so that each
   starts from an empty hour.

Usage::

    make load LOAD_ARGS='--duration 60'          # installs locust in .venv-load
    python -m benchmarks.load --port 8100 --s3-port 9100 --database wagtail_ugc_load
    python -m benchmarks.load --url http://127.0.0.1:8000 --only gallery

With ``--url``, this process's environment must be the site's
(DATABASE_URL, REDIS_URL, ...): rows are counted through the same settings,
and the gallery step needs ``--photos`` displayable photos already there.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import redis
import requests

from benchmarks.bench_ingest import phone_photo, pillow_floor
from benchmarks.burst import at_once, form, jpeg, login
from benchmarks.harness import Row, median_seconds, print_table
from stack import Stack

ROOT = Path(__file__).resolve().parent.parent
LOCUST = ROOT / os.environ.get("LOCUST", ".venv-load/bin/locust")
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
CAMPAIGN = "summer-trails"
SINGLE_VISITOR_ROUNDS = 20
UPLOADS_AT_ONCE = 4


@dataclass
class Site:
    url: str
    #: The task workers' and gunicorn's process ids, for their CPU time
    #: (unknown with --url).
    worker_pids: list
    app_pids: list


@contextmanager
def running_site(args, folder):
    """The stack started on ``args``' ports, stopped afterwards; or the site at ``--url``."""
    if args.url:
        yield Site(args.url.rstrip("/"), [], [])
        return
    # The naive loop's page (demo/bench.py) is routed only with this; the
    # proxy header lets one machine send from many addresses.
    os.environ["UGC_BENCH_PAGES"] = "1"
    os.environ["UGC_TRUSTED_PROXY_HEADER"] = "X-Forwarded-For"
    stack = Stack(
        port=args.port,
        s3_port=args.s3_port,
        database=args.database,
        redis_db=args.redis_db,
        web_workers=args.web_workers,
        data_dir=Path(folder) / "stack",
    )
    sys.stdout.write("starting the stack ...\n")
    with stack:
        # This process reads and counts rows with the stack's own settings.
        os.environ.update(stack.env)
        yield Site(
            stack.site_url,
            [
                process.pid
                for name, process in stack.processes.items()
                if name.startswith("worker")
            ],
            [stack.processes["gunicorn"].pid],
        )


def setup_django():
    sys.path[:0] = [str(ROOT), str(ROOT / "example_site")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_site.settings")
    import django

    django.setup()


# -- measuring -----------------------------------------------------------------


def cpu_seconds(pids):
    """CPU time used so far by ``pids``, their children (gunicorn's workers), and finished ones."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except FileNotFoundError:
            continue  # ended meanwhile
        fields = stat.rsplit(")", 1)[1].split()
        total += sum(int(value) for value in fields[11:15]) / ticks
        total += cpu_seconds([int(child) for child in children])
    return total


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def histogram_percentile(histogram, fraction):
    """The percentile of locust's ``response_times`` (rounded ms -> count)."""
    buckets = sorted((float(ms), count) for ms, count in histogram.items())
    wanted = fraction * sum(count for _ms, count in buckets)
    seen = 0
    for ms, count in buckets:
        seen += count
        if seen >= wanted:
            return ms
    return buckets[-1][0]


def wait_for(what, done, timeout):
    """Poll ``done()`` until true; seconds it took, or fail after ``timeout``."""
    start = time.perf_counter()
    while not done():
        if time.perf_counter() - start > timeout:
            raise RuntimeError(f"{what} not done after {timeout} s")
        time.sleep(0.2)
    return time.perf_counter() - start


# -- submitting ----------------------------------------------------------------


def clear_rate_limits():
    """Forget the per-address and per-e-mail counts: the next burst starts an empty hour."""
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    try:
        for key in client.scan_iter(match="*wagtail_ugc:ratelimit:*", count=1000):
            client.delete(key)
    finally:
        client.close()


def address_headers(index):
    """Headers that make a request come from its own address, if the site trusts a proxy header."""
    from wagtail_ugc.conf import ugc_settings

    header = ugc_settings.TRUSTED_PROXY_HEADER
    if not header:
        return None
    address = f"10.{index // 65536 % 256}.{index // 256 % 256}.{index % 256}"
    proxies = ["127.0.0.1"] * (ugc_settings.TRUSTED_PROXY_COUNT - 1)
    return {header: ", ".join([address, *proxies])}


def submit(site, prefix, index, *, photo=None, headers=None):
    data = form(index, "photo" if photo else "review")
    data["email"] = f"{prefix}{index}@example.com"
    try:
        return requests.post(
            f"{site.url}/ugc/submit/{CAMPAIGN}/",
            data=data,
            files={"photos": ("phone.jpg", photo, "image/jpeg")} if photo else None,
            headers={"Origin": site.url, **(headers or {})},
            allow_redirects=False,
            timeout=300,
        ).status_code
    except requests.RequestException as error:
        return type(error).__name__


def submissions_of(prefix):
    from wagtail_ugc.models import Submission

    return Submission.objects.filter(creator__email__startswith=prefix)


def still_processing(prefix):
    from wagtail_ugc.models.choices import ProcessingState

    return (
        submissions_of(prefix).filter(processing_state=ProcessingState.RECEIVED).count()
    )


# -- 1. ingest -----------------------------------------------------------------


def ingest(site, count, tag):
    from wagtail_ugc.models.choices import ProcessingState

    photo = phone_photo(4032, 3024)
    # CPU time, like the worker's below: other processes on the machine
    # slow both clocks, but not these.
    floor = min(
        median_seconds(lambda: pillow_floor(photo), clock=time.process_time)
        for _ in range(2)
    )
    prefix = f"load-{tag}-ingest-"
    clear_rate_limits()
    own_addresses = address_headers(0) is not None
    cpu_before = cpu_seconds(site.worker_pids)
    start = time.perf_counter()

    def send(index):
        if not own_addresses:
            clear_rate_limits()  # one address: at most RATE_LIMIT_PER_IP an hour
        return submit(
            site, prefix, index, photo=photo, headers=address_headers(1000 + index)
        )

    with ThreadPoolExecutor(UPLOADS_AT_ONCE) as pool:
        statuses = list(pool.map(send, range(count)))
    if statuses.count(302) != count:
        raise RuntimeError(f"ingest: not every upload was accepted: {statuses}")
    wait_for(
        "processing", lambda: not still_processing(prefix), timeout=60 + 10 * count
    )
    wall = time.perf_counter() - start
    worker_cpu = cpu_seconds(site.worker_pids) - cpu_before
    failed = submissions_of(prefix).exclude(processing_state=ProcessingState.READY)
    if failed.exists():
        raise RuntimeError(f"ingest: {failed.count()} photos failed processing")
    rows = []
    if worker_cpu:
        rows.append(
            Row(
                "load",
                f"ingest {count} photos: per worker core (CPU time)",
                count / worker_cpu,
                "photos/s",
                1 / floor,
                "report (floor: Pillow alone)",
            )
        )
    rows.append(
        Row(
            "load",
            f"ingest {count} photos: end to end, upload to processed",
            count / wall,
            "photos/s",
            1 / floor,
            "report",
        )
    )
    rows += approve_and_publish(site, prefix, count)
    return rows


def approve_and_publish(site, prefix, count):
    """As a moderator in the queue: describe each photo, approve; then wait for the renditions."""
    from wagtail_ugc.models import SubmissionPhoto, UGCRendition
    from wagtail_ugc.publication import RENDITION_SPECS

    session = login(site)
    headers = {
        "X-CSRFToken": session.cookies["csrftoken"],
        "X-Requested-With": "XMLHttpRequest",
        "Referer": site.url + "/admin/ugc/queue/",
    }
    submissions = list(submissions_of(prefix).order_by("pk"))
    photos = SubmissionPhoto.objects.filter(submission__in=submissions)
    start = time.perf_counter()
    for submission in submissions:
        queue = f"{site.url}/admin/ugc/queue/{submission.pk}"
        alt_text = {
            f"alt_text-{photo.uuid}": "A striped test pattern"
            for photo in photos
            if photo.submission_id == submission.pk
        }
        for action, data in (("edit", alt_text), ("approve", {})):
            response = session.post(
                f"{queue}/{action}/", data=data, headers=headers, timeout=60
            )
            if response.status_code != 200:
                raise RuntimeError(f"{action} {submission.pk}: {response.text[:300]}")
    approving = time.perf_counter() - start
    renditions = UGCRendition.objects.filter(image__photo__in=photos)
    wanted = len(submissions) * len(RENDITION_SPECS)
    lag = wait_for(
        "renditions", lambda: renditions.count() >= wanted, timeout=60 + 10 * count
    )
    return [
        Row(
            "load",
            f"moderator: alt text + approve {count} in the queue, one by one",
            approving,
            "s",
        ),
        Row(
            "load",
            f"first approval to all {wanted} renditions ready",
            approving + lag,
            "s",
            approving,
            "report",
        ),
    ]


# -- 2. gallery ----------------------------------------------------------------


def gallery_page(count):
    """A page with one gallery block of the ``count`` newest photos, made once; its path."""
    from home.models import ContentPage
    from wagtail.models import Site as WagtailSite

    slug = f"load-gallery-{count}"
    page = ContentPage.objects.filter(slug=slug).first()
    if page is None:
        root = WagtailSite.objects.get(is_default_site=True).root_page
        page = ContentPage(
            title=f"Gallery of {count}",
            slug=slug,
            body=[
                (
                    "ugc_gallery",
                    {
                        "heading": "",
                        "source": "all",
                        "campaign": None,
                        "tags": "",
                        "items": [],
                        "kinds": ["photo"],
                        "max_items": count,
                        "order": "newest",
                        "layout": "grid",
                        "show_captions": True,
                        "show_credits": True,
                        "lightbox": True,
                        "load_more": False,
                    },
                )
            ],
        )
        root.add_child(instance=page)
        page.save_revision().publish()
    return f"/{slug}/"


def single_visitor(site, pages, count):
    """Warm p50 and p95 of one visitor asking for each page in turn, in ms."""
    session = requests.Session()
    for name, (path, marker) in pages.items():
        for _ in range(3):
            response = session.get(site.url + path, timeout=60)
            response.raise_for_status()
        if response.text.count(marker) != count:
            raise RuntimeError(
                f"{name} ({path}) shows {response.text.count(marker)}, not {count}"
            )
    samples = {name: [] for name in pages}
    for _ in range(SINGLE_VISITOR_ROUNDS):
        for name, (path, _marker) in pages.items():
            start = time.perf_counter()
            session.get(site.url + path, timeout=60).raise_for_status()
            samples[name].append((time.perf_counter() - start) * 1000)
    return {
        name: (statistics.median(times), percentile(times, 0.95))
        for name, times in samples.items()
    }


def locust(site, path, users, duration, folder):
    """Run locust on ``path``; its final stats for that page, and the site's CPU time per page."""
    cpu_before = cpu_seconds(site.app_pids)
    out = Path(folder) / f"locust-{len(list(Path(folder).glob('locust-*.json')))}"
    subprocess.run(
        [str(LOCUST), "-f", str(LOCUSTFILE), "--headless", "--skip-log"]
        + ["--users", str(users), "--spawn-rate", str(users)]
        + ["--run-time", f"{duration}s", "--stop-timeout", "30"]
        + ["--host", site.url, "--json-file", str(out), "--exit-code-on-error", "0"],
        env={**os.environ, "LOAD_PATH": path, "LOAD_WAIT": "0"},
        cwd=folder,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=open(f"{out}.log", "w"),  # noqa: SIM115
        timeout=duration + 120,
    )
    cpu = cpu_seconds(site.app_pids) - cpu_before
    [stats] = json.loads(Path(f"{out}.json").read_text())
    elapsed = stats["last_request_timestamp"] - stats["start_time"]
    return {
        "requests": stats["num_requests"],
        "failures": stats["num_failures"],
        "p50": histogram_percentile(stats["response_times"], 0.50),
        "p95": histogram_percentile(stats["response_times"], 0.95),
        "rate": stats["num_requests"] / elapsed if elapsed else 0,
        "cpu_ms": cpu * 1000 / stats["num_requests"] if stats["num_requests"] else 0,
    }


def gallery(site, count, users, duration, folder):
    from wagtail_ugc.models import Submission
    from wagtail_ugc.models.choices import Kind

    shown = Submission.objects.displayable().filter(kind=Kind.PHOTO).count()
    if shown < count:
        raise RuntimeError(f"gallery: {shown} photos are displayable, not {count}")
    page = gallery_page(count)
    items = '<li class="ugc-item ugc-item--photo"'
    pages = {
        # What visitors get: the page cache's copy, where the site has one.
        "gallery page (page cache)": (page, items),
        # The same page rendered for every request (demo/bench.py).
        "gallery block, rendered": (f"/bench/rendered{page}", items),
        "naive {% image %} loop, rendered": (
            f"/bench/naive-gallery/?n={count}",
            "<img ",
        ),
    }
    single = single_visitor(site, pages, count)
    loaded = {
        name: locust(site, path, users, duration, folder)
        for name, (path, _marker) in pages.items()
    }
    reference = "gallery block, rendered"
    rows = []
    for name, result in loaded.items():
        rows += [
            Row(
                "load",
                f"{name}, N={count}, 1 visitor warm: p50",
                single[name][0],
                "ms",
                single[reference][0],
            ),
            Row(
                "load",
                f"{name}, N={count}, {users} visitors: p50",
                result["p50"],
                "ms",
                single[name][0],
                "report",
            ),
            Row(
                "load",
                f"{name}, N={count}, {users} visitors: p95",
                result["p95"],
                "ms",
                single[name][1],
                "report",
            ),
            Row(
                "load",
                f"{name}, N={count}, {users} visitors: pages served",
                result["rate"],
                "req/s",
                loaded[reference]["rate"],
            ),
            Row(
                "load",
                f"{name}, N={count}, {users} visitors: errors "
                f"(of {result['requests']} in {duration} s)",
                result["failures"],
                "errors",
                goal="0",
            ),
        ]
        if site.app_pids:
            rows.append(
                Row(
                    "load",
                    f"{name}, N={count}, {users} visitors: app CPU per page",
                    result["cpu_ms"],
                    "ms",
                    loaded[reference]["cpu_ms"],
                )
            )
    return rows


# -- 3. submissions at once ----------------------------------------------------


def burst(site, count, tag, *, kind, own_addresses):
    from wagtail_ugc.conf import ugc_settings
    from wagtail_ugc.models.choices import ProcessingState

    prefix = f"load-{tag}-{kind}-{'many' if own_addresses else 'one'}-"
    photo = jpeg() if kind == "photo" else None
    clear_rate_limits()
    statuses = at_once(
        count,
        lambda index: submit(
            site,
            prefix,
            index,
            photo=photo,
            headers=address_headers(index) if own_addresses else None,
        ),
    )
    accepted = statuses.count(302)
    limited = statuses.count(429)
    others = sorted({str(s) for s in statuses} - {"302", "429"})
    stored = submissions_of(prefix).count()
    where = f"{count} addresses" if own_addresses else "one address"
    limit = count if own_addresses else ugc_settings.RATE_LIMIT_PER_IP
    case = f"{count} {kind}s at once from {where}"
    rows = [
        Row(
            "load",
            f"{case}: accepted ({limited} refused 429"
            + (f", other: {', '.join(others)})" if others else ")"),
            accepted,
            "submissions",
            limit,
            "= all" if own_addresses else "<= per-IP limit",
        ),
        Row(
            "load",
            f"{case}: lost (accepted, no row)",
            max(0, accepted - stored),
            "submissions",
            goal="0",
        ),
    ]
    if kind == "photo":
        wait_for("processing", lambda: not still_processing(prefix), timeout=60 + count)
        ready = submissions_of(prefix).filter(processing_state=ProcessingState.READY)
        rows.append(
            Row(
                "load",
                f"{case}: processed by the worker",
                ready.count(),
                "submissions",
                accepted,
                "= accepted",
            )
        )
    return rows


def submissions(site, count, tag):
    rows = burst(site, count, tag, kind="review", own_addresses=False)
    rows += burst(site, count, tag, kind="photo", own_addresses=False)
    if address_headers(0) is None:
        sys.stdout.write(
            "submissions: the site trusts no proxy header (TRUSTED_PROXY_HEADER), "
            "so every request comes from one address\n"
        )
        return rows
    rows += burst(site, count, tag, kind="review", own_addresses=True)
    rows += burst(site, count, tag, kind="photo", own_addresses=True)
    return rows


# -- the run -------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a site already running, on loopback")
    parser.add_argument("--port", type=int, default=8100, help="the stack's site")
    parser.add_argument("--s3-port", type=int, default=9100, help="the stack's S3 API")
    parser.add_argument(
        "--database",
        default="wagtail_ugc_load",
        help="PostgreSQL database, made afresh",
    )
    parser.add_argument(
        "--redis-db", type=int, default=14, help="Redis database number, emptied"
    )
    parser.add_argument(
        "--web-workers", type=int, default=2, help="gunicorn's worker processes"
    )
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument("--users", type=int, default=50, help="concurrent visitors")
    parser.add_argument(
        "--photos",
        type=int,
        default=48,
        help="photos ingested, and shown in the gallery",
    )
    parser.add_argument("--burst", type=int, default=200, help="submissions at once")
    parser.add_argument(
        "--only", nargs="+", choices=["ingest", "gallery", "submissions"]
    )
    args = parser.parse_args()
    steps = args.only or ["ingest", "gallery", "submissions"]
    if not LOCUST.exists() and "gallery" in steps:
        sys.exit("locust is missing: `make load` installs it in .venv-load")
    if args.url and urlsplit(args.url).hostname not in LOOPBACK:
        sys.exit("--url must be on loopback: this run is for a local stack")
    tag = time.strftime("%Y%m%d%H%M%S")
    rows = []
    folder = tempfile.mkdtemp(prefix="wagtail-ugc-load-")
    try:
        with running_site(args, folder) as site:
            setup_django()
            if "ingest" in steps:
                sys.stdout.write(f"ingest: {args.photos} phone photos ...\n")
                rows += ingest(site, args.photos, tag)
            if "gallery" in steps:
                sys.stdout.write(
                    f"gallery: {args.users} visitors, {args.duration} s each ...\n"
                )
                rows += gallery(site, args.photos, args.users, args.duration, folder)
            if "submissions" in steps:
                sys.stdout.write(f"submissions: {args.burst} at once ...\n")
                rows += submissions(site, args.burst, tag)
    except BaseException:
        sys.stderr.write(f"The stack's logs and locust's are kept in {folder}\n")
        raise
    shutil.rmtree(folder, ignore_errors=True)
    print_table(rows, sys.stdout)


if __name__ == "__main__":
    main()
